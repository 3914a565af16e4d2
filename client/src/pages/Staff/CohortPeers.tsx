// The cohort against the anonymous peer pool and the teams' action-plan progress (issue 16, items 4
// and 5). Both come from the same release as the cohort's other figures; hidden cells say why.
import type { Cohort } from '../../api/integration.js';
import { ScrollTable } from '../../components/CohortChart/CohortChart.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.peers.js';
import { areaName, figure } from '../../logic/cohort.js';

export function CohortPeers({ cohort, nameOf }: { cohort: Cohort; nameOf: (id: string) => string }) {
  const lang = locale.value;
  const needed = cohort.peers[0]?.needed ?? 0;
  const hidden = t('cohortPage.rowHidden', { threshold: cohort.threshold });
  return (
    <>
      <h2 id="cohort-peers-heading">{t('cohortPeers.heading')}</h2>
      <p class="hint">{t('cohortPeers.lead', { n: needed })}</p>
      <ScrollTable labelId="cohort-peers-caption">
        <table class="data-table cohort-peers">
          <caption id="cohort-peers-caption" class="visually-hidden">{t('cohortPeers.heading')}</caption>
          <thead><tr>
            <th scope="col">{t('cohortPeers.area')}</th><th scope="col">{nameOf('goal')}: {t('cohortPeers.cohort')}</th><th scope="col">{t('cohortPeers.pool')}</th>
            <th scope="col">{nameOf('precondition')}: {t('cohortPeers.cohort')}</th><th scope="col">{t('cohortPeers.pool')}</th>
          </tr></thead>
          <tbody>
            {cohort.peers.map((p) => (
              <tr key={p.area}>
                <th scope="row">{areaName(p.area)}</th>
                {p.available ? p.dimensions.flatMap((d) => [<td key={`${d.id}-c`}>{figure(d.cohort, lang)}</td>, <td key={`${d.id}-p`}>{figure(d.pool, lang)}</td>])
                  : <td colSpan={4}>{t('cohortPeers.waiting', { n: p.needed })}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>

      <h2 id="cohort-plans-heading">{t('cohortPlans.heading')}</h2>
      <p class="hint">{t('cohortPlans.lead', { threshold: cohort.threshold })}</p>
      <p>{t('cohortPlans.teams', { n: cohort.plans.teams })}</p>
      <ScrollTable labelId="cohort-plans-caption">
        <table class="data-table cohort-plans">
          <caption id="cohort-plans-caption" class="visually-hidden">{t('cohortPlans.heading')}</caption>
          <thead><tr>
            <th scope="col">{t('cohortPlans.value')}</th><th scope="col">{t('cohortPlans.adopted')}</th><th scope="col">{t('cohortPlans.done')}</th><th scope="col">{t('cohortPlans.overdue')}</th>
          </tr></thead>
          <tbody>
            {cohort.plans.values.map((v) => (
              <tr key={v.id}>
                <th scope="row">{nameOf(v.id)}</th>
                {v.suppressed ? <td colSpan={3}>{hidden}</td> : <><td>{v.adopted}</td><td>{v.done}</td><td>{v.overdue}</td></>}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  );
}
