import { useMessage } from '../../logic/message.js';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, type Report } from '../../api/client.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import '../../i18n/messages.docx.js';
import { errorText } from '../../logic/errors.js';
import { useBusy } from '../../logic/busy.js';
import { confirmLeave } from '../../logic/leave-warning.js';
import { remember } from '../../logic/tokens.js';
import { joinCodeOf, rememberJoin } from '../../logic/staffJoin.js';
import { ProgrammeShareLink } from './ProgrammeShareLink.js';
import { SharePanel } from './SharePanel.js';

const LABEL = { 'report.pdf': 'report.pdf', 'report.docx': 'docx.download', 'export.json': 'report.json', 'export.csv': 'report.csv' } as const;

/** What the token holder can do with the report: name it, print, download, share, re-take. */
export function ReportActions({ report, token, onChanged }: { report: Report; token: string; onChanged: () => void }) {
  const { route } = useLocation();
  const id = report.response.id;
  const [name, setName] = useState(report.response.companyName ?? '');
  const [saved, setSaved] = useState(false);
  const [busy, once] = useBusy<string>();
  const [error, setError] = useMessage();
  const submitted = report.response.status === 'submitted';

  const saveName = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.setCompanyName(id, token, name.trim() || null);
      setSaved(true);
      onChanged();
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  const download = (kind: 'report.pdf' | 'report.docx' | 'export.json' | 'export.csv') => once(async () => {
    setError(null);
    try {
      await api.download(id, token, kind, locale.value);
    } catch (err) {
      setError(() => errorText(err));
    }
  }, kind);

  const retake = () => {
    // The re-take carries the plan over as saved: unsaved edits in it would be left behind.
    if (!confirmLeave()) return;
    // Once: a second click while the first is on its way would start a second attempt, its plan
    // carried over twice and one attempt left behind on the home page.
    void once(async () => {
      setError(null);
      try {
        const next = await api.retake(id, token);
        // The new attempt's number and the date of the answers it starts from, for the test page to say.
        remember({ id: next.id, token: next.token, retake: { attempt: report.history.length + 2, basedOn: report.response.submittedAt ?? report.response.updatedAt } });
        // A re-take belongs to the programme the first attempt was started for.
        const code = joinCodeOf(id);
        if (code) rememberJoin(next.id, code);
        route(`/test/${next.id}${next.dropped.length ? `?dropped=${next.dropped.length}` : ''}`);
      } catch (err) {
        setError(() => errorText(err));
      }
    }, 'retake');
  };

  return (
    <section class="report-actions no-print" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('report.actions')}</h2>
      <form class="company-name" onSubmit={saveName}>
        <label for="company-name">{t('report.companyName')}</label>
        <p class="meta" id="company-name-help">{t('report.companyNameHelp')}</p>
        <input id="company-name" maxLength={120} value={name} aria-describedby="company-name-help"
          onInput={(e) => { setName((e.currentTarget as HTMLInputElement).value); setSaved(false); }} />
        <button type="submit" class="secondary">{t('report.save')}</button>
        <span role="status" class="meta">{saved ? t('report.saved') : ''}</span>
      </form>
      <div class="action-buttons">
        <button type="button" class="secondary" onClick={() => print()}>{t('report.print')}</button>
        {(['report.pdf', 'report.docx', 'export.json', 'export.csv'] as const).map((kind) => (
          <button type="button" class="secondary" key={kind} onClick={() => download(kind)} disabled={busy !== false} aria-busy={busy === kind}>
            {busy === kind ? t('report.downloading') : t(LABEL[kind])}
          </button>
        ))}
        {!submitted && <a href={`/test/${id}`}>{t('report.back')}</a>}
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      {submitted ? <SharePanel id={id} token={token} /> : <p class="meta">{t('share.onlySubmitted')}</p>}
      {submitted && <ProgrammeShareLink responseId={id} />}
      {submitted && (
        <div class="retake">
          <p>{t('report.retakeHelp')}</p>
          <button type="button" onClick={retake} disabled={busy !== false} aria-busy={busy === 'retake'}>{t('report.retake')}</button>
        </div>
      )}
    </section>
  );
}
