// The DOCX's chart image: bars on a 0..100 axis as plain rectangles, no text, thresholds as markers.
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { barChart, MAX_GROUPS } from '../../server/export/docx/chart.js';

const RED = [200, 0, 0] as const;
const BLUE = [0, 0, 200] as const;
const key = (img: PNG, x: number, y: number) => { const i = (y * img.width + x) * 4; return `${img.data[i]},${img.data[i + 1]},${img.data[i + 2]}`; };
const row = (img: PNG, y: number) => Array.from({ length: img.width }, (_, x) => key(img, x, y));

describe('the DOCX bar chart', () => {
  it('draws each score as a bar in proportion, nothing for a missing score, and only the few colours it uses', () => {
    const chart = barChart([{ bars: [{ value: 50, color: RED }] }, { bars: [{ value: null, color: BLUE }] }, { bars: [{ value: 100, color: BLUE }] }], [40, 60]);
    const img = PNG.sync.read(chart.png);
    expect([img.width, img.height]).toEqual([chart.width, chart.height]);
    const plot = chart.width - 32;
    const [first, missing, full] = [16 + 8, 16 + 28 + 8, 16 + 56 + 8].map((y) => row(img, y));
    // Half the axis red (a marker at 40 draws over it), none in the missing row, the whole axis blue.
    expect(Math.abs(first.filter((c) => c === RED.join(',')).length - plot / 2)).toBeLessThanOrEqual(3);
    expect(missing.filter((c) => c === BLUE.join(',') || c === RED.join(','))).toHaveLength(0);
    expect(Math.abs(full.filter((c) => c === BLUE.join(',')).length - plot)).toBeLessThanOrEqual(5);
    // The thresholds are drawn as markers across the rows: at 40 % and 60 % of the axis.
    const marker = '73,80,87';
    expect(missing.map((c, x) => (c === marker ? x : -1)).filter((x) => x >= 0)).toEqual(
      [Math.round(16 + 0.4 * plot) - 1, Math.round(16 + 0.4 * plot), Math.round(16 + 0.6 * plot) - 1, Math.round(16 + 0.6 * plot)],
    );
    // Rectangles only: background, grid, markers and the bars' colours, no anti-aliased text.
    const colours = new Set<string>();
    for (let y = 0; y < img.height; y++) for (const c of row(img, y)) colours.add(c);
    expect([...colours].sort()).toEqual(['0,0,200', '200,0,0', '222,226,230', '255,255,255', '73,80,87']);
  });

  it('stays bounded: no more than its maximum of groups is drawn', () => {
    const many = barChart(Array.from({ length: MAX_GROUPS * 10 }, () => ({ bars: [{ value: 10, color: RED }] })), []);
    const some = barChart(Array.from({ length: MAX_GROUPS }, () => ({ bars: [{ value: 10, color: RED }] })), []);
    expect(many.height).toBe(some.height);
  });
});
