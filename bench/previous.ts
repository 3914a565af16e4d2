// The SQLite figures of the last documented full run (docs/benchmarks.md, "Figures of the last full
// run"), as measured: the bench prints today's ratio next to the one these give, so a fall of more
// than the budget shows in the table. Update them together with the documented table.
export const PREVIOUS = {
  date: '2026-11-22',
  /** A ratio may be this much worse than before: 10 %. */
  budget: 0.1,
  // ours / the bare-Fastify ceiling, req/s (higher is better)
  save: { ours: 2942, ceiling: 17902 },
  submit: { ours: 1101, ceiling: 22069 },
  report: { ours: 1114, ceiling: 6834 },
  list: { ours: 554, ceiling: 19599 },
  // ours / comparison, ms or bytes (lower is better)
  startup: { ours: 1369, ceiling: 616 },
  memory: { ours: 247, ceiling: 105 },
  cohort: { ours: 209, ceiling: 1047 },
} as const;

export type PreviousFigure = Exclude<keyof typeof PREVIOUS, 'date' | 'budget'>;

/**
 * Today's ratio against the documented one: `higherIsBetter` for rates. A fall is within budget when
 * a rate keeps at least 90 % of its old ratio, or a time or size grows by at most 10 %.
 */
export function againstPrevious(figure: PreviousFigure, ratio: number, higherIsBetter: boolean): { before: number; change: number; ok: boolean } {
  const { ours, ceiling } = PREVIOUS[figure];
  const before = ours / ceiling;
  const change = ratio / before - 1;
  const ok = higherIsBetter ? change >= -PREVIOUS.budget : change <= PREVIOUS.budget;
  return { before, change, ok };
}
