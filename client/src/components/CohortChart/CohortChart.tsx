// Per value (or dimension) the middle half of the cohort as a bar and the median as a tick, on 0–100.
// ChartFrame adds the same figures as a table for screen readers and print.
import type { CohortGroup } from '../../api/integration.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.integration.js';
import { boxOf, CHART, xOf } from '../../logic/cohort.js';
import { ChartFrame } from '../Charts/ChartFrame.js';
import './cohort.css';

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '–' : String(x));

export function CohortChart({ id, title, groups, nameOf }: { id: string; title: string; groups: CohortGroup[]; nameOf: (id: string) => string }) {
  const height = groups.length * CHART.row + 24;
  return (
    <ChartFrame
      id={id} title={title} description={t('cohort.chartDesc')} viewBox={`0 0 ${CHART.width} ${height}`}
      table={{
        caption: title,
        head: [t('cohort.col.name'), t('cohort.col.n'), t('cohort.col.median'), t('cohort.col.q1'), t('cohort.col.q3')],
        rows: groups.map((g) => [nameOf(g.id), g.n, g.suppressed ? t('cohort.hidden') : fmt(g.distribution?.median), fmt(g.distribution?.q1), fmt(g.distribution?.q3)]),
      }}
    >
      {[0, 50, 100].map((s) => <line key={s} x1={xOf(s)} x2={xOf(s)} y1={0} y2={height - 18} class="cohort-grid" />)}
      {[0, 50, 100].map((s) => <text key={`l${s}`} x={xOf(s)} y={height - 4} text-anchor="middle" class="cohort-axis">{s}</text>)}
      {groups.map((g, i) => {
        const y = i * CHART.row + 4;
        const box = boxOf(g.distribution);
        return (
          <g key={g.id}>
            <text x={CHART.label - 8} y={y + 14} text-anchor="end" class="cohort-label">{nameOf(g.id)}</text>
            {box ? (
              <>
                <rect x={box.x} y={y + 3} width={box.width} height={CHART.row - 10} class="cohort-box" />
                <line x1={box.median} x2={box.median} y1={y} y2={y + CHART.row - 4} class="cohort-median" />
              </>
            ) : <text x={CHART.label + 4} y={y + 14} class="cohort-hidden">{t('cohort.hidden')}</text>}
          </g>
        );
      })}
    </ChartFrame>
  );
}
