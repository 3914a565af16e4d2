// Logic of the assessor's review screen, without JSX: score fields as Dutch and English people type
// them, what a draft may be saved as, which status changes are open now, and the answers per value.
import type { Locale } from '../../../core/types.js';
import type { Report } from '../api/client.js';
import type { Judgement, Review, ReviewScores, ReviewStatus } from '../api/staff.js';
import { nextStatuses } from './staff.js';

/**
 * A score typed in a field: 0..100 with at most one decimal, after a comma ("55,5") or a point
 * ("55.5"); empty means "no score". Undefined when it is not such a number.
 */
export function parseScoreInput(input: string): number | null | undefined {
  const s = input.trim();
  if (s === '') return null;
  const m = /^(\d{1,3})(?:[.,](\d))?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]) + (m[2] ? Number(m[2]) / 10 : 0);
  return n <= 100 ? n : undefined;
}

/** A stored score as the field shows it: "55,5" in Dutch, "55.5" in English. */
export function scoreInputText(n: number | null, locale: Locale): string {
  if (n === null) return '';
  const s = String(Math.round(n * 10) / 10);
  return locale === 'nl' ? s.replace('.', ',') : s;
}

export type Draft = Record<string, { score: string; comment: string }>;
export interface ReviewDraft {
  scores: Draft;
  judgement: Judgement | null;
  comment: string;
}

export function draftOf(review: Review | null, locale: Locale): ReviewDraft {
  const scores: Draft = {};
  for (const [id, s] of Object.entries(review?.scores ?? {})) scores[id] = { score: scoreInputText(s.score, locale), comment: s.comment };
  return { scores, judgement: review?.judgement ?? null, comment: review?.comment ?? '' };
}

/** One problem with the form, named so the error summary can link to its field. */
export interface DraftError {
  field: string;
  kind: 'score' | 'judgement';
  value?: string;
}

/**
 * The body to send, or every problem at once (the summary names them all, not the first). A draft
 * may leave the judgement open; submitting may not.
 */
export function reviewBody(
  values: Array<{ id: string; name: string }>, draft: ReviewDraft, submit: boolean,
): { ok: true; body: { scores: ReviewScores; judgement: Judgement | null; comment: string; submit: boolean } } | { ok: false; errors: DraftError[] } {
  const scores: ReviewScores = {};
  const errors: DraftError[] = [];
  for (const v of values) {
    const d = draft.scores[v.id];
    if (!d) continue;
    const score = parseScoreInput(d.score);
    if (score === undefined) errors.push({ field: `score-${v.id}`, kind: 'score', value: v.name });
    else if (score !== null || d.comment.trim()) scores[v.id] = { score, comment: d.comment.trim() };
  }
  if (submit && !draft.judgement) errors.push({ field: 'judgement-positive', kind: 'judgement' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, body: { scores, judgement: draft.judgement, comment: draft.comment.trim(), submit } };
}

/** Whether two drafts would save the same review (what "unsaved changes" compares). */
export function sameDraft(a: ReviewDraft, b: ReviewDraft): boolean {
  const norm = (d: ReviewDraft) => {
    const scores = Object.entries(d.scores)
      .filter(([, s]) => s.score.trim() || s.comment.trim())
      .map(([id, s]) => [id, parseScoreInput(s.score) ?? s.score.trim(), s.comment.trim()])
      .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    return JSON.stringify([scores, d.judgement, d.comment.trim()]);
  };
  return norm(a) === norm(b);
}

export interface StatusOption {
  to: ReviewStatus;
  allowed: boolean;
  /** Why it is not allowed now, shown beside the disabled button. */
  reason?: 'review-required';
}

/** The status changes the server accepts from here, each either open now or closed with its reason. */
export function statusOptions(from: ReviewStatus, reviewsSubmitted: number): StatusOption[] {
  return nextStatuses(from).map((to) => (to === 'reviewed' && reviewsSubmitted === 0 ? { to, allowed: false, reason: 'review-required' } : { to, allowed: true }));
}

export type ReportAnswer = Report['answers'][number] & { values?: string[] };
export interface MarkedAnswer extends ReportAnswer {
  /** The knock-out message when this answer violates a precondition. */
  knockout: string | null;
  unknownRisk: string | null;
  /** Full score, and no note says where it shows: a claim the assessor may want evidence for (core/evidence.ts). */
  unbacked: boolean;
}

/**
 * The startup's answers per value, in questionnaire order, knock-outs and unknown risks marked; a
 * question counting for two values appears under both. Answers that count for no value (context,
 * evidence in words) come last under `other`.
 */
export function answersByValue(
  report: Pick<Report, 'answers' | 'knockouts' | 'unknownRisks' | 'values'>,
  /** The server's claimsWithoutEvidence: full-score ladder answers without a note. */
  unbacked: ReadonlySet<string> = new Set(),
): { byValue: Map<string, MarkedAnswer[]>; other: MarkedAnswer[] } {
  const ko = new Map(report.knockouts.map((k) => [k.question, k.message]));
  const risk = new Map(report.unknownRisks.map((k) => [k.question, k.message]));
  const byValue = new Map<string, MarkedAnswer[]>(report.values.map((v) => [v.id, []]));
  const other: MarkedAnswer[] = [];
  for (const a of report.answers as ReportAnswer[]) {
    const marked: MarkedAnswer = {
      ...a, knockout: ko.get(a.question) ?? null, unknownRisk: risk.get(a.question) ?? null, unbacked: unbacked.has(a.question),
    };
    const homes = (a.values ?? []).filter((v) => byValue.has(v));
    if (homes.length === 0) other.push(marked);
    for (const v of homes) byValue.get(v)!.push(marked);
  }
  return { byValue, other };
}
