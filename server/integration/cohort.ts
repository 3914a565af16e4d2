// The cohort dashboard's figures as pure functions of rows read from SQLite: distributions (median and
// interquartile range), status and profile counts, frequent knock-outs, and progress between each
// team's first and latest attempt. The figures are made to be passed on (reports, the programme's own
// site through the integration API), so they must hold for a reader who sees no team: see releaseOf
// and "Anonymity model" in docs/integration.md.
import { roundHalfAway } from '../../core/scoring.js';
import { SCORING_DEFAULTS, type Dimension } from '../../core/types.js';

export interface CohortSubmission {
  id: string;
  teamId: string;
  name: string;
  /** A re-take keeps its questionnaire, so every attempt of a team has the same area. */
  area: string;
  submittedAt: string;
  /** When the attempt was shared with the programme: the order in which figures take it in. */
  sharedAt: string;
  /** Its place in the re-take chain (response_scores.attempt): a team's attempts are in this order first. */
  attempt?: number;
  profile: string | null;
  goal: number | null;
  precondition: number | null;
  /** As stored: JSON {"<value>": [score or null, status]}; parsed for latest attempts only. */
  valueScores: string;
  /** As stored: JSON [[question, option], …]. */
  knockouts: string;
  /** The programme's workflow, not the team's answers: for the managers' team list only, never in a figure. */
  reviewStatus?: string | null;
  /** A place (cohortPlace): counted by the steps, in no figure. */
  left?: boolean;
}

/**
 * Where a released share that was withdrawn stood (migration 027): its team and time, nothing it said.
 * The steps count it as they counted the share, so withdrawing moves no later step and no pending team
 * enters the figures in its place.
 */
export interface CohortPlace {
  id: string;
  teamId: string;
  area: string;
  sharedAt: string;
}

const asShare = (p: CohortPlace): CohortSubmission => ({
  id: p.id, teamId: p.teamId, name: '', area: p.area, submittedAt: p.sharedAt, sharedAt: p.sharedAt,
  profile: null, goal: null, precondition: null, valueScores: '{}', knockouts: '[]', left: true,
});

export interface KnockoutRow {
  question: string;
  option: string;
}

/** Quantile of sorted numbers by linear interpolation between order statistics (R's type 7, the spreadsheet default). */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface Distribution {
  n: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  /** Interquartile range q3 − q1: the spread of the middle half. */
  iqr: number | null;
}

const r1 = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

export function distribution(scores: ReadonlyArray<number | null>): Distribution {
  // A typed array sorts numerically without a comparator callback: several times faster at 10,000 teams.
  const sorted = Float64Array.from(scores.filter((s): s is number => s !== null)).sort();
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return { n: sorted.length, median: r1(quantile(sorted, 0.5)), q1: r1(q1), q3: r1(q3), iqr: q1 === null || q3 === null ? null : r1(q3 - q1) };
}

export function countBy<T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** A dimension score's band, by the default thresholds (a questionnaire may set others; the cohort compares across them). */
export function dimensionBand(score: number | null): 'sufficient' | 'attention' | 'insufficient' | 'unscored' {
  if (score === null) return 'unscored';
  if (score >= SCORING_DEFAULTS.sufficient) return 'sufficient';
  if (score >= SCORING_DEFAULTS.attention) return 'attention';
  return 'insufficient';
}

/**
 * Per team its attempts in order: by place in the re-take chain, then submission, then id (as the
 * submissions list numbers them, repositories/programmes.ts); the first and the latest count for
 * progress, the latest for the distributions.
 */
export function teamsOf(submissions: readonly CohortSubmission[]): Map<string, CohortSubmission[]> {
  const teams = new Map<string, CohortSubmission[]>();
  for (const s of submissions) {
    const list = teams.get(s.teamId);
    if (list) list.push(s);
    else teams.set(s.teamId, [s]);
  }
  for (const list of teams.values()) {
    list.sort((a, b) => (a.attempt ?? 0) - (b.attempt ?? 0)
      || (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.id < b.id ? -1 : 1));
  }
  return teams;
}

