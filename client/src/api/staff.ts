// The browser's side of the staff API. The session lives in an httpOnly cookie the page cannot read;
// the CSRF token that must accompany every write comes from /api/auth/me or the login answer and is
// kept in memory only.
import type { Locale } from '../../../core/types.js';
import { sendJson, type Report } from './client.js';

/** Accounts per page on the users page. */
export const USERS_PAGE = 50;

export type Role = 'admin' | 'manager' | 'assessor' | 'editor';
export type ReviewStatus = 'submitted' | 'in_review' | 'reviewed';
export type Judgement = 'positive' | 'conditional' | 'negative';

export interface StaffUser { id: string; email: string; name: string; role: Role; active: boolean; disabled: boolean; createdAt: string }
export interface PasswordLink { setPasswordPath: string; expiresAt: string }
/** What became of a mail a request wrote; null: none was written (the recipient's hourly bound). */
export type MailOutcome = { state: 'queued' | 'outbox' | 'failed'; error: string | null } | null;
export interface MailEntry {
  id: string; to: string; locale: string; template: string; subject: string; text: string;
  state: 'queued' | 'sent' | 'failed' | 'outbox'; attempts: number; lastError: string | null; nextAttemptAt: string | null; createdAt: string; sentAt: string | null;
}
export interface Programme {
  id: string; name: string; kind: 'subsidy' | 'cohort'; areas: string[]; joinCode: string; joinPath: string;
  deadline: string | null; submissionCount: number; createdAt: string;
  /** False after the deadline or while archived. */
  open: boolean; archived: boolean;
}
export interface ProgrammeDetail extends Programme { members: StaffUser[] }
export interface SubmissionSummary {
  id: string; name: string; area: string; questionnaireId: string; sharedAt: string; submittedAt: string | null;
  profile: string | null; goalScore: number | null; preconditionScore: number | null; completeness: number | null;
  knockoutCount: number; reviewStatus: ReviewStatus; reviewsSubmitted: number;
  teamId: string; attempt: number; attemptCount: number; latestAttempt: number; latest: boolean;
}
export type ReviewScores = Record<string, { score: number | null; comment: string }>;
export interface Review {
  id: string; assessor: { id: string; email: string; name: string }; scores: ReviewScores; judgement: Judgement | null;
  comment: string; status: 'draft' | 'submitted'; updatedAt: string; submittedAt: string | null;
}
export interface SubmissionDetail {
  submission: SubmissionSummary;
  programme: { id: string; name: string };
  report: Report;
  ownReview: Review | null;
  otherReviews: Review[];
  othersHidden: number;
  canReview: boolean;
  canChangeStatus: boolean;
  audit: Array<{ at: string; actor: string; action: string; detail: Record<string, unknown> }>;
  /** Only when the startup consented to show its address to the programme. */
  startupContact?: { email: string } | null;
  /** The programme's own questions with the startup's answers (issue 17). */
  programmeAnswers?: import('./intake.js').AnsweredQuestion[];
  /** Full-score ladder answers without a note: claims to ask evidence for (core/evidence.ts). */
  claimsWithoutEvidence?: string[];
}
export interface JoinInfo {
  code: string; name: string; kind: 'subsidy' | 'cohort'; deadline: string | null; open: boolean;
  questionnaires: Array<{ id: string; area: string; title: { nl: string; en: string } }>;
  /** The programme's own unscored questions (issue 17), answered when sharing. */
  questions?: import('./intake.js').ProgrammeQuestion[];
}
export interface Sharing { programme: JoinInfo | null; name: string | null; sharedAt: string | null; withdrawnAt: string | null }

let csrfToken: string | null = null;

/** A staff request: the session cookie goes by itself; writes add the session's CSRF token. */
export function staffRequest<T>(method: string, url: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
  return sendJson<T>(method, url, body, method !== 'GET' && csrfToken ? { ...extra, 'x-csrf-token': csrfToken } : extra);
}
const request = staffRequest;

/** Makes sure a write can carry the CSRF token, asking the server for the session once if needed. */
export async function ensureCsrf(): Promise<void> {
  if (!csrfToken) csrfToken = (await staffApi.me()).csrfToken;
}

