// The time stamps that order a group whose release goes in steps (the peer pool, a programme's cohort).

/**
 * `now`, or one millisecond after the latest of `earlier` when that is not before it: something that
 * joins a group goes behind everything already in it, whatever the clock of the instance that stamps it
 * or the moment its request began. One millisecond on, so the order never falls back on ids.
 */
export function stampAfter(now: string, earlier: readonly (string | null | undefined)[]): string {
  const last = earlier.filter((t): t is string => typeof t === 'string').sort().at(-1);
  if (last === undefined || now > last) return now;
  const next = Date.parse(last) + 1;
  return Number.isFinite(next) ? new Date(next).toISOString() : now;
}