export function topKnockouts(rows: readonly KnockoutRow[], limit = 10) {
  const counts = new Map<string, { question: string; option: string; count: number }>();
  for (const r of rows) {
    const key = `${r.question}\u0000${r.option}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { question: r.question, option: r.option, count: 1 });
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.question.localeCompare(b.question) || a.option.localeCompare(b.option))
    .slice(0, limit);
}

export interface TeamChange {
  teamId: string;
  goal: number | null;
  precondition: number | null;
}

/** Latest minus first attempt per dimension, for teams with at least two attempts. */
export function teamChanges(teams: Map<string, CohortSubmission[]>): TeamChange[] {
  const out: TeamChange[] = [];
  for (const [teamId, attempts] of teams) {
    if (attempts.length < 2) continue;
    const first = attempts[0];
    const latest = attempts[attempts.length - 1];
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : r1(b - a));
    out.push({ teamId, goal: diff(first.goal, latest.goal), precondition: diff(first.precondition, latest.precondition) });
  }
  return out;
}

export function progressSummary(changes: readonly TeamChange[], threshold: number) {
  const suppressed = changes.length < threshold;
  const summary = (d: 'goal' | 'precondition') => {
    const deltas = changes.map((c) => c[d]);
    const known = deltas.filter((x): x is number => x !== null);
    return {
      ...distribution(deltas),
      improved: known.filter((x) => x > 0).length,
      unchanged: known.filter((x) => x === 0).length,
      declined: known.filter((x) => x < 0).length,
    };
  };
  return suppressed
    ? { teams: changes.length, suppressed: true as const, goal: null, precondition: null }
    : { teams: changes.length, suppressed: false as const, goal: summary('goal'), precondition: summary('precondition') };
}

/** What a release needs of a share: the peer pool (integration/peers.ts) releases its rows by the same rule. */
export type Share = Pick<CohortSubmission, 'id' | 'teamId' | 'sharedAt'>;

export interface Release<T extends Share = CohortSubmission> {
  /** The shares the figures describe: a prefix, in sharing order, of the group's shares. */
  submissions: T[];
  /** When the last of them was shared; null when nothing is released yet. */
  at: string | null;
  /** Shares after the release, waiting for the next step. */
  pending: number;
}

const bySharing = (a: Share, b: Share) =>
  (a.sharedAt < b.sharedAt ? -1 : a.sharedAt > b.sharedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * What one area's figures may describe. Walking the shares in the order they were made, a step closes
 * each time `step` different teams have shared (first time or again) since the last one; the figures
 * describe everything up to the last closed step. So reading before and after one more share shows the
 * same figures, and two releases differ by at least `step` teams: a difference cannot be pinned on one.
 * The first step needs `step` teams, so a released group is never smaller than the threshold.
 * A function of the stored shares only: every process and every restart computes the same release.
 */
export function releaseOf<T extends Share>(shares: readonly T[], step: number): Release<T> {
  const ordered = [...shares].sort(bySharing);
  let closed = 0;
  let since = new Set<string>();
  for (let i = 0; i < ordered.length; i++) {
    since.add(ordered[i].teamId);
    if (since.size >= step) {
      closed = i + 1;
      since = new Set();
    }
  }
  return { submissions: ordered.slice(0, closed), at: closed ? ordered[closed - 1].sharedAt : null, pending: ordered.length - closed };
}

/**
 * The whole cohort's release: each area's own release, put together. Areas are disjoint (a team keeps its
 * area), so "all areas" minus one area is the other areas' releases — each itself at least the threshold —
 * and an area with too few teams is in no figure at all, so no subtraction of two views can isolate it.
 */
export function cohortRelease(shares: readonly CohortSubmission[], step: number): Release {
  const byArea = new Map<string, CohortSubmission[]>();
  for (const s of shares) {
    const list = byArea.get(s.area);
    if (list) list.push(s);
    else byArea.set(s.area, [s]);
  }
  const parts = [...byArea.values()].map((list) => releaseOf(list, step));
  const submissions = parts.flatMap((r) => r.submissions);
  const at = parts.reduce<string | null>((latest, r) => (r.at !== null && (latest === null || r.at > latest) ? r.at : latest), null);
  return { submissions, at, pending: shares.length - submissions.length };
}

/**
 * Whether a share that is withdrawn must keep a place: only a released one. Taking a released share out
 * would recount every later step, so pending teams would enter the figures in its place; a pending share
 * closes no step, so taking it out moves none. `shares`: the area's live shares and places.
 */
export function keepsCohortPlace(shares: ReadonlyArray<Share & { left?: boolean }>, id: string, step: number): boolean {
  return releaseOf(shares, step).submissions.some((s) => s.id === id && !s.left);
}

/**
 * The live shares of a release counted with places. A step closed over k teams, but some of them may
 * have withdrawn since: an area left with fewer than k teams in its release is in no figure, as an area
 * that never had k is not, so no released group is smaller than the threshold.
 */
function liveReleased(released: readonly CohortSubmission[], threshold: number): CohortSubmission[] {
  const live = released.filter((s) => !s.left);
  const teams = new Map<string, Set<string>>();
  for (const s of live) {
    const set = teams.get(s.area);
    if (set) set.add(s.teamId);
    else teams.set(s.area, new Set([s.teamId]));
  }
  return live.filter((s) => teams.get(s.area)!.size >= threshold);
}

/**
 * The release and each released team's attempts and latest attempt: what every figure starts from.
 * Places count towards the steps and are then left out: the release lists live shares only.
 */
export function releasedTeams(submissions: readonly CohortSubmission[], threshold: number, places: readonly CohortPlace[] = []) {
  const counted = cohortRelease(places.length ? [...submissions, ...places.map(asShare)] : submissions, threshold);
  const release: Release = places.length ? { submissions: liveReleased(counted.submissions, threshold), at: counted.at, pending: 0 } : counted;
  release.pending = submissions.length - release.submissions.length;
  const teams = teamsOf(release.submissions);
  const latest = [...teams.values()].map((list) => list[list.length - 1]);
  return { release, teams, latest };
}

export type ReleasedTeams = ReturnType<typeof releasedTeams>;

export interface CohortInput {
  submissions: readonly CohortSubmission[];
  /** releasedTeams(submissions, threshold, places), when the caller has it already (the dashboard needs it twice). */
  released?: ReleasedTeams;
  /** Withdrawn released shares (migration 027): they keep the steps where they were. */
  places?: readonly CohortPlace[];
  /** The value catalogue's order, so the dashboard lists values as the report does. */
  values: ReadonlyArray<{ id: string; dimension: Dimension }>;
  threshold: number;
}

/** Items grouped by area, in first-seen order. */
function byArea<T extends { area: string }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.area);
    if (list) list.push(item);
    else groups.set(item.area, [item]);
  }
  return [...groups.values()];
}

/**
 * The areas' parts of one figure that reach the threshold by themselves, put together. Each area has a
 * view of its own, which hides its part of a figure when fewer than the threshold teams make it up (a
 * value only a few of them scored, the few teams that re-took). Were that part in the whole cohort's
 * figure, the whole minus the other areas would show it: so the whole takes only the parts each area
 * shows, and is their sum. With one area, this is the plain threshold on the figure.
 */
function shownParts<T extends { area: string }>(items: readonly T[], count: (part: T[]) => number, threshold: number): T[] {
  return byArea(items).filter((part) => count(part) >= threshold).flat();
}

/**
 * The cohort's figures. Distributions and counts describe each team's latest released attempt, so a
 * team that re-took the test counts once. Only the release (cohortRelease) enters any figure; the
 * group's live size is given beside it. A value whose scored teams are fewer than the threshold shows
 * nothing, and in the whole cohort an area's part of a figure counts only where that area's own view
 * shows it (shownParts).
 */
export function cohortFigures(input: CohortInput) {
  const { threshold } = input;
  const { release, teams, latest } = input.released ?? releasedTeams(input.submissions, threshold, input.places);
  const suppressed = latest.length === 0;
  const hidden = <T>(value: T) => (suppressed ? null : value);

  // One pass over the stored scores gathers each value's scores and counts its statuses, per area: at
  // 10,000 teams, keeping 130,000 [score, status] pairs to map and count afterwards cost more than the counting.
  const knockouts: KnockoutRow[] = [];
  const perArea = byArea(latest).map((part) => {
    const byValue = new Map(input.values.map((v) => [v.id, { scores: [] as number[], statuses: {} as Record<string, number> }]));
    for (const s of part) {
      const stored = JSON.parse(s.valueScores) as Record<string, [number | null, string]>;
      for (const valueId in stored) {
        const into = byValue.get(valueId);
        if (!into) continue;
        const [score, status] = stored[valueId];
        if (score !== null) into.scores.push(score);
        into.statuses[status] = (into.statuses[status] ?? 0) + 1;
      }
      for (const [question, option] of JSON.parse(s.knockouts) as Array<[string, string]>) knockouts.push({ question, option });
    }
    return byValue;
  });

  // `n` counts every team with a score, as each area's view gives it (a live size, like `teams`); the
  // distribution and statuses describe the parts shown.
  const dimensions = (['goal', 'precondition'] as const).map((d) => {
    const shown = shownParts(latest, (part) => part.filter((s) => s[d] !== null).length, threshold);
    const dist = distribution(shown.map((s) => s[d]));
    const small = suppressed || dist.n < threshold;
    return {
      id: d, n: latest.filter((s) => s[d] !== null).length, suppressed: small,
      distribution: small ? null : dist,
      statuses: small ? null : countBy(shown, (s) => dimensionBand(s[d])),
    };
  });

  const values = input.values.map((v) => {
    const scores: number[] = [];
    const statuses: Record<string, number> = {};
    let n = 0;
    for (const part of perArea) {
      const mine = part.get(v.id)!;
      n += mine.scores.length;
      if (mine.scores.length < threshold) continue;
      scores.push(...mine.scores);
      for (const [status, n] of Object.entries(mine.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
    }
    const dist = distribution(scores);
    const small = suppressed || dist.n < threshold;
    return {
      id: v.id, dimension: v.dimension, n, suppressed: small,
      distribution: small ? null : dist,
      statuses: small ? null : statuses,
    };
  });

  // Progress per area too: the few teams of one area that re-took are in no whole-cohort figure. How
  // many re-took is said, as each area's view says it.
  const changesPerArea = byArea([...teams.values()].map((attempts) => ({ area: attempts[0].area, attempts })))
    .map((part) => teamChanges(new Map(part.map((t) => [t.attempts[0].teamId, t.attempts]))));
  const shownChanges = changesPerArea.filter((part) => part.length >= threshold).flat();
  const progress = { ...progressSummary(shownChanges, threshold), teams: changesPerArea.reduce((n, part) => n + part.length, 0) };

  return {
    threshold,
    // The group's live size: that a team shared is no secret from the figures' readers, what it answered is.
    teams: new Set(input.submissions.map((s) => s.teamId)).size,
    submissions: input.submissions.length,
    suppressed,
    reason: suppressed ? ('cohort-group-too-small' as const) : null,
    released: { teams: latest.length, submissions: release.submissions.length, at: release.at, pending: release.pending },
    profiles: hidden(countBy(latest, (s) => s.profile ?? 'incomplete')),
    dimensions,
    values,
    knockouts: hidden(topKnockouts(knockouts)),
    progress,
  };
}

export type CohortFigures = ReturnType<typeof cohortFigures>;
