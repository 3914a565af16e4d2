// The browser's side of the API. Every failure becomes an ApiError carrying the server's message.
import type { Answers, Locale, Questionnaire } from '../../../core/types.js';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function request<T>(method: string, url: string, body?: unknown, token?: string, keepalive = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), keepalive });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({ message: res.statusText }));
  if (!res.ok) throw new ApiError(res.status, data.message ?? res.statusText);
  return data as T;
}

export interface QuestionnaireSummary {
  id: string;
  version: string;
  area: string;
  title: { nl: string; en: string };
  intro: { nl: string; en: string };
  questionCount: number;
  estimatedMinutes: number;
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
  contributions: Array<{ question: string; prompt: string; answer: string[]; weight: number; score: number }>;
  recommendation: null | { step: string; why: string; instruments: Array<{ id: string; name: string; description: string; url: string | null }> };
};

export interface Report {
  response: { id: string; status: string; submittedAt: string | null; updatedAt: string };
  questionnaire: { id: string; version: string; area: string; title: string };
  locale: Locale;
  profile: string;
  completeness: number;
  thresholds: { sufficient: number; attention: number; profileThreshold: number };
  dimensions: { goal: { score: number | null }; precondition: { score: number | null } };
  knockouts: Array<{ question: string; option: string; values: string[]; prompt: string; answer: string; message: string }>;
  values: ReportValue[];
  answers: Array<{ question: string; prompt: string; answer: string | null; notApplicable: boolean; note: string | null }>;
}

export const api = {
  questionnaires: () => request<QuestionnaireSummary[]>('GET', '/api/questionnaires'),
  start: (questionnaireId: string, locale: Locale) =>
    request<{ id: string; token: string; resumePath: string; response: ResponseState }>('POST', '/api/responses', { questionnaireId, locale }),
  response: (id: string, token: string) => request<ResponseState>('GET', `/api/responses/${id}`, undefined, token),
  questionnaireOf: (id: string, token: string) => request<Questionnaire>('GET', `/api/responses/${id}/questionnaire`, undefined, token),
  save: (id: string, token: string, answers: Record<string, Answers[string] | null>, locale: Locale, keepalive = false) =>
    request<{ revision: number; updatedAt: string; completeness: number }>('PATCH', `/api/responses/${id}/answers`, { answers, locale }, token, keepalive),
  submit: (id: string, token: string) => request<ResponseState>('POST', `/api/responses/${id}/submit`, undefined, token),
  report: (id: string, token: string, locale: Locale) => request<Report>('GET', `/api/responses/${id}/report?locale=${locale}`, undefined, token),
  remove: (id: string, token: string) => request<void>('DELETE', `/api/responses/${id}`, undefined, token),
};
