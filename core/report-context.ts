// Review item 15, borrowed from Canada's Algorithmic Impact Assessment: what the product is and whom it
// reaches, shown apart from the safeguard scores, so a reader weighs a score against the exposure behind
// it (a precondition score of 80 means something else for a tool that decides on benefits than for one
// that sorts invoices). Every area opens with an intake of unscored questions (docs/content-brief.md):
// what the product does, for whom, with which data. Those are this block. It is read from the report's
// answers as they are, so no report changes shape and no signed statement changes.

/** The part of a report answer this needs (StoredReport['answers'][number] on the server, the client's Report type). */
export interface ContextCandidate {
  answer: string | null;
  notApplicable: boolean;
  /** The values the question counts for: none for the intake. */
  values?: readonly string[];
}

/**
 * The intake answers: those given before the first answer that counts for a value, in document order,
 * without "does not apply" and empty ones. Unscored questions later on (the closing free-text note) are
 * not context and stay in the answers appendix only; only a draft with no scored answer at all would
 * show its closing note here too, which is harmless.
 */
export function contextAnswers<A extends ContextCandidate>(answers: readonly A[]): A[] {
  const out: A[] = [];
  for (const a of answers) {
    if ((a.values?.length ?? 0) > 0) break;
    if (!a.notApplicable && a.answer !== null && a.answer.trim() !== '') out.push(a);
  }
  return out;
}
