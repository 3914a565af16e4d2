import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, type QuestionnaireSummary } from '../../api/client.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import { errorText } from '../../logic/errors.js';
import { useBusy } from '../../logic/busy.js';
import { lastResponse, remember } from '../../logic/tokens.js';
import { localResponses } from '../../logic/staffJoin.js';
import { ImportForm } from '../../components/Report/ImportForm.js';
import '../../i18n/messages.scan.js';
import '../../components/QuickScan/quick-scan.css';
import { Announce } from '../../components/Announce/Announce.js';

const REPORT_DELETED = { nl: 'Je toets en rapport zijn verwijderd.', en: 'Your test and report have been deleted.' };
const OTHERS = {
  heading: { nl: 'Je andere toetsen op dit apparaat ({n})', en: 'Your other tests on this device ({n})' },
  report: { nl: 'rapport', en: 'report' },
  open: { nl: 'nog niet ingediend', en: 'not yet submitted' },
  attempt: { nl: 'poging {n}', en: 'attempt {n}' },
  untitled: { nl: 'Toets', en: 'Test' },
};

export default function HomePage() {
  const { route, query } = useLocation();
  const [list, setList] = useState<QuestionnaireSummary[] | null>(null);
  const [error, setError] = useMessage();
  // One test started per click: a second click while the first is on its way would start a second test.
  const [busy, once] = useBusy<string>();
  const last = lastResponse();
  // Re-takes and other areas each have their own link; the box above names only the latest (D22).
  const others = localResponses().filter((r) => r.id !== last?.id);

  useEffect(() => {
    api.questionnaires().then(setList, (err) => setError(() => errorText(err)));
  }, []);

  const start = (q: QuestionnaireSummary, scan = false) => once(async () => {
    setError(null);
    try {
      const started = await api.start(q.id, locale.value);
      remember({ id: started.id, token: started.token, title: q.title });
      route(scan ? `/scan/${started.id}` : `/test/${started.id}`);
    } catch (err) {
      setError(() => errorText(err));
    }
  }, q.id);

  return (
    <section class="home">
      <h1>{t('home.heading')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <p>{t('home.anonymous')} <a href="/privacy">{t('privacy.more')}</a></p>
      <p class="meta independent">{t('app.independent')}</p>
      <Announce text={!query.deleted ? '' : query.deleted === 'report' ? tc(REPORT_DELETED) : t('test.deleted')} />
      {last && (
        <div class="notice">
          <h2>{t(last.submitted ? 'home.latestReport' : 'home.continue')}</h2>
          <a href={last.submitted ? `/report/${last.id}` : `/test/${last.id}`}>
            {/* A link opened straight into the report never saw the questionnaire's title: no empty brackets then. */}
            {last.title
              ? t(last.submitted ? 'home.reportLink' : 'home.continueLink', { title: tc(last.title) })
              : t(last.submitted ? 'home.reportLinkPlain' : 'home.continueLinkPlain')}
          </a>
        </div>
      )}
      {others.length > 0 && (
        <details class="other-tests">
          <summary>{tc(OTHERS.heading).replace('{n}', String(others.length))}</summary>
          <ul>
            {others.map((r) => (
              <li key={r.id}>
                <a href={r.submitted ? `/report/${r.id}` : `/test/${r.id}`}>{r.title ? tc(r.title) : tc(OTHERS.untitled)}</a>
                <span class="meta">
                  {' · '}{r.submitted ? tc(OTHERS.report) : tc(OTHERS.open)}
                  {r.retake ? ` · ${tc(OTHERS.attempt).replace('{n}', String(r.retake.attempt))}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      <h2>{t('home.choose')}</h2>
      {error && <p role="alert" class="error">{error}</p>}
      {list === null && !error && <p aria-busy="true">{t('app.loading')}</p>}
      {list?.length === 0 && <p>{t('home.none')}</p>}
      <ul class="areas">
        {list?.map((q) => (
          <li key={q.id} class="area-card">
            <h3 id={`area-${q.id}`}>{tc(q.title)}</h3>
            <p>{tc(q.intro)}</p>
            <p class="meta">{t('home.minutes', { n: q.estimatedMinutes, q: q.questionCount })}</p>
            <div class="start-buttons">
              <button type="button" onClick={() => start(q)} disabled={busy !== false} aria-busy={busy === q.id} aria-describedby={`area-${q.id}`}>
                {t('home.start')}
              </button>
              {q.quickScan && (
                <button type="button" class="secondary" onClick={() => start(q, true)} disabled={busy !== false} aria-describedby={`area-${q.id}`}>
                  {t('scan.start', { n: q.quickScan.estimatedMinutes })}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <ImportForm />
    </section>
  );
}
