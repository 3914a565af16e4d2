import { useEffect, useState } from 'preact/hooks';
import { api, type Report } from '../../api/client.js';
import { Knockouts } from '../../components/Knockouts/Knockouts.js';
import { StatusBadge, ValueCard } from '../../components/ValueTable/ValueCard.js';
import type { MessageKey } from '../../i18n/i18n.js';
import { locale, t } from '../../i18n/i18n.js';
import { errorText } from '../../logic/errors.js';
import { recall } from '../../logic/tokens.js';

const fmt = (x: number | null) => (x === null ? t('report.notScored') : x.toLocaleString(locale.value === 'nl' ? 'nl-NL' : 'en-GB'));

export default function ReportPage({ id }: { id: string }) {
  const stored = recall(id);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(stored ? null : t('test.noToken'));

  useEffect(() => {
    if (!stored) return;
    api.report(id, stored.token, locale.value).then(setReport, (err) => setError(errorText(err)));
  }, [id, locale.value]);

  if (error) return <section><h1>{t('report.heading')}</h1><p role="alert">{error}</p><a href="/">{t('notFound.home')}</a></section>;
  if (!report) return <p aria-busy="true">{t('app.loading')}</p>;

  const names = new Map(report.values.map((v) => [v.id, v.name]));
  const date = report.response.submittedAt
    ? new Date(report.response.submittedAt).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' })
    : null;
  const byDimension = (d: 'goal' | 'precondition') => report.values.filter((v) => v.dimension === d);

  return (
    <article class="report">
      <header class="report-header">
        <p class="eyebrow">{report.questionnaire.title}</p>
        <h1>{t('report.heading')}</h1>
        <p class="meta">{date ? t('report.submittedOn', { date }) : t('report.preview')}</p>
        <div class="no-print report-actions">
          <button type="button" class="secondary" onClick={() => print()}>{t('report.print')}</button>
          {report.response.status === 'open' && <a href={`/test/${id}`}>{t('report.back')}</a>}
        </div>
      </header>

      <Knockouts knockouts={report.knockouts} names={names} />

      <section class="profile" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('report.profile')}: {t(`report.profile.${report.profile}` as MessageKey)}</h2>
        <p>{t(`report.profile.${report.profile}.text` as MessageKey)}</p>
        <p class="meta">{t('report.completeness', { pct: Math.round(report.completeness * 1000) / 10 })}</p>
      </section>

      <section aria-labelledby="dimensions-heading">
        <h2 id="dimensions-heading">{t('report.dimensions')}</h2>
        <div class="dimensions">
          {(['goal', 'precondition'] as const).map((d) => (
            <div class="dimension" key={d}>
              <h3>{t(`report.${d}`)}</h3>
              <p class="meta">{t(`report.${d}Text` as MessageKey)}</p>
              <p class="big-score">{fmt(report.dimensions[d].score)}{report.dimensions[d].score !== null && <span class="meta"> / 100</span>}</p>
            </div>
          ))}
        </div>
        <p class="meta">{t('report.thresholds', { sufficient: report.thresholds.sufficient, attention: report.thresholds.attention, profile: report.thresholds.profileThreshold })}</p>
      </section>

      <section aria-labelledby="values-heading">
        <h2 id="values-heading">{t('report.values')}</h2>
        <table class="value-summary">
          <caption class="visually-hidden">{t('report.values')}</caption>
          <thead><tr><th scope="col">{t('report.value')}</th><th scope="col">{t('report.score')}</th><th scope="col">{t('report.status')}</th></tr></thead>
          <tbody>
            {report.values.map((v) => (
              <tr key={v.id}><th scope="row"><a href={`#value-${v.id}`}>{v.name}</a></th><td>{fmt(v.score)}</td><td><StatusBadge status={v.status} /></td></tr>
            ))}
          </tbody>
        </table>
        {(['goal', 'precondition'] as const).map((d) => (
          <div key={d}>
            <h3 class="dimension-heading">{t(`report.${d}`)}</h3>
            {byDimension(d).map((v) => <ValueCard key={v.id} value={v} />)}
          </div>
        ))}
      </section>

      <section class="answers" aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('report.answers')}</h2>
        <dl>
          {report.answers.map((a) => (
            <div key={a.question}>
              <dt>{a.prompt}</dt>
              <dd>{a.notApplicable ? t('test.notApplicable') : a.answer}</dd>
              {a.note && <dd class="note-text">{t('report.noteLabel')}: {a.note}</dd>}
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}
