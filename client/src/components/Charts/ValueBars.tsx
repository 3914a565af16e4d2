import type { ReportValue } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { formatScore, statusLabel } from './format.js';
import { ChartFrame } from './ChartFrame.js';

const ROW = 30;
const LABEL_W = 250;
const BAR_W = 300;
const STATUS_W = 170;

// A fill pattern per status, so bars differ without colour too (greyscale print, colour-blind readers).
const PATTERN: Record<string, string> = {
  critical: 'url(#pat-cross)', 'unknown-risk': 'url(#pat-cross)', insufficient: 'url(#pat-diagonal)', limited: 'url(#pat-diagonal)',
  attention: 'url(#pat-dots)', moderate: 'url(#pat-dots)', sufficient: 'url(#pat-solid)', strong: 'url(#pat-solid)',
};

export function ValueBars({ values, thresholds }: { values: ReportValue[]; thresholds: { sufficient: number; attention: number } }) {
  const height = values.length * ROW + 30;
  const x0 = LABEL_W;
  const xOf = (score: number) => x0 + (score / 100) * BAR_W;
  return (
    <ChartFrame
      id="bars"
      class="chart-bars"
      title={t('chart.bars.title')}
      description={t('chart.bars.desc')}
      viewBox={`0 0 ${LABEL_W + BAR_W + STATUS_W} ${height}`}
      table={{
        caption: t('chart.bars.title'),
        head: [t('report.value'), t('report.score'), t('report.status')],
        rows: values.map((v) => [v.name, formatScore(v.score), statusLabel(v.status)]),
      }}
    >
      <defs>
        <pattern id="pat-solid" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-sufficient" /></pattern>
        <pattern id="pat-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" class="fill-attention-bg" /><circle cx="3" cy="3" r="1.6" class="fill-attention" /></pattern>
        <pattern id="pat-diagonal" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="fill-insufficient-bg" /><rect width="3" height="6" class="fill-insufficient" /></pattern>
        <pattern id="pat-cross" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" class="fill-critical-bg" /><path d="M0 0L8 8M8 0L0 8" class="stroke-critical" /></pattern>
      </defs>
      {values.map((v, i) => {
        const y = i * ROW + 8;
        return (
          <g key={v.id}>
            <text x={x0 - 8} y={y + 15} text-anchor="end" class="bar-label">{v.name}</text>
            <rect x={x0} y={y} width={BAR_W} height={20} class="bar-track" />
            {v.score !== null && <rect x={x0} y={y} width={Math.max(1, (v.score / 100) * BAR_W)} height={20} fill={PATTERN[v.status]} class={`bar bar-${v.status}`} />}
            <text x={x0 + BAR_W + 8} y={y + 15} class={`bar-status status-${v.status}`}>{formatScore(v.score)} · {statusLabel(v.status)}</text>
          </g>
        );
      })}
      {[thresholds.attention, thresholds.sufficient].map((th) => (
        <g key={th}>
          <line x1={xOf(th)} y1={2} x2={xOf(th)} y2={values.length * ROW + 10} class="threshold" />
          <text x={xOf(th)} y={values.length * ROW + 24} text-anchor="middle" class="tick">{th}</text>
        </g>
      ))}
    </ChartFrame>
  );
}
