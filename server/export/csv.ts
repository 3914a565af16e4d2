// CSV that opens correctly in Excel with Dutch regional settings: semicolon separator, decimal
// comma, UTF-8 with a byte-order mark, CRLF line ends. Cells a spreadsheet would read as a formula
// (starting with = + - @, a tab or a carriage return) get a leading apostrophe, so text typed by a
// respondent can never run as a formula on an assessor's machine (CSV/formula injection).
import { text } from '../../core/localize.js';
import type { Locale, ValueDefinition } from '../../core/types.js';
import { JUDGEMENT, PROFILE, REVIEW_STATUS, wordFor } from './words.js';

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

const HEADERS = {
  nl: {
    name: 'Naam', id: 'Id', area: 'Gebied', sharedAt: 'Gedeeld op', profile: 'Profiel', goal: 'Streefdoelen (zelf)',
    precondition: 'Randvoorwaarden (zelf)', completeness: 'Volledigheid (%)', knockouts: 'Knock-outs', status: 'Beoordelingsstatus',
    self: 'zelf', assessor: 'beoordelaar (gem.)', judgements: 'Oordelen', comments: 'Toelichting beoordelaars',
  },
  en: {
    name: 'Name', id: 'Id', area: 'Area', sharedAt: 'Shared at', profile: 'Profile', goal: 'Goals (self)',
    precondition: 'Preconditions (self)', completeness: 'Completeness (%)', knockouts: 'Knock-outs', status: 'Review status',
    self: 'self', assessor: 'assessor (mean)', judgements: 'Judgements', comments: 'Assessors\' comments',
  },
} as const;

export interface ExportRow {
  submission: {
    id: string; name: string; area: string; sharedAt: string; profile: string | null; goalScore: number | null;
    preconditionScore: number | null; completeness: number | null; knockoutCount: number; reviewStatus: string;
  };
  values: Array<{ id: string; score: number | null }>;
  reviews: Array<{ assessor: { id: string; email: string }; scores: Record<string, { score: number | null; comment: string }>; judgement: string | null; comment: string }>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * One row per submission: self and assessor score per value, dimensions, profile, knock-outs, review.
 * Profile, review status and judgements in the words of the screens; Dutch for Dutch Excel (";" and
 * decimal comma), English with "," and decimal point, as the respondent's CSV.
 */
export function submissionsCsv(input: { values: ValueDefinition[]; locale: Locale; rows: ExportRow[]; users?: (id: string) => string }): string {
  const h = HEADERS[input.locale];
  const { locale } = input;
  const header: Cell[] = [h.name, h.id, h.area, h.sharedAt, h.profile, h.goal, h.precondition, h.completeness, h.knockouts, h.status];
  for (const v of input.values) header.push(`${text(v.name, input.locale)} (${h.self})`, `${text(v.name, input.locale)} (${h.assessor})`);
  header.push(h.judgements, h.comments);

  const rows = input.rows.map(({ submission: s, values, reviews }) => {
    const self = new Map(values.map((v) => [v.id, v.score]));
    const cells: Cell[] = [
      s.name, s.id, s.area, s.sharedAt, s.profile === null ? null : wordFor(PROFILE, locale, s.profile), s.goalScore, s.preconditionScore,
      s.completeness === null ? null : Math.round(s.completeness * 1000) / 10, s.knockoutCount, wordFor(REVIEW_STATUS, locale, s.reviewStatus),
    ];
    for (const v of input.values) {
      const given = reviews.map((r) => r.scores[v.id]?.score).filter((x): x is number => typeof x === 'number');
      const m = mean(given);
      cells.push(self.get(v.id) ?? null, m === null ? null : Math.round(m * 10) / 10);
    }
    cells.push(
      reviews.map((r) => `${r.assessor.email}: ${r.judgement === null ? '' : wordFor(JUDGEMENT, locale, r.judgement)}`).join(' | '),
      reviews.filter((r) => r.comment).map((r) => `${r.assessor.email}: ${r.comment}`).join(' | '),
    );
    return cells;
  });
  return csvDocument([header, ...rows], dialectFor(locale));
}
