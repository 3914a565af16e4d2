// Geometry of the report's charts, kept apart from the SVG so it can be tested.

export interface Point {
  x: number;
  y: number;
}

/** Where a score (0-100) on axis i of n lies: axis 0 points up, then clockwise. */
export function radarPoint(score: number, i: number, n: number, radius: number, center: Point): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  const r = (Math.max(0, Math.min(100, score)) / 100) * radius;
  return { x: round(center.x + r * Math.cos(angle)), y: round(center.y + r * Math.sin(angle)) };
}

/** The polygon of a constant level (a threshold ring) on an n-axis radar. */
export function ringPoints(level: number, n: number, radius: number, center: Point): string {
  return Array.from({ length: n }, (_, i) => radarPoint(level, i, n, radius, center)).map(pointString).join(' ');
}

/** The polygon through the scored axes only: an unscored value is not a zero. */
export function scorePolygon(scores: Array<number | null>, radius: number, center: Point): string {
  return scores
    .map((s, i) => (s === null ? null : radarPoint(s, i, scores.length, radius, center)))
    .filter((p): p is Point => p !== null)
    .map(pointString)
    .join(' ');
}

/** Anchor for a label just outside axis i, so text never overlaps the plot. */
export function labelAnchor(i: number, n: number, radius: number, center: Point): Point & { anchor: 'start' | 'middle' | 'end' } {
  const p = radarPoint(100, i, n, radius + 14, center);
  const dx = p.x - center.x;
  return { ...p, anchor: Math.abs(dx) < radius * 0.15 ? 'middle' : dx > 0 ? 'start' : 'end' };
}

/** Splits a label into at most two lines near its middle, for names like "Economische innovatie en kennisopbouw". */
export function splitLabel(text: string, max = 18): string[] {
  if (text.length <= max) return [text];
  const middle = text.length / 2;
  let best = -1;
  for (let i = 0; i < text.length; i++) if (text[i] === ' ' && (best < 0 || Math.abs(i - middle) < Math.abs(best - middle))) best = i;
  return best < 0 ? [text] : [text.slice(0, best), text.slice(best + 1)];
}

/**
 * Position on the profile chart: precondition score across, goal score up. `inset` keeps 0 and 100
 * that far inside the frame, so a dot there is whole and clear of the tick labels.
 */
export function quadrantPoint(goal: number, precondition: number, size: number, margin: number, inset = 0): Point {
  const lo = margin + inset;
  const span = size - 2 * margin - 2 * inset;
  return { x: round(lo + (precondition / 100) * span), y: round(lo + (1 - goal / 100) * span) };
}

/** x positions of n attempts across a width, and y of a score, for the history chart. */
export function seriesPoints(scores: Array<number | null>, width: number, height: number, margin: number): Array<Point | null> {
  const step = scores.length > 1 ? (width - 2 * margin) / (scores.length - 1) : 0;
  return scores.map((s, i) => (s === null ? null : { x: round(margin + i * step), y: round(margin + (1 - s / 100) * (height - 2 * margin)) }));
}

const round = (x: number) => Math.round(x * 100) / 100;
const pointString = (p: Point) => `${p.x},${p.y}`;
