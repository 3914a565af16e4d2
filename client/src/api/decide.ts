// The browser's side of assignment, the to-do list and decisions (issue 14, item 4).
import { sendJson } from './client.js';
import { staffRequest as request } from './staff.js';

export type Outcome = 'fund' | 'fund_with_conditions' | 'decline';
export const OUTCOMES: Outcome[] = ['fund', 'fund_with_conditions', 'decline'];
export interface Person { id: string; email: string; name: string }
export interface Assignee extends Person { assignedAt: string; reviewStatus: 'draft' | 'submitted' | null }
export interface Decision { outcome: Outcome; rationale: string; version: number; decidedAt: string; decidedBy: string | null }
export interface ComparedValue {
  id: string; name: { nl: string; en: string };
  reviews: Array<{ assessorId: string; score: number | null; comment: string }>;
  mean: number | null; spread: number | null; flagged: boolean;
}
export interface DecisionView {
  submission: { id: string; name: string; area: string; sharedAt: string | null };
  programme: { id: string; name: string; reviewsNeeded: number; showDecisionToStartups: boolean };
  quorum: { needed: number; submitted: number; reached: boolean };
  reviewers: Array<Person & { judgement: string | null; comment: string }>;
  comparison: null | {
    threshold: number; values: ComparedValue[];
    judgements: Array<{ assessorId: string; judgement: string | null; comment: string }>; judgementsDiffer: boolean;
  };
  decision: Decision | null;
  history: Decision[];
  assignees: Assignee[];
  assessors: Person[];
  canDecide: boolean;
  canAssign: boolean;
}
export interface Task {
  submission: { id: string; name: string; area: string; sharedAt: string | null };
  programme: { id: string; name: string; deadline: string | null };
  assignedAt: string;
  reviewStatus: 'draft' | 'submitted' | null;
}
export interface StartupDecision { programme: string; outcome: Outcome; rationale: string; decidedAt: string }

export const decideApi = {
  tasks: () => request<{ items: Task[] }>('GET', '/api/me/tasks'),
  view: (id: string) => request<DecisionView>('GET', `/api/submissions/${id}/decision`),
  decide: (id: string, outcome: Outcome, rationale: string) => request<DecisionView>('PUT', `/api/submissions/${id}/decision`, { outcome, rationale }),
  assign: (id: string, assessorId: string) => request<{ assignees: Assignee[] }>('POST', `/api/submissions/${id}/assignments`, { assessorId }),
  unassign: (id: string, userId: string) => request<void>('DELETE', `/api/submissions/${id}/assignments/${userId}`),
  roundRobin: (programmeId: string) => request<{ assigned: Array<{ submissionId: string; assessorId: string }> }>('POST', `/api/programmes/${programmeId}/assignments/round-robin`, {}),
  settings: (programmeId: string, body: { reviewsNeeded: number; showDecisionToStartups: boolean }) => request<unknown>('PATCH', `/api/programmes/${programmeId}`, body),
  forStartup: (id: string, token: string) => sendJson<{ decision: StartupDecision | null }>('GET', `/api/responses/${id}/decision`, undefined, { authorization: `Bearer ${token}` }),
};
