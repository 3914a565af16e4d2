// The submitted reviews per value, side by side: each assessor's score and comment, the mean and the
// spread, flagged from the server's threshold. One card per value, so it reflows on a phone.
import type { DecisionView } from '../../../api/decide.js';
import { locale, t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';
import '../../../i18n/messages.staff.js';
import { formatScore } from '../../../logic/staff.js';

export function SideBySide({ view }: { view: DecisionView }) {
  const c = view.comparison!;
  const who = new Map(view.reviewers.map((r) => [r.id, r.name || r.email]));
  return (
    <section aria-labelledby="side-heading">
      <h2 id="side-heading">{t('decide.sideBySide')}</h2>
      <p class="hint">{t('decide.flagRule', { threshold: c.threshold })}</p>
      <h3>{t('decide.judgements')}</h3>
      {c.judgementsDiffer && <p class="notice" data-flag="judgements">{t('decide.judgementsDiffer')}</p>}
      <ul>
        {c.judgements.map((j) => (
          <li key={j.assessorId}>
            <strong>{who.get(j.assessorId)}</strong>: {j.judgement ? t(`staff.judgement.${j.judgement}` as 'staff.judgement.positive') : '–'}
            {j.comment && <> — {j.comment}</>}
          </li>
        ))}
      </ul>
      <div class="decision-values">
        {c.values.map((v) => (
          <article key={v.id} class={`decision-value${v.flagged ? ' flagged' : ''}`} data-value={v.id}>
            <h3>{v.name[locale.value]}</h3>
            <p>
              {t('decide.mean')}: <strong>{formatScore(v.mean, locale.value)}</strong> · {t('decide.spread')}: <strong>{formatScore(v.spread, locale.value)}</strong>
              {v.flagged && <> · <span class="flag">{t('decide.flagged')}</span></>}
            </p>
            <table class="data-table">
              <caption class="visually-hidden">{v.name[locale.value]}</caption>
              <thead><tr><th scope="col">{t('decide.assessor')}</th><th scope="col" class="num">{t('decide.score')}</th><th scope="col">{t('decide.comment')}</th></tr></thead>
              <tbody>
                {v.reviews.map((r) => (
                  <tr key={r.assessorId}>
                    <th scope="row">{who.get(r.assessorId)}</th>
                    <td class="num">{formatScore(r.score, locale.value)}</td>
                    <td>{r.comment}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </div>
    </section>
  );
}
