// A startup joins a programme: by its link (/join/<code>) or by typing its code (/join). It starts a
// new test for the programme, or shares a test it already submitted on this device, after seeing
// exactly what will be shared and confirming; until the deadline it can withdraw.
import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, type Report } from '../../api/client.js';
import { staffApi, type JoinInfo, type Sharing } from '../../api/staff.js';
import { intakeApi } from '../../api/intake.js';
import { ProgrammeQuestions } from './ProgrammeQuestions.js';
import { ReportView } from '../../components/Report/ReportView.js';
import { ContactForm } from '../../components/ContactForm/ContactForm.js';
import { SharedItems, useShareConfirmation } from '../../components/ShareConfirmation/ShareConfirmation.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import { formatDate, normalizeJoinCode } from '../../logic/staff.js';
import '../../i18n/messages.cohort.js';
import { joinCodeOf, localResponses, rememberJoin, rememberSharedName, sharedNameFor } from '../../logic/staffJoin.js';
import { remember, type Stored } from '../../logic/tokens.js';
import '../Staff/staff.css';
import '../../i18n/messages.scan.js';
import '../../components/QuickScan/quick-scan.css';

interface Candidate { stored: Stored; area: string; submitted: boolean; submittedAt: string | null; sharing: Sharing | null }

function CodeForm() {
  const { route } = useLocation();
  const [code, setCode] = useState('');
  return (
    <section>
      <h1>{t('join.heading')}</h1>
      <p>{t('join.codeLead')}</p>
      <form class="form-grid" onSubmit={(e) => { e.preventDefault(); if (code.trim()) route(`/join/${normalizeJoinCode(code)}`); }}>
        <div>
          <label for="join-code">{t('join.code')}</label>
          <input id="join-code" type="text" autocomplete="off" autocapitalize="characters" maxLength={20} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </div>
        <div><button type="submit">{t('join.codeSubmit')}</button></div>
      </form>
    </section>
  );
}

function Confirm({ programme, candidate, onDone, onCancel }: { programme: JoinInfo; candidate: Candidate; onDone: (s: Sharing) => void; onCancel: () => void }) {
  const [report, setReport] = useState<Report | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { name, setName, checked, setChecked, error, setError, busy, submit } = useShareConfirmation(async (shared) => {
    const sharing = programme.questions?.length
      ? await intakeApi.share(candidate.stored.id, candidate.stored.token, programme.code, shared, answers)
      : await staffApi.share(candidate.stored.id, candidate.stored.token, programme.code, shared);
    rememberSharedName(programme.code, shared);
    onDone(sharing);
  });
  useEffect(() => {
    // Only the answer in the language now chosen: switched and switched back, the first may come last.
    let current = true;
    api.report(candidate.stored.id, candidate.stored.token, locale.value).then((r) => {
      if (!current) return;
      setReport(r);
      // The name this device shared under before (a re-take), else the name on the report.
      setName((n) => n || sharedNameFor(programme.code) || r.response.companyName || '');
    }, (err) => { if (current) setError(() => errorText(err)); });
    return () => { current = false; };
  }, [locale.value]);

  return (
    <section aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">{t('join.confirmHeading', { programme: programme.name })}</h2>
      <p>{t('join.confirmLead')}</p>
      <SharedItems />
      <form class="form-grid" onSubmit={submit} noValidate>
        <div>
          <label for="share-name">{t('join.name')}</label>
          <input id="share-name" type="text" maxLength={200} autocomplete="organization" aria-describedby="share-name-hint" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <p id="share-name-hint" class="hint">{t('join.nameHint')}</p>
        </div>
        {!!programme.questions?.length && <ProgrammeQuestions programme={programme.name} questions={programme.questions} answers={answers} onChange={setAnswers} />}
        <details class="share-preview" open>
          <summary>{t('join.preview')}</summary>
          {report ? <ReportView report={report} /> : !error && <p aria-busy="true">{t('app.loading')}</p>}
        </details>
        <label class="checkbox">
          <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} />
          {t('join.check', { programme: programme.name })}
        </label>
        {programme.deadline && <p class="hint">{t('join.withdrawUntil', { date: formatDate(programme.deadline, locale.value) })}</p>}
        {error && <p role="alert" class="error">{error}</p>}
        <div class="actions-row">
          <button type="submit" disabled={busy} aria-busy={busy}>{t('join.shareSubmit')}</button>
          <button type="button" class="secondary" onClick={onCancel}>{t('join.cancel')}</button>
        </div>
      </form>
    </section>
  );
}

