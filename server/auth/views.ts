// Rows as the API shows them: no hashes, camelCase, booleans for states.
import type { ProgrammeRow, SubmissionRow } from '../repositories/programmes.js';
import type { ReviewRow, ReviewScores } from '../repositories/reviews.js';
import type { UserRow } from '../repositories/users.js';

export const toUser = (u: UserRow) => ({
  id: u.id, email: u.email, name: u.name, role: u.role,
  active: u.password_hash !== null, disabled: u.disabled_at !== null, createdAt: u.created_at,
});

export const joinPath = (code: string) => `/join/${code}`;
export const setPasswordPath = (token: string) => `/staff/set-password#${token}`;

export const toProgramme = (p: ProgrammeRow, submissionCount: number) => ({
  id: p.id, name: p.name, kind: p.kind, areas: JSON.parse(p.areas) as string[],
  joinCode: p.join_code, joinPath: joinPath(p.join_code), deadline: p.deadline,
  submissionCount, createdAt: p.created_at,
  reviewsNeeded: p.reviews_needed, showDecisionToStartups: p.show_decision === 1,
  open: programmeOpen(p), archived: p.archived_at !== null,
});

export const toSubmission = (s: SubmissionRow) => ({
  id: s.id, name: s.shared_name ?? '', area: s.area, questionnaireId: s.questionnaire_id,
  sharedAt: s.shared_at!, submittedAt: s.submitted_at, profile: s.profile,
  goalScore: s.goal_score, preconditionScore: s.precondition_score, completeness: s.completeness,
  knockoutCount: s.knockout_count ?? 0, reviewStatus: s.review_status ?? 'submitted', reviewsSubmitted: s.reviews_submitted,
  teamId: s.team_id, attempt: s.attempt, attemptCount: s.attempt_count, latestAttempt: s.attempt_count, latest: s.attempt >= s.attempt_count,
});

export const toReview = (r: ReviewRow) => ({
  id: r.id,
  assessor: { id: r.assessor_id, email: r.assessor_email, name: r.assessor_name },
  scores: JSON.parse(r.scores) as ReviewScores,
  judgement: r.judgement, comment: r.comment, status: r.status,
  updatedAt: r.updated_at, submittedAt: r.submitted_at,
});

/** Whether the deadline (if any) has passed. */
export const pastDeadline = (p: ProgrammeRow, now = new Date()) => p.deadline !== null && new Date(p.deadline) <= now;
/** Whether the programme takes new shares: one rule for the programme view, the join page and the embedded test. */
export const programmeOpen = (p: ProgrammeRow) => !pastDeadline(p) && p.archived_at === null;
