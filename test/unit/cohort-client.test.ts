import { describe, expect, it } from 'vitest';
import { boxOf, CHART, orderedCounts, xOf } from '../../client/src/logic/cohort.js';
import { hostOrigin, validAccent } from '../../client/src/logic/cohort-embed.js';

describe('cohort chart logic', () => {
  it('maps scores onto the plot and clamps them', () => {
    expect(xOf(0)).toBe(CHART.label);
    expect(xOf(100)).toBe(CHART.width - CHART.pad);
    expect(xOf(150)).toBe(xOf(100));
    expect(boxOf(null)).toBeNull();
    expect(boxOf({ n: 5, median: 50, q1: 40, q3: 60, iqr: 20 })).toEqual({ x: xOf(40), width: xOf(60) - xOf(40), median: xOf(50) });
  });
  it('orders status counts and drops zeros', () => {
    expect(orderedCounts({ sufficient: 2, critical: 1, attention: 0, other: 3 })).toEqual([['critical', 1], ['sufficient', 2], ['other', 3]]);
    expect(orderedCounts(null)).toEqual([]);
  });
});

describe('embed logic', () => {
  it('accepts hex colours only', () => {
    expect(validAccent('#0b5cad')).toBe('#0b5cad');
    expect(validAccent('#abc')).toBe('#abc');
    for (const bad of ['red', '#12345', 'url(x)', '#0b5cad;color:red', null]) expect(validAccent(bad)).toBeNull();
  });
  it('posts only to an allowed origin that is really the framing page', () => {
    const allowed = ['https://a.example', 'https://b.example'];
    expect(hostOrigin('https://a.example', allowed, null)).toBe('https://a.example');
    expect(hostOrigin('https://a.example', allowed, ['https://a.example'])).toBe('https://a.example');
    expect(hostOrigin('https://a.example', allowed, ['https://b.example'])).toBeNull();
    expect(hostOrigin('https://evil.example', allowed, null)).toBeNull();
    expect(hostOrigin(null, allowed, null)).toBeNull();
  });
});
