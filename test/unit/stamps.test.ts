import { describe, expect, it } from 'vitest';
import { stampAfter } from '../../server/repositories/stamps.js';

describe('stampAfter', () => {
  const t = '2026-12-03T01:00:00.000Z';
  it('keeps now when the group is empty or everything in it is earlier', () => {
    expect(stampAfter(t, [])).toBe(t);
    expect(stampAfter(t, [undefined, null, '2026-12-03T00:59:59.999Z'])).toBe(t);
  });
  it('goes one millisecond behind the latest stamp when now is not after it (a clock behind, or the same millisecond)', () => {
    expect(stampAfter(t, ['2026-12-03T02:00:00.000Z', '2026-12-03T00:00:00.000Z'])).toBe('2026-12-03T02:00:00.001Z');
    expect(stampAfter(t, [t])).toBe('2026-12-03T01:00:00.001Z');
  });
  it('keeps now when the latest stamp is no time it can go behind', () => {
    expect(stampAfter(t, ['zzz'])).toBe(t);
  });
});
