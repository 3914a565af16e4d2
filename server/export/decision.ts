// Where the programme's decision on a submission enters the exports (issue 14 item 4). The CSV turns
// these fields into columns (labels as headers, one value per row) and the staff PDF into its
// "Besluit/Decision" section, so both say the same. The caller passes the CURRENT decision only when
// the person exporting may see it (canSeeDecision: an assessor only after submitting their own review),
// otherwise null, which gives empty values: a file never tells the blind assessor what was decided.
import type { Locale } from '../../core/types.js';
import type { DecisionRow } from '../repositories/decisions.js';
import type { Cell } from './csv.js';
import { formatDateTime } from './csv.js';
import { wordFor } from './words.js';

/** A recorded decision as the exports read it; null where none is recorded (or none visible). */
export type DecisionRecord = Pick<DecisionRow, 'outcome' | 'rationale' | 'decided_at'>;

export interface DecisionField {
  /** The column header and the PDF's label, in the file's language. */
  label: string;
  value: Cell;
}

/** The outcomes in the words of the decision page (client/src/i18n/messages.decide.ts, decide.outcome.*). */
export const OUTCOME: Record<Locale, Record<string, string>> = {
  nl: { fund: 'Toekennen', fund_with_conditions: 'Toekennen onder voorwaarden', decline: 'Afwijzen' },
  en: { fund: 'Fund', fund_with_conditions: 'Fund with conditions', decline: 'Decline' },
};

const LABELS = {
  nl: { outcome: 'Besluit', rationale: 'Besluit: motivering', decidedAt: 'Besluit genomen op' },
  en: { outcome: 'Decision', rationale: 'Decision: rationale', decidedAt: 'Decided at' },
} as const;

/**
 * The decision columns. Returns the same labels, in the same order, for every decision and for null
 * (then with empty values): the CSV takes its headers from `decisionFields(locale, null)`. The date
 * is in the CSV's date format for the locale.
 */
export function decisionFields(locale: Locale, decision: DecisionRecord | null): DecisionField[] {
  const l = LABELS[locale];
  return [
    { label: l.outcome, value: decision ? wordFor(OUTCOME, locale, decision.outcome) : null },
    { label: l.rationale, value: decision?.rationale ?? null },
    { label: l.decidedAt, value: decision ? formatDateTime(decision.decided_at, locale) : null },
  ];
}
