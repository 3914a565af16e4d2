// The report's charts as PNG images for the DOCX: horizontal bars on a 0..100 scale, drawn as plain
// rectangles with pngjs. No text goes into the image (it could not be read aloud, searched or
// translated): the document carries the names and numbers in a table under each image, and the image
// an alt text that says how to read it.
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];

export interface BarGroup {
  /** One bar per entry, drawn top to bottom; null draws no bar (no score). */
  bars: Array<{ value: number | null; color: Rgb }>;
}

export interface BarChart {
  png: Buffer;
  width: number;
  height: number;
}

const WIDTH = 640;
const MARGIN = 16;
const BAR = 16;
const BAR_GAP = 2;
const GROUP_GAP = 10;
/** A report has some twenty values and a handful of attempts; anything beyond this is cut, not drawn. */
export const MAX_GROUPS = 60;

const WHITE: Rgb = [255, 255, 255];
const GRID: Rgb = [222, 226, 230];
const MARKER: Rgb = [73, 80, 87];

/** Colours by value status, as the report page's badges (greens good, ambers attention, reds weak). */
export const STATUS_COLOUR: Record<string, Rgb> = {
  critical: [179, 38, 30], 'unknown-risk': [194, 94, 0], insufficient: [217, 72, 15], limited: [217, 72, 15],
  attention: [232, 162, 0], moderate: [232, 162, 0], sufficient: [43, 138, 62], strong: [43, 138, 62], unscored: [134, 142, 150],
};
export const GOAL_COLOUR: Rgb = [28, 126, 214];
export const PRECONDITION_COLOUR: Rgb = [112, 72, 232];

/**
 * Bars on a 0..100 axis with light grid lines every 25 and darker vertical markers (thresholds).
 * Values outside 0..100 are clamped: the table beside the image carries the exact figure.
 */
export function barChart(groups: BarGroup[], markers: number[]): BarChart {
  const shown = groups.slice(0, MAX_GROUPS);
  const plot = WIDTH - 2 * MARGIN;
  const groupHeight = (g: BarGroup) => Math.max(1, g.bars.length) * (BAR + BAR_GAP) - BAR_GAP;
  const height = Math.max(2 * MARGIN, 2 * MARGIN + shown.reduce((n, g) => n + groupHeight(g), 0) + Math.max(0, shown.length - 1) * GROUP_GAP);
  const png = new PNG({ width: WIDTH, height });
  const fill = (x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb) => {
    const x1 = Math.min(WIDTH, Math.max(0, Math.round(x0 + w)));
    const y1 = Math.min(height, Math.max(0, Math.round(y0 + h)));
    for (let y = Math.max(0, Math.round(y0)); y < y1; y++) {
      for (let x = Math.max(0, Math.round(x0)); x < x1; x++) {
        const i = (y * WIDTH + x) * 4;
        png.data[i] = r; png.data[i + 1] = g; png.data[i + 2] = b; png.data[i + 3] = 255;
      }
    }
  };
  const xOf = (v: number) => MARGIN + (Math.min(100, Math.max(0, v)) / 100) * plot;
  fill(0, 0, WIDTH, height, WHITE);
  for (const tick of [0, 25, 50, 75, 100]) fill(xOf(tick) - (tick === 100 ? 1 : 0), MARGIN / 2, 1, height - MARGIN, GRID);
  let y = MARGIN;
  for (const g of shown) {
    g.bars.forEach((bar, i) => {
      if (bar.value !== null && Number.isFinite(bar.value)) fill(xOf(0), y + i * (BAR + BAR_GAP), xOf(bar.value) - xOf(0), BAR, bar.color);
    });
    y += groupHeight(g) + GROUP_GAP;
  }
  // Markers last, over the bars, so a bar ending at a threshold still shows where the threshold is.
  for (const m of markers) if (Number.isFinite(m)) fill(xOf(m) - 1, MARGIN / 4, 2, height - MARGIN / 2, MARKER);
  return { png: PNG.sync.write(png), width: WIDTH, height };
}
