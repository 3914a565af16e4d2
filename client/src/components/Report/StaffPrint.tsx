// The staff PDF's additions to the startup's report (server/export/staff-print.ts builds them, in the
// PDF's language; the server's printing browser hands them to the page): cover details that tell
// submissions apart, then the reviews the person printing may see, and the decision.
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.exports.js';

export interface StaffPrint {
  startup: string;
  programme: string;
  area: string;
  attempt: { n: number; of: number } | null;
  sharedAt: string;
  reviews: Array<{ assessor: string; submittedAt: string; judgement: string; comment: string; values: Array<{ name: string; score: string; comment: string }> }>;
  decision: Array<{ label: string; value: string }>;
}

/** Set by the server's printing browser only (server/report/pdf.ts); absent on every other visit. */
export function staffPrintData(): StaffPrint | null {
  const data = (window as unknown as { __zelftoetsStaffPrint?: StaffPrint }).__zelftoetsStaffPrint;
  return data && typeof data === 'object' && Array.isArray(data.reviews) ? data : null;
}

export function StaffCover({ data }: { data: StaffPrint }) {
  return (
    <>
      {data.startup && <p class="cover-name">{data.startup}</p>}
      <dl class="cover-staff">
        <div><dt>{t('exports.cover.programme')}</dt><dd>{data.programme}</dd></div>
        <div><dt>{t('exports.cover.area')}</dt><dd>{data.area}</dd></div>
        {data.attempt && <div><dt>{t('exports.cover.attempt')}</dt><dd>{t('exports.cover.attemptOf', { n: data.attempt.n, of: data.attempt.of })}</dd></div>}
        {data.sharedAt && <div><dt>{t('exports.cover.shared')}</dt><dd>{data.sharedAt}</dd></div>}
      </dl>
    </>
  );
}

export function StaffAppendix({ data }: { data: StaffPrint }) {
  return (
    <>
      <section class="staff-reviews" aria-labelledby="staff-reviews-heading">
        <h2 id="staff-reviews-heading">{t('exports.reviews.heading')}</h2>
        {data.reviews.length === 0 && <p>{t('exports.reviews.none')}</p>}
        {data.reviews.map((r, i) => (
          <article class="staff-review" key={i} aria-labelledby={`staff-review-${i}`}>
            <h3 id={`staff-review-${i}`}>{r.assessor}</h3>
            {r.submittedAt && <p class="meta">{t('exports.reviews.submitted', { date: r.submittedAt })}</p>}
            <p><strong>{t('exports.reviews.judgement')}:</strong> {r.judgement}</p>
            {r.comment && <p class="staff-review-comment"><strong>{t('exports.reviews.comment')}:</strong> {r.comment}</p>}
            {r.values.length === 0 ? <p class="meta">{t('exports.reviews.noScores')}</p> : (
              <table class="staff-review-scores">
                <thead><tr><th scope="col">{t('exports.reviews.value')}</th><th scope="col">{t('exports.reviews.score')}</th><th scope="col">{t('exports.reviews.comment')}</th></tr></thead>
                <tbody>
                  {r.values.map((v) => <tr key={v.name}><th scope="row">{v.name}</th><td>{v.score}</td><td>{v.comment}</td></tr>)}
                </tbody>
              </table>
            )}
          </article>
        ))}
      </section>
      <section class="staff-decision" aria-labelledby="staff-decision-heading">
        <h2 id="staff-decision-heading">{t('exports.decision.heading')}</h2>
        {data.decision.length === 0 ? <p>{t('exports.decision.none')}</p> : (
          <dl>{data.decision.map((f) => <div key={f.label}><dt>{f.label}</dt><dd>{f.value}</dd></div>)}</dl>
        )}
      </section>
    </>
  );
}
