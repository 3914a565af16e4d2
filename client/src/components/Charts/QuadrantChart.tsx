import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { quadrantPoint, splitLabel } from '../../logic/chart-geometry.js';
import { quadrantMarker } from '../../logic/report-actions.js';
import { formatScore, profileLabel } from './format.js';
import { ChartFrame } from './ChartFrame.js';

const SIZE = 420;
const M = 52;
// 0 and 100 lie this far inside the frame: a dot on either is whole and does not cover a tick label.
const INSET = 14;
// Room under the frame for the tick labels, the lower quadrants' names and the axis title.
const HEIGHT = SIZE + 44;

interface Attempt {
  label: string;
  goal: number | null;
  precondition: number | null;
  profile: string;
  /** A knock-out or unknown risk capped this attempt's profile (the report's profileCapped, or its history entry's). */
  capped?: boolean;
}

/**
 * A quadrant's name, outside the frame (above the upper quadrants, below the lower ones), so no dot
 * can ever cover it; `bottom` is the baseline of its last line.
 */
function QuadrantLabel({ x, bottom, anchor, text }: { x: number; bottom: number; anchor: 'start' | 'end'; text: string }) {
  const lines = splitLabel(text, 14);
  const y0 = bottom - (lines.length - 1) * 17;
  return (
    <text x={x} y={y0} text-anchor={anchor} class="quadrant-label halo">
      {lines.map((l, k) => <tspan key={k} x={x} dy={k === 0 ? 0 : 17}>{l}</tspan>)}
    </text>
  );
}

/**
 * The four profiles of the scoring model as quadrants; the result is a point, earlier attempts lead
 * up to it, each dot numbered by its attempt. A capped profile (knock-out or unknown risk) puts the
 * point in the quadrant the profile names, with an open ring on the self-reported precondition
 * score, so chart and words agree. An earlier attempt that was capped is put in its profile's
 * quadrant the same way (its own scores are in the table; a second ring would read as a dot).
 */
export function QuadrantChart({ attempts, threshold, capped = false }: { attempts: Attempt[]; threshold: number; capped?: boolean }) {
  const inner = SIZE - 2 * M;
  const at = (goal: number, precondition: number) => quadrantPoint(goal, precondition, SIZE, M, INSET);
  const mid = at(threshold, threshold);
  const latest = attempts.at(-1);
  // The current attempt's cap comes with the chart (capped), an earlier one's with the attempt.
  const cappedOf = (a: Attempt) => (a === latest ? capped || a.capped === true : a.capped === true);
  const plotted = attempts
    .map((a, i) => ({ ...a, n: i + 1 }))
    .filter((a) => a.goal !== null && a.precondition !== null)
    .map((a) => {
      const marker = quadrantMarker(a.goal!, a.precondition!, threshold, cappedOf(attempts[a.n - 1]));
      return { ...a, p: at(marker.goal, marker.precondition), own: marker.actual === null ? null : at(a.goal!, a.precondition!) };
    });
  // The last plotted attempt is the current one only when the current one has both scores.
  const current = latest && latest.goal !== null && latest.precondition !== null ? plotted.at(-1) : undefined;
  const own = current?.own ?? null;
  const earlierMoved = plotted.some((a) => a !== current && a.own !== null);
  // Numbers beside the dots only when there is a trail to tell apart.
  const numbered = plotted.length > 1;
  return (
    <ChartFrame
      id="quadrant"
      class="chart-quadrant"
      title={t('chart.quadrant.title')}
      description={latest && latest.goal !== null && latest.precondition !== null
        ? t('chart.quadrant.desc', { goal: formatScore(latest.goal), precondition: formatScore(latest.precondition), profile: profileLabel(latest.profile), threshold })
          + (own ? ` ${t('chart.quadrant.capped', { precondition: formatScore(latest.precondition) })}` : '')
        : t('chart.quadrant.descIncomplete')}
      viewBox={`0 0 ${SIZE} ${HEIGHT}`}
      note={[
        own && latest ? t('chart.quadrant.capNote', { precondition: formatScore(latest.precondition) }) : '',
        earlierMoved ? t('chart.quadrant.cappedEarlier') : '',
      ].filter(Boolean).join(' ') || undefined}
      printTable={attempts.length > 1}
      table={{
        caption: t('chart.quadrant.title'),
        head: [t('chart.attempt'), t('report.goal'), t('report.precondition'), t('report.profile')],
        rows: attempts.map((a) => [a.label, formatScore(a.goal), formatScore(a.precondition), profileLabel(a.profile)]),
      }}
    >
      <rect x={M} y={M} width={inner} height={inner} class="quadrant-frame" />
      <line x1={mid.x} y1={M} x2={mid.x} y2={M + inner} class="threshold threshold-profile" />
      <line x1={M} y1={mid.y} x2={M + inner} y2={mid.y} class="threshold threshold-profile" />
      {plotted.length > 1 && <polyline points={plotted.map((a) => `${a.p.x},${a.p.y}`).join(' ')} class="quadrant-path" />}
      {(current ? plotted.slice(0, -1) : plotted).map((a) => <circle key={a.n} cx={a.p.x} cy={a.p.y} r={5} class="quadrant-earlier" />)}
      {own && current && <line x1={own.x} y1={own.y} x2={current.p.x} y2={current.p.y} class="quadrant-cap" />}
      {own && <circle cx={own.x} cy={own.y} r={7} class="quadrant-own" />}
      {current && <circle cx={current.p.x} cy={current.p.y} r={9} class="quadrant-current" />}
      {numbered && plotted.map((a) => (
        <text key={`n${a.n}`} x={a.p.x + 11} y={a.p.y - 9} class="quadrant-number halo">{a.n}</text>
      ))}
      <QuadrantLabel x={M + inner} bottom={M - 8} anchor="end" text={profileLabel('valuable')} />
      <QuadrantLabel x={M} bottom={M - 8} anchor="start" text={profileLabel('promising-with-risks')} />
      <QuadrantLabel x={M + inner} bottom={M + inner + 40} anchor="end" text={profileLabel('careful')} />
      <QuadrantLabel x={M} bottom={M + inner + 40} anchor="start" text={profileLabel('starting')} />
      <text x={M + inner / 2} y={HEIGHT - 8} text-anchor="middle" class="axis-label">{t('chart.quadrant.x')}</text>
      <text x={16} y={M + inner / 2} text-anchor="middle" transform={`rotate(-90 16 ${M + inner / 2})`} class="axis-label">{t('chart.quadrant.y')}</text>
      {[0, 50, 100].map((v) => {
        const p = at(v, v);
        return (
          <g key={v}>
            <text x={p.x} y={M + inner + 18} text-anchor="middle" class="tick">{v}</text>
            <text x={M - 6} y={p.y + 5} text-anchor="end" class="tick">{v}</text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
