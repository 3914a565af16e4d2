// The peer comparison's pure parts: coarse bins, percentiles, the released pool and plan progress.
import { describe, expect, it } from 'vitest';
import { coarseBins, keepsPlace, majorOf, peerComparison, percentileOf, planProgress, planProgressByArea, releasedPool, type PoolRow } from '../../server/integration/peers.js';

const row = (i: number, goal: number | null): PoolRow => ({ responseId: `r${String(i).padStart(3, '0')}`, createdAt: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, goal, precondition: goal, values: { privacy: goal } });

describe('peer figures', () => {
  it('merges bins with fewer than k reports into their neighbours, covering 0-100', () => {
    expect(coarseBins([5, 15, 15, 95, 99], 2)).toEqual([{ from: 0, to: 20, count: 3 }, { from: 20, to: 100, count: 2 }]);
    expect(coarseBins([5, 15, 15, 95], 2)).toEqual([{ from: 0, to: 100, count: 4 }]);
    // A lone report at the top joins the bin before it, so no bin shows fewer than k.
    const bins = coarseBins([0, 0, 50, 50, 100], 2)!;
    expect(bins).toEqual([{ from: 0, to: 10, count: 2 }, { from: 10, to: 100, count: 3 }]);
    expect(coarseBins([1], 2)).toBeNull();
  });

  it('gives percentiles with ties counted half', () => {
    expect(percentileOf(50, [10, 20, 50, 80])).toBe(63);
    expect(percentileOf(0, [10, 20])).toBe(0);
    expect(percentileOf(100, [10, 20])).toBe(100);
  });

  it('releases the pool in steps of the threshold, then leaves out the reader\'s row', () => {
    const pool = Array.from({ length: 9 }, (_, i) => row(i, i * 10));
    expect(releasedPool(pool, 4).length).toBe(8);
    const values = [{ id: 'privacy', dimension: 'precondition' as const }];
    // A reader in the pool is compared with the other released reports; its own row counts towards the threshold.
    const mine = (p: PoolRow[]) => peerComparison({ pool: p, own: { responseId: 'r000', goal: 0, precondition: 0, values: { privacy: 0 } }, values, minPool: 4, minBin: 2 });
    expect(mine(pool)).toMatchObject({ available: true, size: 7 });
    expect(mine(pool.slice(0, 4))).toMatchObject({ available: true, size: 3 });
    expect(mine(pool.slice(0, 4)).dimensions![0]).toMatchObject({ suppressed: false, n: 3 });
    expect(mine(pool.slice(0, 3))).toMatchObject({ available: false, size: null });
  });

  it('gives a reader in the pool the figures of everyone else minus its own row: a pending report never takes its place', () => {
    // A (the reader, 50) joined first; X (90) joined after the first step of 3 closed, so it is pending.
    const pool = [row(0, 50), row(1, 10), row(2, 20), row(3, 90)];
    const values = [{ id: 'privacy', dimension: 'precondition' as const }];
    const read = (responseId: string, score: number) => peerComparison({ pool, own: { responseId, goal: score, precondition: score, values: { privacy: score } }, values, minPool: 3, minBin: 1 });
    // Someone outside the pool sees the released step: A, 10 and 20.
    expect(read('outsider', 50).dimensions![0]).toMatchObject({ n: 3, median: 20 });
    // A sees 10 and 20 only. Released without A, the step had closed on X instead, and A, who knows its
    // own 50, could read X's 90 off the difference with the outsider's view.
    const a = read('r000', 50).dimensions![0];
    expect(a).toMatchObject({ n: 2, median: 15, percentile: 100 });
    expect(a.bins).toEqual([{ from: 0, to: 20, count: 1 }, { from: 20, to: 100, count: 1 }]);
  });

  it('keeps the place of a released report that leaves, so a pending one does not enter in its place', () => {
    // Steps of 3: r000-r002 and r003-r005 released, r006 (99) pending.
    const pool = [...Array.from({ length: 6 }, (_, i) => row(i, 10 * (i + 1))), row(6, 99)];
    expect(keepsPlace(pool, 'r000', 3)).toBe(true);
    expect(keepsPlace(pool, 'r006', 3)).toBe(false);
    const values = [{ id: 'privacy', dimension: 'precondition' as const }];
    const outsider = (p: PoolRow[]) => peerComparison({ pool: p, own: { responseId: 'me', goal: 50, precondition: 50, values: { privacy: 50 } }, values, minPool: 3, minBin: 1 }).dimensions![0];
    const place: PoolRow = { ...row(0, null), values: {}, left: true };
    // r000 (10) leaves: with its place the figures lose r000 and nothing enters.
    expect(outsider([place, ...pool.slice(1)])).toMatchObject({ n: 5, median: 40 });
    // Without it, r006's 99 entered: r000's founder could read it off the two readings.
    expect(outsider(pool.slice(1))).toMatchObject({ n: 6, median: 45 });
    // A place is no report: it counts towards the steps, not towards the threshold.
    expect(releasedPool([place, ...pool.slice(1, 3)], 3)).toHaveLength(2);
    expect(peerComparison({ pool: [place, ...pool.slice(1, 3)], own: { responseId: 'me', goal: 1, precondition: 1, values: {} }, values, minPool: 3, minBin: 1 })).toMatchObject({ available: false, size: null });
  });

  it('gives the same figures to a reader outside the pool whatever joins after the step', () => {
    const pool = Array.from({ length: 9 }, (_, i) => row(i, i * 10));
    const values = [{ id: 'privacy', dimension: 'precondition' as const }];
    const own = { responseId: 'me', goal: 45, precondition: 45, values: { privacy: 45 } };
    const a = peerComparison({ pool: pool.slice(0, 8), own, values, minPool: 4, minBin: 2 });
    const b = peerComparison({ pool, own, values, minPool: 4, minBin: 2 });
    expect(b).toEqual(a);
    expect(a.dimensions![0]).toMatchObject({ id: 'goal', n: 8, percentile: 63, score: 45 });
  });

  it('counts plan progress per value only for k teams or more', () => {
    const rows = [
      { responseId: 'a', valuesJson: '["privacy"]', status: 'done', dueDate: null },
      { responseId: 'a', valuesJson: '["privacy","security"]', status: 'open', dueDate: '2026-01-01' },
      { responseId: 'b', valuesJson: '["privacy"]', status: 'in_progress', dueDate: '2026-03-01' },
      { responseId: 'b', valuesJson: 'not json', status: 'open', dueDate: null },
    ];
    const p = planProgress(rows, [{ id: 'privacy' }, { id: 'security' }], 2, '2026-02-01');
    expect(p).toEqual({ teams: 2, values: [
      { id: 'privacy', suppressed: false, adopted: 3, done: 1, overdue: 1 },
      { id: 'security', suppressed: true, adopted: null, done: null, overdue: null },
    ] });
    expect(majorOf('2.1.0')).toBe(2);
  });

  it('counts an area\'s plan progress in the whole cohort only where the area\'s own view shows it', () => {
    // AI: one team put privacy in its plan (its view hides it); XR: two teams did (shown at k = 2).
    const rows = [
      { responseId: 'ai1', valuesJson: '["privacy"]', status: 'done', dueDate: null },
      { responseId: 'xr1', valuesJson: '["privacy"]', status: 'open', dueDate: null },
      { responseId: 'xr2', valuesJson: '["privacy"]', status: 'done', dueDate: null },
    ];
    const area = (id: string) => id.slice(0, 2);
    const values = [{ id: 'privacy' }, { id: 'security' }];
    const all = planProgressByArea(rows, area, values, 2, '2026-02-01');
    const xr = planProgress(rows.filter((r) => area(r.responseId) === 'xr'), values, 2, '2026-02-01');
    expect(all.values).toEqual(xr.values);
    expect(all.teams).toBe(3);
    // Plain planProgress over all three would have counted the AI team in.
    expect(planProgress(rows, values, 2, '2026-02-01').values[0]).toMatchObject({ adopted: 3, done: 2 });
  });
});
