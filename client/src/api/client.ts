// The browser's side of the API. Every failure becomes an ApiError carrying the server's code (which the
// interface translates, logic/errors.ts) and its message (for developers and logs, never shown).
import type { Answers, Locale, Questionnaire } from '../../../core/types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The server's stable name for the kind of error, when it gives one (e.g. database-busy). */
    readonly code?: string,
    /** From Retry-After: how long to wait before sending the same again. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Retry-After in seconds (the form this API sends) as milliseconds; null when absent or a date. */
export function retryAfterMs(header: string | null): number | null {
  return header !== null && /^\d{1,6}$/.test(header.trim()) ? Number(header.trim()) * 1000 : null;
}

/** The one fetch wrapper: JSON in and out, every failure an ApiError with the server's message. */
export async function sendJson<T>(method: string, url: string, body?: unknown, extra: Record<string, string> = {}, keepalive = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body), keepalive });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({ message: res.statusText }));
  if (!res.ok) throw new ApiError(res.status, data.message ?? res.statusText, typeof data.code === 'string' ? data.code : undefined, retryAfterMs(res.headers.get('retry-after')));
  return data as T;
}

/** A respondent's request: the resume (or share) token, when there is one, as a bearer token. */
function request<T>(method: string, url: string, body?: unknown, token?: string, keepalive = false): Promise<T> {
  return sendJson<T>(method, url, body, token ? { authorization: `Bearer ${token}` } : {}, keepalive);
}

export interface QuestionnaireSummary {
  id: string;
  version: string;
  area: string;
  title: { nl: string; en: string };
  intro: { nl: string; en: string };
  questionCount: number;
  estimatedMinutes: number;
  /** The area's quick scan (issue 16), or null when it has none. */
  quickScan: { questionCount: number; estimatedMinutes: number } | null;
}

