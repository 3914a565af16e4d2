// CSV that opens correctly in Excel with Dutch regional settings: semicolon separator, decimal
// comma, UTF-8 with a byte-order mark, CRLF line ends. Cells a spreadsheet would read as a formula
// (starting with = + - @, a tab or a carriage return) get a leading apostrophe, so text typed by a
// respondent can never run as a formula on an assessor's machine (CSV/formula injection).
import { text } from '../../core/localize.js';
import type { Locale, ValueDefinition } from '../../core/types.js';
import { decisionFields, type DecisionRecord } from './decision.js';
import { AREA, JUDGEMENT, PROFILE, REVIEW_STATUS, wordFor } from './words.js';

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | null | undefined;

/** Separator and decimal mark: Dutch Excel wants ";" and ","; English spreadsheets "," and ".". */
export interface CsvDialect {
  separator: ';' | ',';
  decimal: ',' | '.';
}
export const DUTCH_EXCEL: CsvDialect = { separator: ';', decimal: ',' };
export const INTERNATIONAL: CsvDialect = { separator: ',', decimal: '.' };
export const dialectFor = (locale: Locale): CsvDialect => (locale === 'nl' ? DUTCH_EXCEL : INTERNATIONAL);

/** A number with the dialect's decimal mark and no thousands separator; null and undefined become empty. */
export function formatNumber(n: number | null | undefined, decimals = 1, dialect: CsvDialect = DUTCH_EXCEL): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  const fixed = Number.isInteger(n) ? String(n) : n.toFixed(decimals).replace(/\.?0+$/, '');
  return fixed.replace('.', dialect.decimal);
}

export function csvCell(value: Cell, dialect: CsvDialect = DUTCH_EXCEL): string {
  // Numbers are ours, never typed by anyone: a negative number stays a number, not a guarded text.
  if (typeof value === 'number') return formatNumber(value, 1, dialect);
  let s = value ?? '';
  if (FORMULA_START.test(s)) s = `'${s}`;
  const needsQuotes = s.includes(dialect.separator) || /["\r\n]/.test(s) || s !== s.trim();
  return needsQuotes ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: Cell[], dialect: CsvDialect = DUTCH_EXCEL) => cells.map((c) => csvCell(c, dialect)).join(dialect.separator);

/** A whole document: BOM, rows joined with CRLF, ending with CRLF. */
export const csvDocument = (rows: Cell[][], dialect: CsvDialect = DUTCH_EXCEL) => BOM + rows.map((r) => csvRow(r, dialect)).join('\r\n') + '\r\n';

// Headers carry at most one pair of parentheses: "Kwaliteit van leven (beoordelaar (gem.))" was
// hard to read and to refer to in a formula.
const HEADERS = {
  nl: {
    name: 'Naam', id: 'Id', area: 'Gebied', sharedAt: 'Gedeeld op', profile: 'Profiel', goal: 'Streefdoelen (zelf)',
    precondition: 'Randvoorwaarden (zelf)', completeness: 'Volledigheid (%)', knockouts: 'Knock-outs', status: 'Beoordelingsstatus',
    team: 'Team-id', attempt: 'Poging', attempts: 'Pogingen gedeeld',
    self: 'zelf', assessorMean: 'gem. beoordelaars', score: 'score', valueComment: 'toelichting', judgement: 'oordeel', comment: 'toelichting',
  },
  en: {
    name: 'Name', id: 'Id', area: 'Area', sharedAt: 'Shared at', profile: 'Profile', goal: 'Goals (self)',
    precondition: 'Preconditions (self)', completeness: 'Completeness (%)', knockouts: 'Knock-outs', status: 'Review status',
    team: 'Team id', attempt: 'Attempt', attempts: 'Attempts shared',
    self: 'self', assessorMean: 'assessors\' mean', score: 'score', valueComment: 'comment', judgement: 'judgement', comment: 'comment',
  },
} as const;

/**
 * A date and time as Excel in the file's locale reads it as a date, in Europe/Amsterdam (the
 * programmes' time zone; a spreadsheet cell has none): Dutch "30-11-2026 03:31", English the ISO
 * order "2026-11-30 03:31", which every Excel reads whatever its regional settings.
 */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((p) => [p.type, p.value]));
  const time = `${parts.hour}:${parts.minute}`;
  return locale === 'nl' ? `${parts.day}-${parts.month}-${parts.year} ${time}` : `${parts.year}-${parts.month}-${parts.day} ${time}`;
}

