// The place where the programme's decision on a submission enters the exports (issue 14 item 4, the
// "decide" part). The CSV turns these fields into columns (labels as headers, one value per row) and
// the staff PDF into its "Decision" section, so both say the same. Empty until decisions exist.
import type { Locale } from '../../core/types.js';
import type { Cell } from './csv.js';

/** A recorded decision, as the decide part will read it; null where none is recorded (or none visible). */
export type DecisionRecord = Record<string, unknown>;

export interface DecisionField {
  /** The column header and the PDF's label, in the file's language. */
  label: string;
  value: Cell;
}

/**
 * The decision columns. Must return the same labels, in the same order, for every decision and for
 * null (then with empty values): the CSV takes its headers from `decisionFields(locale, null)`.
 */
export function decisionFields(_locale: Locale, _decision: DecisionRecord | null): DecisionField[] {
  return [];
}
