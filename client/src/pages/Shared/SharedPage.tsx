import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Report } from '../../api/client.js';
import { ReportView } from '../../components/Report/ReportView.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { errorText } from '../../logic/errors.js';

// Read once: the token leaves the address bar (and history) as soon as the page has it.
let shareToken: string | null = null;

/** A report opened through a share link: read-only, and it says plainly when the link expired or was revoked. */
export default function SharedPage() {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!shareToken) {
      const m = /^#([A-Za-z0-9_-]{43})$/.exec(location.hash);
      if (m) {
        shareToken = m[1];
        history.replaceState(null, '', '/shared');
      }
    }
    if (!shareToken) {
      setError(t('shared.missing'));
      return;
    }
    api.sharedReport(shareToken, locale.value).then(setReport, (err) => {
      if (err instanceof ApiError && err.status === 410) setError(/revoked/.test(err.message) ? t('shared.revoked') : t('shared.expired'));
      else if (err instanceof ApiError && err.status === 404) setError(t('shared.missing'));
      else setError(errorText(err));
    });
  }, [locale.value]);

  if (error) return <section><h1>{t('report.heading')}</h1><p role="alert" class="notice">{error}</p></section>;
  if (!report) return <p aria-busy="true">{t('app.loading')}</p>;
  const expires = new Date(report.shared!.expiresAt).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });
  return <ReportView report={report} actions={<p class="notice no-print">{t('shared.banner', { date: expires })}</p>} />;
}
