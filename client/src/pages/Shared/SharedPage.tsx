import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Report } from '../../api/client.js';
import { ReportView } from '../../components/Report/ReportView.js';
import { StaffAppendix, StaffCover, staffPrintData } from '../../components/Report/StaffPrint.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { errorText } from '../../logic/errors.js';

/**
 * The token stays in the fragment for the link's whole life, so a reload, a bookmark or a copy from
 * the address bar keeps working. A fragment never reaches a server (no access log, no Referer; the
 * site also sends Referrer-Policy: no-referrer): see docs/api.md, "Share links".
 */
export function shareTokenOf(hash: string): string | null {
  return /^#([A-Za-z0-9_-]{43})$/.exec(hash)?.[1] ?? null;
}

/** A report opened through a share link: read-only, and it says plainly when the link expired or was revoked. */
export default function SharedPage() {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useMessage();
  const [hash, setHash] = useState(location.hash);

  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    setError(null);
    const shareToken = shareTokenOf(hash);
    if (!shareToken) {
      setError(() => t('shared.missing'));
      return;
    }
    // An answer in the language (or for the link) no longer asked for is not shown: a switch back and
    // forth could otherwise end on the report in the other language.
    let current = true;
    api.sharedReport(shareToken, locale.value).then((r) => { if (current) setReport(r); }, (err) => {
      if (!current) return;
      if (err instanceof ApiError && err.status === 410) setError(() => err.code === 'share-link-revoked' ? t('shared.revoked') : t('shared.expired'));
      else if (err instanceof ApiError && err.status === 404) setError(() => t('shared.missing'));
      else setError(() => errorText(err));
    });
    return () => { current = false; };
  }, [locale.value, hash]);

  if (error) return <section><h1>{t('report.heading')}</h1><p role="alert" class="notice">{error}</p></section>;
  if (!report) return <p aria-busy="true">{t('app.loading')}</p>;
  const expires = new Date(report.shared!.expiresAt).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });
  // The server's browser printing a staff PDF: no share-link banner, and the staff additions.
  const staff = staffPrintData();
  if (staff) return <ReportView report={report} cover={<StaffCover data={staff} />} appendix={<StaffAppendix data={staff} />} />;
  return <ReportView report={report} actions={<p class="notice no-print">{t('shared.banner', { date: expires })}</p>} />;
}