const remember = <T extends { csrfToken: string }>(s: T) => {
  csrfToken = s.csrfToken;
  return s;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const staffApi = {
  login: (email: string, password: string) => request<{ user: StaffUser; csrfToken: string }>('POST', '/api/auth/login', { email, password }).then(remember),
  me: () => request<{ user: StaffUser; csrfToken: string }>('GET', '/api/auth/me').then(remember),
  logout: () => request<void>('POST', '/api/auth/logout').then(() => { csrfToken = null; }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ user: StaffUser; csrfToken: string }>('POST', '/api/auth/password', { currentPassword, newPassword }).then(remember),
  passwordToken: (token: string) =>
    request<{ email: string; purpose: 'invite' | 'reset'; invitedBy: string | null; programme: string | null }>('POST', '/api/auth/password-token', { token }),
  /** Sets the password and signs in (the answer is a session, like sign-in's). */
  setPassword: (token: string, password: string) => request<{ user: StaffUser; csrfToken: string }>('POST', '/api/auth/set-password', { token, password }).then(remember),

  /** A page of the accounts in email order; `q` narrows by email or name. */
  users: (q: string, offset: number, limit = USERS_PAGE) =>
    request<{ items: StaffUser[]; total: number; limit: number; offset: number }>('GET', `/api/users?${new URLSearchParams({ ...(q ? { q } : {}), limit: String(limit), offset: String(offset) })}`),
  invite: (email: string, name: string, role: Role, locale: Locale) =>
    request<{ user: StaffUser; link: PasswordLink; mail: MailOutcome; reissued: boolean }>('POST', '/api/users', { email, name, role, locale }),
  forgotPassword: (email: string, locale: Locale) => request<void>('POST', '/api/auth/forgot-password', { email, locale }),
  mail: () => request<{ sending: boolean; mails: MailEntry[] }>('GET', '/api/mail'),
  updateUser: (id: string, changes: { name?: string; role?: Role; disabled?: boolean }) => request<StaffUser>('PATCH', `/api/users/${id}`, changes),
  resetLink: (id: string) => request<PasswordLink>('POST', `/api/users/${id}/reset-link`),

  programmes: (includeArchived = false) => request<Programme[]>('GET', `/api/programmes${includeArchived ? '?archived=include' : ''}`),
  createProgramme: (body: { name: string; kind: 'subsidy' | 'cohort'; areas: string[]; deadline: string | null; allowPastDeadline?: boolean }) =>
    request<Programme>('POST', '/api/programmes', body),
  programme: (id: string) => request<ProgrammeDetail>('GET', `/api/programmes/${id}`),
  updateProgramme: (id: string, body: Partial<{ name: string; kind: 'subsidy' | 'cohort'; areas: string[]; deadline: string | null; allowPastDeadline: boolean; archived: boolean }>) =>
    request<Programme>('PATCH', `/api/programmes/${id}`, body),
  assign: (id: string, email: string, role: Role, name?: string) =>
    request<{ user: StaffUser; link: PasswordLink | null; mail?: MailOutcome; reissued: boolean }>('POST', `/api/programmes/${id}/members`, { email, role, ...(name ? { name } : {}) }),
  reinvite: (id: string, userId: string) =>
    request<{ user: StaffUser; link: PasswordLink | null; mail: MailOutcome }>('POST', `/api/programmes/${id}/members/${userId}/invitation`),
  removeSubmission: (id: string, submissionId: string) => request<void>('DELETE', `/api/programmes/${id}/submissions/${submissionId}`),
  unassign: (id: string, userId: string) => request<void>('DELETE', `/api/programmes/${id}/members/${userId}`),
  submissions: (id: string, query: string) =>
    request<{ items: SubmissionSummary[]; total: number; limit: number; offset: number }>('GET', `/api/programmes/${id}/submissions${query}`),
  exportUrl: (id: string, locale: Locale) => `/api/programmes/${id}/export.csv?locale=${locale}`,
  pdfUrl: (submissionId: string, locale: Locale) => `/api/submissions/${submissionId}/report.pdf?locale=${locale}`,
  docxUrl: (submissionId: string, locale: Locale) => `/api/submissions/${submissionId}/report.docx?locale=${locale}`,

  submission: (id: string, locale: Locale) => request<SubmissionDetail>('GET', `/api/submissions/${id}?locale=${locale}`),
  saveReview: (id: string, body: { scores: ReviewScores; judgement: Judgement | null; comment: string; submit: boolean }) =>
    request<Review>('PUT', `/api/submissions/${id}/review`, body),
  setStatus: (id: string, status: ReviewStatus) => request<SubmissionSummary>('PUT', `/api/submissions/${id}/status`, { status }),

  // Respondents (with their resume token, no session)
  join: (code: string) => request<JoinInfo>('GET', `/api/join/${encodeURIComponent(code)}`),
  sharing: (id: string, token: string) => request<Sharing>('GET', `/api/responses/${id}/programme`, undefined, bearer(token)),
  share: (id: string, token: string, code: string, name: string) =>
    request<Sharing>('PUT', `/api/responses/${id}/programme`, { code, name, confirm: true }, bearer(token)),
  withdraw: (id: string, token: string) => request<Sharing>('DELETE', `/api/responses/${id}/programme`, undefined, bearer(token)),
};