function Joining({ code }: { code: string }) {
  const { route } = useLocation();
  const [programme, setProgramme] = useState<JoinInfo | null>(null);
  const [error, setError] = useMessage();
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [confirming, setConfirming] = useState<Candidate | null>(null);
  const [notice, setNotice] = useMessage();
  // Just shared: offer to leave an address for reminders and messages about it (opt-in).
  const [justShared, setJustShared] = useState<Candidate | null>(null);
  const [busy, setBusy] = useState(false);

  const loadCandidates = async (p: JoinInfo) => {
    const areas = new Set(p.questionnaires.map((q) => q.area));
    const found: Candidate[] = [];
    for (const stored of localResponses()) {
      try {
        const state = await api.response(stored.id, stored.token);
        if (!areas.has(state.questionnaire.area)) continue;
        const sharing = state.status === 'submitted' ? await staffApi.sharing(stored.id, stored.token) : null;
        found.push({ stored, area: state.questionnaire.area, submitted: state.status === 'submitted', submittedAt: state.submittedAt, sharing });
      } catch {
        // A deleted or foreign test: not offered.
      }
    }
    setCandidates(found);
  };

  useEffect(() => {
    staffApi.join(code).then((p) => { setProgramme(p); loadCandidates(p); }, (err) => setError(() => errorText(err)));
  }, [code]);

  const start = async (q: JoinInfo['questionnaires'][number], scan = false) => {
    setBusy(true);
    try {
      const started = await api.start(q.id, locale.value);
      remember({ id: started.id, token: started.token, title: q.title });
      rememberJoin(started.id, code);
      // The quick scan is the same response with fewer questions shown (an area without one opens the full test).
      route(scan ? `/scan/${started.id}` : `/test/${started.id}`);
    } catch (err) {
      setError(() => errorText(err));
      setBusy(false);
    }
  };

  const withdraw = async (c: Candidate) => {
    if (!confirm(t('join.withdrawConfirm'))) return;
    try {
      await staffApi.withdraw(c.stored.id, c.stored.token);
      setNotice(() => t('join.withdrawn'));
      loadCandidates(programme!);
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  if (error && !programme) return <section><h1>{t('join.heading')}</h1><p role="alert" class="error">{error}</p><a href="/join">{t('join.otherCode')}</a></section>;
  if (!programme) return <p aria-busy="true">{t('app.loading')}</p>;

  const sharedHere = candidates?.filter((c) => c.sharing?.programme?.code === programme.code) ?? [];
  const shareable = candidates?.filter((c) => c.submitted && !c.sharing?.programme) ?? [];
  const open = candidates?.filter((c) => !c.submitted) ?? [];

  return (
    <section class="join">
      <p class="eyebrow">{t(`staff.kind.${programme.kind}`)}</p>
      <h1>{programme.name}</h1>
      <p>{t('join.lead')}</p>
      {programme.deadline && <p class="meta">{t('join.deadline', { date: formatDate(programme.deadline, locale.value) })}</p>}
      {!programme.open && <p class="notice" role="status">{t('join.closed')}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      {error && <p role="alert" class="error">{error}</p>}
      {justShared && !confirming && <ContactForm id={justShared.stored.id} token={justShared.stored.token} code={programme.code} />}

      {confirming ? (
        <Confirm programme={programme} candidate={confirming} onCancel={() => setConfirming(null)}
          onDone={() => { setJustShared(confirming); setConfirming(null); setNotice(() => t('join.sharedNotice', { programme: programme.name })); loadCandidates(programme); }} />
      ) : (
        <>
          {sharedHere.length > 0 && (
            <section aria-labelledby="shared-heading">
              <h2 id="shared-heading">{t('join.sharedHeading')}</h2>
              <ul>
                {sharedHere.map((c) => (
                  <li key={c.stored.id} class="shared-item">
                    {t('join.sharedAs', { name: c.sharing!.name ?? '', date: formatDate(c.sharing!.sharedAt, locale.value) })}{' '}
                    <a href={`/report/${c.stored.id}`}>{t('join.viewReport')}</a>{' '}
                    {programme.open && <button type="button" class="link-button danger" onClick={() => withdraw(c)}>{t('join.withdraw')}</button>}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {programme.open && shareable.length > 0 && (
            <section aria-labelledby="shareable-heading">
              <h2 id="shareable-heading">{t('join.shareableHeading')}</h2>
              <ul>
                {shareable.map((c) => (
                  <li key={c.stored.id}>
                    {c.stored.title ? tc(c.stored.title) : c.area}
                    {c.stored.retake && ` · ${t('joinBack.attempt', { n: c.stored.retake.attempt })}`}
                    {c.submittedAt && ` · ${t('joinBack.submittedAt', { date: formatDate(c.submittedAt, locale.value) })}`}
                    {joinCodeOf(c.stored.id) === programme.code ? ` · ${t('join.startedHere')}` : ''}{' '}
                    <button type="button" onClick={() => setConfirming(c)}>{t('join.shareThis')}</button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {open.length > 0 && (
            <section aria-labelledby="open-heading">
              <h2 id="open-heading">{t('join.openHeading')}</h2>
              <ul>
                {open.map((c) => (
                  <li key={c.stored.id}><a href={`/test/${c.stored.id}`}>{t('join.continue', { title: c.stored.title ? tc(c.stored.title) : c.area })}</a></li>
                ))}
              </ul>
            </section>
          )}
          {programme.open && (
            <section aria-labelledby="start-heading">
              <h2 id="start-heading">{t('join.startHeading')}</h2>
              <p>{t('join.startLead')}</p>
              <ul class="areas">
                {programme.questionnaires.map((q) => (
                  <li key={q.id} class="area-card">
                    <h3 id={`join-area-${q.id}`}>{tc(q.title)}</h3>
                    <div class="start-buttons">
                      <button type="button" disabled={busy} aria-describedby={`join-area-${q.id}`} onClick={() => start(q)}>{t('home.start')}</button>
                      <button type="button" class="secondary" disabled={busy} aria-describedby={`join-area-${q.id}`} onClick={() => start(q, true)}>{t('scan.startPlain')}</button>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {candidates === null && <p aria-busy="true">{t('app.loading')}</p>}
        </>
      )}
    </section>
  );
}

export default function JoinPage({ code }: { code?: string }) {
  return code ? <Joining code={code} /> : <CodeForm />;
}