export interface ResponseState {
  id: string;
  questionnaire: { id: string; version: string; area: string; hash: string };
  status: 'open' | 'submitted';
  locale: Locale;
  answers: Answers;
  revision: number;
  completeness: number;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

export type ReportValue = {
  id: string; dimension: 'goal' | 'precondition'; name: string; description: string; relevance: 1 | 2 | 3;
  score: number | null; status: string;
  contributions: Array<{ question: string; prompt: string; answer: string[]; weight: number; score: number; points: number }>;
  recommendation: Recommendation | null;
  change: number | null;
};

/** An instrument of the report's dictionary; everything else in the report names it by id. */
export type ReportInstrument = { name: string; description: string; url: string | null };

/** `instruments` are ids into `Report['instruments']`. */
export type Recommendation = { step: string; why: string; instruments: string[] };

export type ReportAction = {
  /** Null only for a version-1 report's knock-outs standing in for its action list (core/report-lead.ts). */
  question: string; kind: 'knockout' | 'unknown-risk' | 'improve'; priority: number | null; values: readonly string[];
  prompt: string; answer: string[]; text: string | null; why: string | null;
  /** Ids into `Report['instruments']`. */
  instruments: string[];
};

export interface Report {
  response: {
    id: string; status: string; submittedAt: string | null; updatedAt: string; companyName: string | null;
    /** The newest attempt re-taken from this one; only in the owner's own report. */
    newerAttempt?: { id: string; startedAt: string; status: string } | null;
  };
  questionnaire: { id: string; version: string; area: string; title: string };
  locale: Locale;
  scoringVersion: number;
  profile: string;
  profileCapped: boolean;
  /** The profile G and P alone give without the cap, from the unrounded figures (the server's step 5); equal to profile when the cap changed nothing. */
  uncappedProfile: string;
  completeness: number;
  thresholds: { sufficient: number; attention: number; profileThreshold: number };
  dimensions: { goal: { score: number | null; change: number | null }; precondition: { score: number | null; change: number | null } };
  knockouts: Array<{ question: string; option: string; values: string[]; prompt: string; answer: string; message: string; action: Recommendation | null }>;
  unknownRisks: Array<{ question: string; option: string; values: string[]; prompt: string; answer: string; message: string }>;
  actions: ReportAction[];
  /** Every instrument the report names, once. */
  instruments: Record<string, ReportInstrument>;
  values: ReportValue[];
  answers: Array<{ question: string; prompt: string; answer: string | null; notApplicable: boolean; note: string | null; values?: string[] }>;
  history: Array<{ id: string; submittedAt: string; version: string; profile: string; profileCapped: boolean; goal: number | null; precondition: number | null; values: Record<string, number | null> }>;
  /** Answers that differ from the previous attempt; only in the owner's own report. */
  changes?: AnswerChanges | null;
  shared?: { expiresAt: string };
  /** The signed statement about this report (docs/verification.md); null while open. link and shortLink are paths. */
  attestation?: { code: string; jws: string; issuedAt: string; link: string; shortLink: string } | null;
}

export interface AnswerChanges {
  against: { id: string; submittedAt: string };
  count: number;
  sections: Array<{
    id: string;
    title: string;
    changes: Array<{ question: string; prompt: string; kind: 'changed' | 'answered' | 'cleared' | 'new-question' | 'removed-question'; before: string | null; after: string | null }>;
  }>;
}

export interface ShareLink {
  id: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

type Started = { id: string; token: string; resumePath: string; response: ResponseState; dropped: string[]; droppedPlanItems?: string[] };

/** Fetches a file the API serves (export, PDF) with the token, and hands it to the browser as a download. */
export async function download(url: string, token: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (!res.ok) {
    const data = await res.json().catch(() => ({ message: res.statusText }));
    throw new ApiError(res.status, data.message ?? res.statusText, typeof data.code === 'string' ? data.code : undefined, retryAfterMs(res.headers.get('retry-after')));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export const api = {
  questionnaires: () => request<QuestionnaireSummary[]>('GET', '/api/questionnaires'),
  start: (questionnaireId: string, locale: Locale) =>
    request<{ id: string; token: string; resumePath: string; response: ResponseState }>('POST', '/api/responses', { questionnaireId, locale }),
  response: (id: string, token: string) => request<ResponseState>('GET', `/api/responses/${id}`, undefined, token),
  questionnaireOf: (id: string, token: string) => request<Questionnaire>('GET', `/api/responses/${id}/questionnaire`, undefined, token),
  save: (id: string, token: string, answers: Record<string, Answers[string] | null>, locale: Locale, keepalive = false) =>
    request<{ revision: number; updatedAt: string; completeness: number }>('PATCH', `/api/responses/${id}/answers`, { answers, locale }, token, keepalive),
  submit: (id: string, token: string, body?: { peerConsent: boolean }) => request<ResponseState>('POST', `/api/responses/${id}/submit`, body, token),
  report: (id: string, token: string, locale: Locale) => request<Report>('GET', `/api/responses/${id}/report?locale=${locale}`, undefined, token),
  remove: (id: string, token: string) => request<void>('DELETE', `/api/responses/${id}`, undefined, token),
  /** The programme this response is shared with, if any (to explain a refused deletion). */
  sharedWith: (id: string, token: string) =>
    request<{ programme: { name: string; deadline: string | null } | null }>('GET', `/api/responses/${id}/programme`, undefined, token).then((s) => s.programme),
  setCompanyName: (id: string, token: string, companyName: string | null) => request<ResponseState>('PATCH', `/api/responses/${id}`, { companyName }, token),
  retake: (id: string, token: string) => request<Started>('POST', `/api/responses/${id}/retake`, undefined, token),
  importExport: (file: unknown) => request<Started>('POST', '/api/responses/import', file),
  shares: (id: string, token: string) => request<ShareLink[]>('GET', `/api/responses/${id}/shares`, undefined, token),
  createShare: (id: string, token: string, expiresInDays: number) =>
    request<ShareLink & { token: string; path: string }>('POST', `/api/responses/${id}/shares`, { expiresInDays }, token),
  revokeShare: (id: string, token: string, shareId: string) => request<ShareLink>('DELETE', `/api/responses/${id}/shares/${shareId}`, undefined, token),
  sharedReport: (shareToken: string, locale: Locale) => request<Report>('GET', `/api/shared/report?locale=${locale}`, undefined, shareToken),
  download: (id: string, token: string, kind: 'report.pdf' | 'report.docx' | 'export.json' | 'export.csv', locale: Locale) =>
    download(`/api/responses/${id}/${kind}?locale=${locale}`, token, `zelftoets.${kind.split('.')[1]}`),
};
