// /staff/submissions/:id/decision: the quorum, the reviews side by side once it is reached, the
// decision with its history, and who is assigned. The server decides who may see it (managers and
// admins; an assessor only after submitting their own review) and answers 403 otherwise.
import { useMessage } from '../../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { decideApi, type DecisionView } from '../../../api/decide.js';
import { StaffShell } from '../../../components/StaffShell/StaffShell.js';
import { locale, t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';
import '../../../i18n/messages.staff.js';
import { errorText } from '../../../logic/errors.js';
import { formatDate } from '../../../logic/staff.js';
import { Assignees } from './Assignees.js';
import { DecisionForm } from './DecisionForm.js';
import { SideBySide } from './SideBySide.js';
import './decision.css';

function Decision({ id }: { id: string }) {
  const [view, setView] = useState<DecisionView | null>(null);
  const [error, setError] = useMessage();
  const [version, setVersion] = useState(0);
  const [recorded, setRecorded] = useState(false);
  useEffect(() => {
    decideApi.view(id).then(setView, (err) => setError(() => errorText(err)));
  }, [id, version]);

  if (error) return <section><h1>{t('decide.decision')}</h1><p role="alert" class="error">{error}</p><a href={`/staff/submissions/${id}`}>{t('staff.submission')}</a></section>;
  if (!view) return <p aria-busy="true">{t('app.loading')}</p>;
  const d = view.decision;
  return (
    <section class="decision-page">
      <p class="eyebrow"><a href={`/staff/programmes/${view.programme.id}`}>{view.programme.name}</a> · <a href={`/staff/submissions/${id}`}>{t('staff.submission')}</a></p>
      <h1>{t('decide.heading', { name: view.submission.name })}</h1>
      <p class="meta" id="quorum">{t('decide.quorum', { submitted: view.quorum.submitted, needed: view.quorum.needed })}</p>
      {view.comparison ? <SideBySide view={view} /> : <p class="notice">{t('decide.quorumWaiting', { needed: view.quorum.needed })}</p>}
      <section aria-labelledby="decision-heading">
        <h2 id="decision-heading">{t('decide.decision')}</h2>
        {d ? (
          <div id="current-decision">
            <p><strong>{t('decide.current', { outcome: t(`decide.outcome.${d.outcome}`) })}</strong></p>
            <p class="note-text">{d.rationale}</p>
            <p class="hint">{t('decide.by', { who: d.decidedBy ?? '–', date: formatDate(d.decidedAt, locale.value) })}</p>
          </div>
        ) : <p>{t('decide.none')}</p>}
        {/* Outside the form, which starts afresh for each version: present before it fills, so it is announced. */}
        <p role="status" class="success">{recorded ? t('decide.recorded') : ''}</p>
        {view.canDecide && <DecisionForm key={d?.version ?? 0} view={view} onSaved={(v) => { setView(v); setRecorded(true); }} />}
        {view.history.length > 1 && (
          <details>
            <summary>{t('decide.history')}</summary>
            <ol>
              {view.history.slice(1).map((h) => (
                <li key={h.version}>{formatDate(h.decidedAt, locale.value)} · {h.decidedBy ?? '–'} · {t(`decide.outcome.${h.outcome}`)}: {h.rationale}</li>
              ))}
            </ol>
          </details>
        )}
      </section>
      <Assignees view={view} onChanged={() => setVersion((v) => v + 1)} />
    </section>
  );
}

export default function DecisionPage({ id }: { id: string }) {
  return <StaffShell>{() => <Decision id={id} />}</StaffShell>;
}
