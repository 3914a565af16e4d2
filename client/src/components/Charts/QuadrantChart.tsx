import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { quadrantPoint } from '../../logic/chart-geometry.js';
import { formatScore, profileLabel } from './format.js';
import { ChartFrame } from './ChartFrame.js';

const SIZE = 420;
const M = 48;

interface Attempt {
  label: string;
  goal: number | null;
  precondition: number | null;
  profile: string;
}

/** The four profiles of the scoring model as quadrants; the result is a point, earlier attempts lead up to it. */
export function QuadrantChart({ attempts, threshold }: { attempts: Attempt[]; threshold: number }) {
  const inner = SIZE - 2 * M;
  const tx = M + (threshold / 100) * inner;
  const ty = M + (1 - threshold / 100) * inner;
  const plotted = attempts.filter((a) => a.goal !== null && a.precondition !== null).map((a) => ({ ...a, p: quadrantPoint(a.goal!, a.precondition!, SIZE, M) }));
  const current = plotted.at(-1);
  const latest = attempts.at(-1);
  return (
    <ChartFrame
      id="quadrant"
      class="chart-quadrant"
      title={t('chart.quadrant.title')}
      description={latest && latest.goal !== null && latest.precondition !== null
        ? t('chart.quadrant.desc', { goal: formatScore(latest.goal), precondition: formatScore(latest.precondition), profile: profileLabel(latest.profile), threshold })
        : t('chart.quadrant.descIncomplete')}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      table={{
        caption: t('chart.quadrant.title'),
        head: [t('chart.attempt'), t('report.goal'), t('report.precondition'), t('report.profile')],
        rows: attempts.map((a) => [a.label, formatScore(a.goal), formatScore(a.precondition), profileLabel(a.profile)]),
      }}
    >
      <rect x={M} y={M} width={inner} height={inner} class="quadrant-frame" />
      <line x1={tx} y1={M} x2={tx} y2={M + inner} class="threshold threshold-profile" />
      <line x1={M} y1={ty} x2={M + inner} y2={ty} class="threshold threshold-profile" />
      <text x={M + inner - 6} y={M + 18} text-anchor="end" class="quadrant-label">{profileLabel('valuable')}</text>
      <text x={M + 6} y={M + 18} class="quadrant-label">{profileLabel('promising-with-risks')}</text>
      <text x={M + inner - 6} y={M + inner - 8} text-anchor="end" class="quadrant-label">{profileLabel('careful')}</text>
      <text x={M + 6} y={M + inner - 8} class="quadrant-label">{profileLabel('starting')}</text>
      <text x={M + inner / 2} y={SIZE - 10} text-anchor="middle" class="axis-label">{t('chart.quadrant.x')}</text>
      <text x={14} y={M + inner / 2} text-anchor="middle" transform={`rotate(-90 14 ${M + inner / 2})`} class="axis-label">{t('chart.quadrant.y')}</text>
      {[0, 50, 100].map((v) => (
        <g key={v}>
          <text x={M + (v / 100) * inner} y={M + inner + 16} text-anchor="middle" class="tick">{v}</text>
          <text x={M - 6} y={M + (1 - v / 100) * inner + 4} text-anchor="end" class="tick">{v}</text>
        </g>
      ))}
      {plotted.length > 1 && <polyline points={plotted.map((a) => `${a.p.x},${a.p.y}`).join(' ')} class="quadrant-path" />}
      {plotted.slice(0, -1).map((a, i) => <circle key={i} cx={a.p.x} cy={a.p.y} r={5} class="quadrant-earlier" />)}
      {current && <circle cx={current.p.x} cy={current.p.y} r={9} class="quadrant-current" />}
    </ChartFrame>
  );
}
