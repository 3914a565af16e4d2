import type { ReportValue } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { formatScore, statusLabel } from './format.js';
import { ChartFrame } from './ChartFrame.js';

/** "58,2 · Aandacht nodig", or only the status when there is no score (not "niet beoordeeld · Niet beoordeeld"). */
export function barText(v: Pick<ReportValue, 'score' | 'status'>): string {
  return v.score === null ? statusLabel(v.status) : `${formatScore(v.score)} · ${statusLabel(v.status)}`;
}

/**
 * Score and status per value as HTML bars: names and statuses are real text that wraps at its own
 * size, so nothing is clipped on a phone or on paper. A fill pattern per status (styles.css) makes
 * bars differ without colour too; no text is ever drawn over a pattern.
 */
export function ValueBars({ values, thresholds }: { values: ReportValue[]; thresholds: { sufficient: number; attention: number } }) {
  return (
    <ChartFrame
      id="bars"
      class="chart-bars"
      title={t('chart.bars.title')}
      description={t('chart.bars.desc')}
      table={{
        caption: t('chart.bars.title'),
        head: [t('report.value'), t('report.score'), t('report.status')],
        rows: values.map((v) => [v.name, formatScore(v.score), statusLabel(v.status)]),
      }}
    >
      <div class="bar-list" aria-hidden="true" style={{ '--at-attention': `${thresholds.attention}%`, '--at-sufficient': `${thresholds.sufficient}%` }}>
        {values.map((v) => (
          <div class="bar-row" key={v.id}>
            <span class="bar-name">{v.name}</span>
            <span class="bar-track">
              {v.score !== null && <span class={`bar bar-${v.status}`} style={{ width: `${Math.max(0.5, v.score)}%` }} />}
            </span>
            <span class={`bar-status status-${v.status}`}>{barText(v)}</span>
          </div>
        ))}
        <div class="bar-row bar-axis">
          <span class="bar-name" />
          <span class="bar-ticks">
            <span style={{ left: `${thresholds.attention}%` }}>{thresholds.attention}</span>
            <span style={{ left: `${thresholds.sufficient}%` }}>{thresholds.sufficient}</span>
          </span>
          <span class="bar-status" />
        </div>
      </div>
    </ChartFrame>
  );
}
