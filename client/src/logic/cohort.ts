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

/** The middle half and the median as percentages of a 0..100 track (the HTML chart); null without figures. */
export function boxPercent(d: Distribution | null): { left: number; width: number; median: number } | null {
  if (!d || d.q1 === null || d.q3 === null || d.median === null) return null;
  const c = (x: number) => Math.max(0, Math.min(100, x));
  return { left: c(d.q1), width: Math.max(0.5, c(d.q3) - c(d.q1)), median: c(d.median) };
}

type Lang = 'nl' | 'en';

/** A figure in the reader's notation ("46,8" in Dutch), at most one decimal; a dash when there is none. */
export function figure(x: number | null | undefined, lang: Lang): string {
  return x === null || x === undefined ? '–' : x.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
}

/** A change with its sign: "+3,5", "−2" (a real minus sign), "±0". */
export function signedFigure(x: number | null | undefined, lang: Lang): string {
  if (x === null || x === undefined) return '–';
  return x > 0 ? `+${figure(x, lang)}` : x < 0 ? `−${figure(-x, lang)}` : '±0';
}

/** Dutch and English both have one form for exactly one and another for every other count. */
export const pluralKey = <K extends string>(key: K, n: number) => `${key}.${n === 1 ? 'one' : 'other'}` as `${K}.one` | `${K}.other`;

// Areas are ids in the data; people read them as the questionnaires name them.
const AREA_NAMES: Record<string, string> = { ai: 'AI', xr: 'XR', quantum: 'Quantum' };
export const areaName = (area: string) => AREA_NAMES[area] ?? area;

/**
 * Whether the page draws figures at all. Without a release every figure is null: the page then says so
 * once instead of a "hidden" cell on every row of empty axes.
 */
export const showsFigures = (cohort: { suppressed: boolean }) => !cohort.suppressed;
