// The peer comparison's pure parts: coarse bins, percentiles, the released pool and plan progress.
import { describe, expect, it } from 'vitest';
import { coarseBins, majorOf, peerComparison, percentileOf, planProgress, releasedPool, type PoolRow } from '../../server/integration/peers.js';

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

  it('releases the pool in steps of the threshold, without the reader\'s row', () => {
    const pool = Array.from({ length: 9 }, (_, i) => row(i, i * 10));
    expect(releasedPool(pool, 4).length).toBe(8);
    expect(releasedPool(pool, 4, 'r000').length).toBe(8);
    expect(releasedPool(pool.slice(0, 4), 4, 'r000').length).toBe(0);
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
});
