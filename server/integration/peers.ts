// The peer comparison (issue 16, item 4) and the cohort's plan progress (item 5) as pure functions of
// stored rows. The pool is released by the cohort's rule (releaseOf): its figures move only when a
// whole step of reports has joined, so reading before and after one report joins or leaves cannot pin
// a difference on it. See "Peer pool" in docs/privacy.md.
import { roundHalfAway } from '../../core/scoring.js';
import type { Dimension } from '../../core/types.js';
import { quantile, releaseOf } from './cohort.js';

export interface PoolRow {
  responseId: string;
  createdAt: string;
  /**
   * A place: a report that left after its step was released keeps its position in the count, with no
   * scores, so the steps after it close where they did (migration 026, docs/privacy.md "Peer pool").
   */
  left?: boolean;
  goal: number | null;
  precondition: number | null;
  /** value id → score (unrounded) or null */
  values: Record<string, number | null>;
}

export interface Bin {
  /** Inclusive lower bound. */
  from: number;
  /** Exclusive upper bound, except the last bin, which includes 100. */
  to: number;
  count: number;
}

const BIN_WIDTH = 10;

/** The major number of a questionnaire version ("2.1.0" → 2): reports compare within one major version. */
export function majorOf(version: string): number {
  const n = Number.parseInt(version.split('.')[0] ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** The rows the steps have closed over, places included, in joining order. */
function releasedRows<T extends { responseId: string; createdAt: string }>(rows: readonly T[], minPool: number): T[] {
  const shares = rows.map((r) => ({ id: r.responseId, teamId: r.responseId, sharedAt: r.createdAt, row: r }));
  return releaseOf(shares, minPool).submissions.map((s) => s.row);
}

/**
 * The reports of the pool as released in steps of `minPool`, the same for every reader; places count
 * towards the steps but are no report. A reader's own row is left out afterwards (peerComparison), never
 * before: released without it, the steps closed one report later for that reader, so a pending report
 * entered their figures in its place, and a founder reading from a report in the pool and from one
 * outside it could read that pending report off the difference.
 */
export function releasedPool(rows: readonly PoolRow[], minPool: number): PoolRow[] {
  return releasedRows(rows, minPool).filter((r) => !r.left);
}

/**
 * Whether a row that leaves must keep its place: only a released one. Taking a released row out would
 * move every later step one report on, so the first pending report would enter the figures in its place;
 * a pending row closes no step, so taking it out moves none.
 */
export function keepsPlace(rows: ReadonlyArray<{ responseId: string; createdAt: string }>, responseId: string, minPool: number): boolean {
  return releasedRows(rows, minPool).some((r) => r.responseId === responseId);
}

/**
 * Counts in bins of ten points, then every run of bins holding fewer than `k` reports merged with the
 * next (the last short run with the one before), so no bin shows a handful of reports; null when all
 * the scores together are fewer than k.
 */
export function coarseBins(scores: readonly number[], k: number): Bin[] | null {
  if (scores.length < k || scores.length === 0) return null;
  const counts = new Array<number>(100 / BIN_WIDTH).fill(0);
  for (const s of scores) counts[Math.min(counts.length - 1, Math.max(0, Math.floor(s / BIN_WIDTH)))]++;
  const out: Bin[] = [];
  let from = 0;
  let count = 0;
  for (let i = 0; i < counts.length; i++) {
    count += counts[i];
    if (count >= k) {
      out.push({ from, to: (i + 1) * BIN_WIDTH, count });
      from = (i + 1) * BIN_WIDTH;
      count = 0;
    }
  }
  if (count > 0 || from < 100) {
    const last = out[out.length - 1];
    last.to = 100;
    last.count += count;
  }
  return out;
}

/** Share of the others below a score, ties counted half, in whole percent (0-100). */
export function percentileOf(score: number, others: readonly number[]): number {
  let below = 0;
  let equal = 0;
  for (const o of others) {
    if (o < score) below++;
    else if (o === score) equal++;
  }
  return Math.round((100 * (below + equal / 2)) / others.length);
}

export interface PeerInput {
  pool: readonly PoolRow[];
  own: { responseId: string; goal: number | null; precondition: number | null; values: Record<string, number | null> };
  values: ReadonlyArray<{ id: string; dimension: Dimension }>;
  minPool: number;
  /** The smallest bin (the cohort threshold, COHORT_MIN_GROUP). */
  minBin: number;
}

const r1 = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

/** `ownReleased`: the reader's row is in the released pool, so its score counts towards the threshold. */
function figure(own: number | null, scores: readonly number[], minPool: number, minBin: number, ownReleased: boolean) {
  const suppressed = scores.length + (ownReleased && own !== null ? 1 : 0) < minPool;
  return {
    score: r1(own),
    n: suppressed ? null : scores.length,
    suppressed,
    percentile: suppressed || own === null ? null : percentileOf(own, scores),
    median: suppressed ? null : r1(quantile(Float64Array.from(scores).sort(), 0.5)),
    bins: suppressed ? null : coarseBins(scores, minBin),
  };
}

/**
 * The comparison of one report with the other reports of the released pool; below the threshold (the
 * released pool, the reader's row included when it is there) not even the pool's size.
 */
export function peerComparison(input: PeerInput) {
  const { minPool, minBin } = input;
  const released = releasedPool(input.pool, minPool);
  if (released.length < minPool) return { available: false as const, size: null, needed: minPool, dimensions: null, values: null };
  const pool = released.filter((r) => r.responseId !== input.own.responseId);
  const ownReleased = pool.length < released.length;
  const known = (xs: ReadonlyArray<number | null>) => xs.filter((x): x is number => x !== null);
  return {
    available: true as const,
    size: pool.length,
    needed: minPool,
    dimensions: (['goal', 'precondition'] as const).map((d) => ({ id: d, ...figure(input.own[d], known(pool.map((r) => r[d])), minPool, minBin, ownReleased) })),
    values: input.values.map((v) => ({
      id: v.id, dimension: v.dimension,
      ...figure(input.own.values[v.id] ?? null, known(pool.map((r) => r.values[v.id] ?? null)), minPool, minBin, ownReleased),
    })),
  };
}

/** The pool's median per dimension, released as for a report (no row excluded): for the cohort page. */
export function poolMedians(rows: readonly PoolRow[], minPool: number) {
  const pool = releasedPool(rows, minPool);
  if (pool.length < minPool) return { available: false as const, size: null, needed: minPool, goal: null, precondition: null };
  const median = (d: 'goal' | 'precondition') => {
    const scores = Float64Array.from(pool.map((r) => r[d]).filter((x): x is number => x !== null)).sort();
    return scores.length < minPool ? null : r1(quantile(scores, 0.5));
  };
  return { available: true as const, size: pool.length, needed: minPool, goal: median('goal'), precondition: median('precondition') };
}

export interface PlanRow {
  responseId: string;
  valuesJson: string;
  status: string;
  dueDate: string | null;
}

/**
 * Plan progress per value over the cohort's latest released attempts: actions adopted, done and
 * overdue. A value is shown only when at least `threshold` teams have an action for it, so a count
 * never describes a handful of teams.
 */
export function planProgress(rows: readonly PlanRow[], values: ReadonlyArray<{ id: string }>, threshold: number, today: string) {
  const per = new Map(values.map((v) => [v.id, { teams: new Set<string>(), adopted: 0, done: 0, overdue: 0 }]));
  for (const r of rows) {
    let ids: unknown;
    try { ids = JSON.parse(r.valuesJson); } catch { ids = []; }
    if (!Array.isArray(ids)) continue;
    for (const id of new Set(ids.filter((x): x is string => typeof x === 'string'))) {
      const p = per.get(id);
      if (!p) continue;
      p.teams.add(r.responseId);
      p.adopted++;
      if (r.status === 'done') p.done++;
      if (r.dueDate !== null && r.dueDate < today && (r.status === 'open' || r.status === 'in_progress')) p.overdue++;
    }
  }
  const teams = new Set(rows.map((r) => r.responseId)).size;
  return {
    teams,
    values: values.map((v) => {
      const p = per.get(v.id)!;
      const small = p.teams.size < threshold;
      return { id: v.id, suppressed: small, adopted: small ? null : p.adopted, done: small ? null : p.done, overdue: small ? null : p.overdue };
    }),
  };
}

/**
 * planProgress over several areas: each area's part of a value's figure counts only where that area's
 * own view shows it (its teams with the value in their plan reach the threshold), so the whole cohort
 * minus one area never leaves a part that area's view hides (as cohortFigures, integration/cohort.ts).
 */
export function planProgressByArea(rows: readonly PlanRow[], areaOf: (responseId: string) => string | undefined, values: ReadonlyArray<{ id: string }>, threshold: number, today: string) {
  const groups = new Map<string, PlanRow[]>();
  for (const r of rows) {
    const area = areaOf(r.responseId) ?? '';
    const list = groups.get(area);
    if (list) list.push(r);
    else groups.set(area, [r]);
  }
  const parts = [...groups.values()].map((part) => planProgress(part, values, threshold, today));
  return {
    teams: parts.reduce((n, p) => n + p.teams, 0),
    values: values.map((v, i) => {
      const shown = parts.map((p) => p.values[i]).filter((x) => !x.suppressed);
      const sum = (k: 'adopted' | 'done' | 'overdue') => shown.reduce((n, x) => n + x[k]!, 0);
      return shown.length
        ? { id: v.id, suppressed: false, adopted: sum('adopted'), done: sum('done'), overdue: sum('overdue') }
        : { id: v.id, suppressed: true, adopted: null, done: null, overdue: null };
    }),
  };
}
