import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { quadrantPoint } from '../../logic/chart-geometry.js';
import { quadrantMarker } from '../../logic/report-actions.js';
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

/**
 * The four profiles of the scoring model as quadrants; the result is a point, earlier attempts lead
 * up to it. A capped profile (knock-out or unknown risk) puts the point in the quadrant the profile
 * names, with an open ring on the self-reported precondition score, so chart and words agree.
 */
export function QuadrantChart({ attempts, threshold, capped = false }: { attempts: Attempt[]; threshold: number; capped?: boolean }) {
  const inner = SIZE - 2 * M;
  const tx = M + (threshold / 100) * inner;
  const ty = M + (1 - threshold / 100) * inner;
  const plotted = attempts.filter((a) => a.goal !== null && a.precondition !== null).map((a) => ({ ...a, p: quadrantPoint(a.goal!, a.precondition!, SIZE, M) }));
  const latest = attempts.at(-1);
  // The last plotted attempt is the current one only when the current one has both scores.
  const now = latest && latest.goal !== null && latest.precondition !== null ? plotted.at(-1) : undefined;
  const marker = now ? quadrantMarker(now.goal!, now.precondition!, threshold, capped) : null;
  const own = now && marker?.actual != null ? now.p : null;
  if (now && marker) plotted[plotted.length - 1] = { ...now, p: quadrantPoint(marker.goal, marker.precondition, SIZE, M) };
  const current = now ? plotted.at(-1) : undefined;
  return (
    <ChartFrame
      id="quadrant"
      class="chart-quadrant"
      title={t('chart.quadrant.title')}
      description={latest && latest.goal !== null && latest.precondition !== null
        ? t('chart.quadrant.desc', { goal: formatScore(latest.goal), precondition: formatScore(latest.precondition), profile: profileLabel(latest.profile), threshold })
          + (own ? ` ${t('chart.quadrant.capped', { precondition: formatScore(latest.precondition) })}` : '')
        : t('chart.quadrant.descIncomplete')}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      note={own && latest ? t('chart.quadrant.capNote', { precondition: formatScore(latest.precondition) }) : undefined}
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
      {(current ? plotted.slice(0, -1) : plotted).map((a, i) => <circle key={i} cx={a.p.x} cy={a.p.y} r={5} class="quadrant-earlier" />)}
      {own && current && <line x1={own.x} y1={own.y} x2={current.p.x} y2={current.p.y} class="quadrant-cap" />}
      {own && <circle cx={own.x} cy={own.y} r={7} class="quadrant-own" />}
      {current && <circle cx={current.p.x} cy={current.p.y} r={9} class="quadrant-current" />}
    </ChartFrame>
  );
}
