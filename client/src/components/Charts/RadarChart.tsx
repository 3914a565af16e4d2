import type { ReportValue } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { labelAnchor, radarPoint, ringPoints, scorePolygon, splitLabel } from '../../logic/chart-geometry.js';
import { formatScore, statusLabel } from './format.js';
import { ChartFrame } from './ChartFrame.js';

const SIZE = 560;
const RADIUS = 170;
// Labels sit outside the plot; the side margins give two-line names like "Economische innovatie en kennisopbouw" room.
const PAD_X = 110;
const C = { x: SIZE / 2, y: SIZE / 2 };

export function RadarChart({ values, thresholds }: { values: ReportValue[]; thresholds: { sufficient: number; attention: number } }) {
  const n = values.length;
  const scores = values.map((v) => v.score);
  return (
    <ChartFrame
      id="radar"
      class="chart-radar"
      title={t('chart.radar.title')}
      description={t('chart.radar.desc', { sufficient: thresholds.sufficient, attention: thresholds.attention })}
      viewBox={`${-PAD_X} 0 ${SIZE + 2 * PAD_X} ${SIZE}`}
      table={{
        caption: t('chart.radar.title'),
        head: [t('report.value'), t('report.score'), t('report.status')],
        rows: values.map((v) => [v.name, formatScore(v.score), statusLabel(v.status)]),
      }}
      legend={
        // On a phone the names would shrink below reading size: the axes carry numbers, keyed here.
        <ol class="radar-key" aria-hidden="true">{values.map((v) => <li key={v.id}>{v.name}</li>)}</ol>
      }
    >
      {[25, 50, 75, 100].map((level) => <polygon key={level} points={ringPoints(level, n, RADIUS, C)} class="radar-grid" />)}
      {values.map((_, i) => {
        const end = radarPoint(100, i, n, RADIUS, C);
        return <line key={i} x1={C.x} y1={C.y} x2={end.x} y2={end.y} class="radar-axis" />;
      })}
      <polygon points={ringPoints(thresholds.attention, n, RADIUS, C)} class="threshold threshold-attention" />
      <polygon points={ringPoints(thresholds.sufficient, n, RADIUS, C)} class="threshold threshold-sufficient" />
      <polygon points={scorePolygon(scores, RADIUS, C)} class="radar-area" />
      {values.map((v, i) => {
        if (v.score === null) return null;
        const p = radarPoint(v.score, i, n, RADIUS, C);
        return <circle key={v.id} cx={p.x} cy={p.y} r={v.status === 'critical' || v.status === 'unknown-risk' ? 6 : 4} class={`radar-dot dot-${v.status}`} />;
      })}
      {values.map((v, i) => {
        const a = labelAnchor(i, n, RADIUS, C);
        const lines = splitLabel(v.name);
        return (
          <g key={v.id}>
            <text x={a.x} y={a.y} text-anchor={a.anchor} class={`radar-label${v.score === null ? ' unscored' : ''}`}>
              {lines.map((l, k) => <tspan key={k} x={a.x} dy={k === 0 ? (lines.length > 1 ? '-0.3em' : '0.35em') : '1.1em'}>{l}</tspan>)}
            </text>
            <text x={a.x} y={a.y} dy="0.35em" text-anchor={a.anchor} class="radar-number">{i + 1}</text>
          </g>
        );
      })}
      <text x={C.x + 4} y={C.y - (thresholds.sufficient / 100) * RADIUS - 3} class="threshold-label halo">{thresholds.sufficient}</text>
      <text x={C.x + 4} y={C.y - (thresholds.attention / 100) * RADIUS - 3} class="threshold-label halo">{thresholds.attention}</text>
    </ChartFrame>
  );
}
