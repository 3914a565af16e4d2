// The action plan of a response (issue 16): adopted actions with owner, due date and status.
import type { Locale } from '../../../core/types.js';
import { download, sendJson } from './client.js';

export type PlanStatus = 'open' | 'in_progress' | 'done' | 'dropped';

export interface PlanItem {
  id: string;
  questionId: string;
  prompt: string;
  kind: string;
  values: string[];
  owner: string;
  dueDate: string | null;
  status: PlanStatus;
  dropReason: string | null;
  note: string;
  evidenceUrl: string | null;
  carriedFrom: string | null;
  createdAt: string;
  updatedAt: string;
  overdue: boolean;
  onActionList: boolean;
  change: { kind: string; before: string | null; after: string | null } | null;
  valueChanges: Array<{ id: string; name: string; score: number | null; change: number | null }>;
  suggestDone: boolean;
}

export interface Plan {
  previousAttempt: { id: string; submittedAt: string } | null;
  items: PlanItem[];
}

export type PlanChange = Partial<Pick<PlanItem, 'owner' | 'dueDate' | 'status' | 'dropReason' | 'note' | 'evidenceUrl'>>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const base = (id: string) => `/api/responses/${id}/plan`;

export const planApi = {
  get: (id: string, token: string, locale: Locale) => sendJson<Plan>('GET', `${base(id)}?locale=${locale}`, undefined, bearer(token)),
  save: (id: string, token: string, questionId: string, change: PlanChange, locale: Locale) =>
    sendJson<Plan>('PUT', `${base(id)}/${questionId}?locale=${locale}`, change, bearer(token)),
  remove: (id: string, token: string, questionId: string, locale: Locale) =>
    sendJson<Plan>('DELETE', `${base(id)}/${questionId}?locale=${locale}`, undefined, bearer(token)),
  download: (id: string, token: string, kind: 'csv' | 'ics', locale: Locale) =>
    download(`/api/responses/${id}/plan.${kind}?locale=${locale}`, token, `zelftoets-plan.${kind}`),
};