/** The day in Europe/Amsterdam as YYYY-MM-DD, for a file's name: the UTC day is yesterday's before 01:00/02:00. */
export const amsterdamDay = (date = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

export interface ExportReview {
  assessor: { id: string; email: string; name?: string };
  scores: Record<string, { score: number | null; comment: string }>;
  judgement: string | null;
  comment: string;
}

export interface ExportRow {
  submission: {
    id: string; name: string; area: string; sharedAt: string; profile: string | null; goalScore: number | null;
    preconditionScore: number | null; completeness: number | null; knockoutCount: number; reviewStatus: string;
    /** The re-take chain, the attempt's number in it and the team's attempts shared with the programme (as the list). */
    teamId?: string; attempt?: number; attemptCount?: number;
  };
  values: Array<{ id: string; score: number | null }>;
  /** Answers to the programme's own questions (issue 17), in the order of programmeQuestions. */
  programmeAnswers?: Array<{ answer: string | null; answerLabel: { nl: string; en: string } | null }>;
  /** Only the submitted reviews the person exporting may see (the blind rule is the caller's). */
  reviews: ExportReview[];
  decision?: DecisionRecord | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const assessorLabel = (a: ExportReview['assessor']) => (a.name?.trim() ? `${a.name.trim()}, ${a.email}` : a.email);

/**
 * One row per submission (the caller picks which: by default the team's latest shared attempt, as
 * the list), with its team id and attempt: self score and assessors' mean per value, dimensions, profile, knock-outs,
 * review status, the decision, then per assessor who has a review in the file a score and comment per
 * value, the judgement and the overall comment (empty where they did not review that submission).
 * Codes and dates in the words and format of the file's language; Dutch for Dutch Excel (";" and
 * decimal comma), English with "," and decimal point, as the respondent's CSV.
 */
export function submissionsCsv(input: { values: ValueDefinition[]; locale: Locale; rows: ExportRow[]; programmeQuestions?: Array<{ prompt: { nl: string; en: string } }> }): string {
  const h = HEADERS[input.locale];
  const { locale } = input;
  const valueName = (v: ValueDefinition) => text(v.name, locale);
  // The assessors in the file, by e-mail address (unique): one block of columns each.
  const assessors = new Map<string, ExportReview['assessor']>();
  for (const r of input.rows.flatMap((row) => row.reviews)) if (!assessors.has(r.assessor.id)) assessors.set(r.assessor.id, r.assessor);
  const columnsOf = [...assessors.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));

  const header: Cell[] = [h.name, h.id, h.area, h.sharedAt, h.profile, h.goal, h.precondition, h.completeness, h.knockouts, h.status, h.team, h.attempt, h.attempts];
  header.push(...decisionFields(locale, null).map((f) => f.label));
  for (const v of input.values) header.push(`${valueName(v)} (${h.self})`, `${valueName(v)} (${h.assessorMean})`);
  for (const a of columnsOf) {
    const who = assessorLabel(a);
    for (const v of input.values) header.push(`${who}: ${valueName(v)} (${h.score})`, `${who}: ${valueName(v)} (${h.valueComment})`);
    header.push(`${who}: ${h.judgement}`, `${who}: ${h.comment}`);
  }
  // The programme's own questions last, so the scored columns keep their places.
  for (const q of input.programmeQuestions ?? []) header.push(q.prompt[locale]);

  const rows = input.rows.map(({ submission: s, values, reviews, decision, programmeAnswers }) => {
    const self = new Map(values.map((v) => [v.id, v.score]));
    const cells: Cell[] = [
      s.name, s.id, wordFor(AREA, locale, s.area), formatDateTime(s.sharedAt, locale), s.profile === null ? null : wordFor(PROFILE, locale, s.profile),
      s.goalScore, s.preconditionScore, s.completeness === null ? null : Math.round(s.completeness * 1000) / 10, s.knockoutCount,
      wordFor(REVIEW_STATUS, locale, s.reviewStatus), s.teamId ?? s.id, s.attempt ?? 1, s.attemptCount ?? 1,
    ];
    cells.push(...decisionFields(locale, decision ?? null).map((f) => f.value));
    for (const v of input.values) {
      const given = reviews.map((r) => r.scores[v.id]?.score).filter((x): x is number => typeof x === 'number');
      const m = mean(given);
      cells.push(self.get(v.id) ?? null, m === null ? null : Math.round(m * 10) / 10);
    }
    for (const a of columnsOf) {
      const r = reviews.find((x) => x.assessor.id === a.id);
      for (const v of input.values) cells.push(r?.scores[v.id]?.score ?? null, r?.scores[v.id]?.comment ?? null);
      cells.push(r?.judgement ? wordFor(JUDGEMENT, locale, r.judgement) : null, r?.comment ?? null);
    }
    for (const [i] of (input.programmeQuestions ?? []).entries()) {
      const a = programmeAnswers?.[i];
      cells.push(a?.answerLabel ? a.answerLabel[locale] : a?.answer ?? null);
    }
    return cells;
  });
  return csvDocument([header, ...rows], dialectFor(locale));
}
