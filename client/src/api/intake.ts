// A programme's accepted versions and its own unscored questions (issue 17, programme part).
import { staffRequest, type Sharing } from './staff.js';

type Text = { nl: string; en: string };
export interface ProgrammeQuestion {
  id: string;
  kind: 'text' | 'choice';
  prompt: Text;
  required: boolean;
  options?: Array<{ id: string; label: Text }>;
}
export type VersionRule = { minimum: string } | { majors: number[] };
export interface Intake { acceptedVersions: Record<string, VersionRule>; questions: ProgrammeQuestion[] }
export interface AnsweredQuestion { id: string; prompt: Text; answer: string | null; answerLabel: Text | null }

export const intakeApi = {
  get: (programmeId: string) => staffRequest<Intake>('GET', `/api/programmes/${programmeId}/intake`),
  save: (programmeId: string, intake: Intake) => staffRequest<Intake>('PUT', `/api/programmes/${programmeId}/intake`, intake),
  /** Sharing with the answers to the programme's questions (respondent, resume token). */
  share: (id: string, token: string, code: string, name: string, programmeAnswers: Record<string, string>) =>
    staffRequest<Sharing>('PUT', `/api/responses/${id}/programme`, { code, name, confirm: true, programmeAnswers }, { authorization: `Bearer ${token}` }),
};
