import type { Report } from '../../api/client.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { StatusBadge } from '../ValueTable/ValueCard.js';

const PRECONDITION = ['sufficient', 'attention', 'insufficient', 'critical', 'unknown-risk', 'unscored'] as const;
const GOAL = ['strong', 'moderate', 'limited'] as const;

/** What each status and relevance means, next to where they are shown. */
export function StatusLegend({ thresholds }: { thresholds: Report['thresholds'] }) {
  const params = { sufficient: thresholds.sufficient, attention: thresholds.attention };
  const group = (heading: MessageKey, statuses: readonly string[]) => (
    <div>
      <h4>{t(heading)}</h4>
      <dl>
        {statuses.map((s) => (
          <div key={s}>
            <dt><StatusBadge status={s} /></dt>
            <dd>{t(`legend.${s}` as MessageKey, params)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
  return (
    <div class="legend-box">
      <h3>{t('legend.heading')}</h3>
      <div class="legend-groups">
        {group('report.precondition', PRECONDITION)}
        {group('report.goal', [...GOAL, 'unscored'])}
      </div>
      <p>{t('legend.relevance')}</p>
    </div>
  );
}
