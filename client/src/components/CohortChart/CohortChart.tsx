// Per value (or dimension) the middle half of the cohort as a bar and the median as a line, on 0–100,
// with the 40/60 thresholds. HTML, not SVG: names are real text that wraps at its own size, so a phone
// shows them as readable as a laptop does (a scaled SVG shrank them to 5 px). ChartFrame adds the same
// figures as a table for screen readers and print.
import type { ComponentChildren } from 'preact';
import type { CohortGroup } from '../../api/integration.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.integration.js';
import '../../i18n/messages.cohort.js';
import { boxPercent, figure } from '../../logic/cohort.js';
import { SCORING_DEFAULTS } from '../../../../core/types.js';
import { ChartFrame } from '../Charts/ChartFrame.js';
import './cohort.css';

const TICKS = [0, SCORING_DEFAULTS.attention, SCORING_DEFAULTS.sufficient, 100];

/** The key to the chart, visible: what the bar, the line and the dotted lines mean. */
export function CohortLegend() {
  return (
    <ul class="cohort-legend">
      <li><span class="swatch swatch-box" aria-hidden="true" />{t('cohortPage.legendBox')}</li>
      <li><span class="swatch swatch-median" aria-hidden="true" />{t('cohortPage.legendMedian')}</li>
      <li><span class="swatch swatch-threshold" aria-hidden="true" />{t('cohortPage.legendThresholds', { attention: SCORING_DEFAULTS.attention, sufficient: SCORING_DEFAULTS.sufficient })}</li>
    </ul>
  );
}

export function CohortChart({ id, title, groups, nameOf, threshold }: { id: string; title: string; groups: CohortGroup[]; nameOf: (id: string) => string; threshold: number }) {
  const lang = locale.value;
  const hidden = t('cohortPage.rowHidden', { threshold });
  const thresholds: ComponentChildren = [SCORING_DEFAULTS.attention, SCORING_DEFAULTS.sufficient].map((s) => <span key={s} class="cohort-threshold" style={{ left: `${s}%` }} />);
  return (
    <ChartFrame
      id={id} title={title} description={t('cohort.chartDesc')} class="cohort-chart"
      legend={<CohortLegend />}
      table={{
        caption: title,
        head: [t('cohort.col.name'), t('cohort.col.n'), t('cohort.col.median'), t('cohort.col.q1'), t('cohort.col.q3')],
        rows: groups.map((g) => [nameOf(g.id), g.n, g.suppressed ? hidden : figure(g.distribution?.median, lang), figure(g.distribution?.q1, lang), figure(g.distribution?.q3, lang)]),
      }}
    >
      <div class="cohort-bars" aria-hidden="true">
        {groups.map((g) => {
          const box = boxPercent(g.distribution);
          return (
            <div class="cohort-row" key={g.id}>
              <span class="cohort-label">{nameOf(g.id)}</span>
              <span class="cohort-track">
                {thresholds}
                {box ? (
                  <>
                    <span class="cohort-box" style={{ left: `${box.left}%`, width: `${box.width}%` }} />
                    <span class="cohort-median" style={{ left: `${box.median}%` }} />
                  </>
                ) : <span class="cohort-hidden">{hidden}</span>}
              </span>
            </div>
          );
        })}
        <div class="cohort-row cohort-axis-row">
          <span class="cohort-spacer" />
          <span class="cohort-axis">{TICKS.map((s) => <span key={s} style={{ left: `${s}%` }}>{s}</span>)}</span>
        </div>
      </div>
    </ChartFrame>
  );
}

/** A wide table in its own scroll box: focusable (keyboard scrolling) and named by the table's caption. */
export function ScrollTable({ labelId, children }: { labelId: string; children: ComponentChildren }) {
  return <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={labelId}>{children}</div>;
}
