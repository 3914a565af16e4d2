// Cohort dashboard logic without JSX: chart geometry and ordering of counts.
import type { Distribution } from '../api/integration.js';

// The label column fits the longest value name ("Economische innovatie en kennisopbouw"); the right pad fits the "100" tick.
export const CHART = { width: 720, label: 290, row: 26, pad: 20 } as const;

/** x position of a 0..100 score in the plot area. */
export const xOf = (score: number) => CHART.label + (Math.max(0, Math.min(100, score)) / 100) * (CHART.width - CHART.label - CHART.pad);

/** The box of a distribution: q1..q3 as a bar, the median as a tick; null when there are no figures. */
export function boxOf(d: Distribution | null): { x: number; width: number; median: number } | null {
  if (!d || d.q1 === null || d.q3 === null || d.median === null) return null;
  return { x: xOf(d.q1), width: Math.max(2, xOf(d.q3) - xOf(d.q1)), median: xOf(d.median) };
}

export const STATUS_ORDER = ['critical', 'unknown-risk', 'insufficient', 'attention', 'sufficient', 'limited', 'moderate', 'strong', 'unscored'] as const;

/** Counts in a fixed order (known statuses first), leaving out zeros. */
export function orderedCounts(counts: Record<string, number> | null): Array<[string, number]> {
  if (!counts) return [];
  const known = STATUS_ORDER.filter((s) => counts[s]).map((s) => [s, counts[s]] as [string, number]);
  const rest = Object.entries(counts).filter(([k, n]) => n && !(STATUS_ORDER as readonly string[]).includes(k)).sort();
  return [...known, ...rest];
}
