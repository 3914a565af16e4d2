import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { seriesPoints } from '../../logic/chart-geometry.js';
import { formatScore } from './format.js';
import { ChartFrame } from './ChartFrame.js';

const W = 520;
const H = 240;
const M = 36;

/** Goal and precondition scores over attempts; the two lines differ by dash and marker, not only colour. */
export function HistoryChart({ attempts }: { attempts: Array<{ label: string; goal: number | null; precondition: number | null }> }) {
  const goal = seriesPoints(attempts.map((a) => a.goal), W, H, M);
  const pre = seriesPoints(attempts.map((a) => a.precondition), W, H, M);
  const line = (pts: typeof goal) => pts.filter((p) => p !== null).map((p) => `${p!.x},${p!.y}`).join(' ');
  return (
    <ChartFrame
      id="history"
      class="chart-history"
      title={t('chart.history.title')}
      description={t('chart.history.desc', { n: attempts.length })}
      viewBox={`0 0 ${W} ${H + 30}`}
      printTable
      table={{
        caption: t('chart.history.title'),
        head: [t('chart.attempt'), t('report.goal'), t('report.precondition')],
        rows: attempts.map((a) => [a.label, formatScore(a.goal), formatScore(a.precondition)]),
      }}
    >
      {[0, 50, 100].map((v) => {
        const y = M + (1 - v / 100) * (H - 2 * M);
        return <g key={v}><line x1={M} x2={W - M} y1={y} y2={y} class="radar-grid" /><text x={M - 6} y={y + 4} text-anchor="end" class="tick">{v}</text></g>;
      })}
      <polyline points={line(goal)} class="history-goal" />
      <polyline points={line(pre)} class="history-precondition" />
      {goal.map((p, i) => p && <circle key={`g${i}`} cx={p.x} cy={p.y} r={4} class="history-goal-dot" />)}
      {pre.map((p, i) => p && <rect key={`p${i}`} x={p.x - 4} y={p.y - 4} width={8} height={8} class="history-precondition-dot" />)}
      {attempts.map((a, i) => {
        const x = goal[i]?.x ?? pre[i]?.x ?? M;
        return <text key={i} x={x} y={H - 8} text-anchor="middle" class="tick">{a.label}</text>;
      })}
      <g class="legend">
        <line x1={M} x2={M + 24} y1={H + 16} y2={H + 16} class="history-goal" /><text x={M + 30} y={H + 20}>{t('report.goal')}</text>
        <line x1={M + 150} x2={M + 174} y1={H + 16} y2={H + 16} class="history-precondition" /><text x={M + 180} y={H + 20}>{t('report.precondition')}</text>
      </g>
    </ChartFrame>
  );
}
