// The test inside a programme's own site (/embed/<code>, framed by the embed script). The resume token
// stays in memory, never in cookies or partitioned storage: the startup gets a resume link that opens
// the app in its own tab. Messages go to the host page's validated origin only.
import { useMessage } from '../../logic/message.js';
import { withAnswer } from '../../../../core/answers.js';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Answer, Answers, Questionnaire } from '../../../../core/types.js';
import { api, ApiError, type Report } from '../../api/client.js';
import { IndicativeResult, ScanQuestions } from '../../components/QuickScan/QuickScan.js';
import { hasQuickScan, scanProgress, scanQuestionnaire } from '../../logic/quick-scan.js';
import { integrationApi, type EmbedInfo } from '../../api/integration.js';
import { intakeApi, type ProgrammeQuestion } from '../../api/intake.js';
import { ProgrammeQuestions } from '../Join/ProgrammeQuestions.js';
import { staffApi } from '../../api/staff.js';
import { LanguageSwitch } from '../../components/LanguageSwitch/LanguageSwitch.js';
import { Progress } from '../../components/Progress/Progress.js';
import { Question } from '../../components/Question/Question.js';
import { SaveStatus } from '../../components/SaveStatus/SaveStatus.js';
import { SharedItems, useShareConfirmation } from '../../components/ShareConfirmation/ShareConfirmation.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import '../../i18n/messages.integration.js';
import '../../i18n/messages.staff.js';
import '../../i18n/messages.cohort.js';
import { createAutosave, type SaveState } from '../../logic/autosave.js';
import { hostOrigin, postToHost, validAccent } from '../../logic/cohort-embed.js';
import { errorText } from '../../logic/errors.js';
import { progressOf } from '../../logic/progress.js';
import { useSourceDocuments } from '../../logic/sources.js';
import { resumeUrl } from '../../logic/tokens.js';
import { linkTo } from '../../logic/links.js';
import { EmbedPlan } from '../../components/ActionPlan/EmbedPlan.js';
import '../Staff/staff.css';
import './embed.css';

interface Running { id: string; token: string; area: string; questionnaire: Questionnaire; answers?: Answers }

function useHost(info: EmbedInfo | null) {
  return useMemo(() => {
    if (!info || window.parent === window) return null;
    const claimed = new URLSearchParams(location.search).get('origin');
    const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
    return hostOrigin(claimed, info.origins, ancestors ? Array.from(ancestors) : null);
  }, [info]);
}

function Answering({ run, onSubmitted }: { run: Running; onSubmitted: () => void }) {
  // After a quick scan the test starts with the scan's answers: the same response, every question now shown.
  const [answers, setAnswers] = useState<Answers>(run.answers ?? {});
  const [index, setIndex] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useMessage();
  const [confirmIncomplete, setConfirmIncomplete] = useState(false);
  const [error, setError] = useMessage();
  const heading = useRef<HTMLHeadingElement>(null);
  const sourceDocument = useSourceDocuments();
  const autosave = useMemo(() => createAutosave({
    delayMs: 800,
    send: async (changes) => { await api.save(run.id, run.token, changes, locale.value); },
    onState: (state, err) => { setSaveState(state); setSaveError(err ? () => errorText(err) : null); },
  }), [run.id]);
  const progress = useMemo(() => progressOf(run.questionnaire, answers), [answers]);
  // Before the paint, as in TestPage: focus never trails the new heading by a frame.
  useLayoutEffect(() => { heading.current?.focus(); }, [index]);

  const sections = progress.sections;
  const section = sections[index];
  const missing = progress.total - progress.answered;
  const onChange = (id: string, answer: Answer | null) => {
    setAnswers((prev) => withAnswer(prev, id, answer));
    autosave.change(id, answer);
  };
  const submit = async () => {
    setError(null);
    try {
      await autosave.flush();
      if (autosave.hasPending()) throw new ApiError(0, saveError ?? 'network');
      await api.submit(run.id, run.token);
      onSubmitted();
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  const link = resumeUrl(run.id, run.token);

  return (
    <div class="embed-test">
      <Progress answered={progress.answered} total={progress.total} />
      <SaveStatus state={saveState} error={saveError} onRetry={() => void autosave.flush()} />
      {section ? (
        <section aria-labelledby="section-heading">
          <p class="eyebrow">{t('test.section', { n: index + 1, total: sections.length })}</p>
          <h2 id="section-heading" tabIndex={-1} ref={heading}>{tc(section.title)}</h2>
          {section.questions.filter((q) => progress.visible.has(q.id)).map((q) => (
            <Question key={q.id} question={q} answer={answers[q.id]} onChange={(a) => onChange(q.id, a)} sourceDocument={sourceDocument} />
          ))}
          <div class="step-buttons">
            {index > 0 && <button type="button" class="secondary" onClick={() => setIndex(index - 1)}>{t('test.previous')}</button>}
            <button type="button" onClick={() => setIndex(index + 1)}>{index + 1 < sections.length ? t('test.next') : t('test.toSubmit')}</button>
          </div>
        </section>
      ) : (
        <section aria-labelledby="section-heading">
          <h2 id="section-heading" tabIndex={-1} ref={heading}>{t('test.submitHeading')}</h2>
          <p>{t('embedFrame.submitText')}</p>
          {missing > 0 && (
            <label class="choice">
              <input type="checkbox" checked={confirmIncomplete} onChange={(e) => setConfirmIncomplete(e.currentTarget.checked)} />
              <span>{t(missing === 1 ? 'test.missing' : 'test.missingPlural', { n: missing })} {t('test.confirmIncomplete')}</span>
            </label>
          )}
          {error && <p role="alert" class="error">{error}</p>}
          <div class="step-buttons">
            <button type="button" class="secondary" onClick={() => setIndex(sections.length - 1)}>{t('test.previous')}</button>
            <button type="button" onClick={submit} disabled={missing > 0 && !confirmIncomplete}>{t('embedFrame.submit')}</button>
          </div>
        </section>
      )}
      <aside class="resume-box" aria-labelledby="resume-heading">
        <h2 id="resume-heading">{t('test.resumeHeading')}</h2>
        <p>{t('embed.resumeText')}</p>
        <a href={link} target="_blank" rel="noopener">{t('embed.resumeLink')}</a>
      </aside>
    </div>
  );
}

/** The quick scan inside the frame (data-mode="scan"): the marked questions, then the indicative result. */
function Scanning({ run, onContinue }: { run: Running; onContinue: (answers: Answers) => void }) {
  const [answers, setAnswers] = useState<Answers>({});
  const [report, setReport] = useState<Report | null>(null);
  const [showResult, setShowResult] = useState(false);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useMessage();
  const [error, setError] = useMessage();
  const sourceDocument = useSourceDocuments();
  const scan = useMemo(() => scanQuestionnaire(run.questionnaire), [run.questionnaire]);
  const autosave = useMemo(() => createAutosave({
    delayMs: 800,
    send: async (changes) => { await api.save(run.id, run.token, changes, locale.value); },
    onState: (state, err) => { setSaveState(state); setSaveError(err ? () => errorText(err) : null); },
  }), [run.id]);
  const onChange = (id: string, answer: Answer | null) => {
    setAnswers((prev) => withAnswer(prev, id, answer));
    autosave.change(id, answer);
  };
  const toResult = async () => {
    setError(null);
    try {
      await autosave.flush();
      setReport(await api.report(run.id, run.token, locale.value));
      setShowResult(true);
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  const toFull = async () => {
    await autosave.flush();
    onContinue(answers);
  };
  return (
    <div class="embed-test">
      {error && <p role="alert" class="error">{error}</p>}
      {showResult && report ? (
        <IndicativeResult report={report} answered={scanProgress(scan, answers).answered} headingLevel={2}
          total={run.questionnaire.sections.reduce((n, s) => n + s.questions.length, 0)}
          onContinue={() => void toFull()} onBack={() => setShowResult(false)} />
      ) : (
        <>
          <SaveStatus state={saveState} error={saveError} onRetry={() => void autosave.flush()} />
          <ScanQuestions scan={scan} answers={answers} onChange={onChange} sourceDocument={sourceDocument} headingLevel={2}
            onResult={() => void toResult()} onFull={() => void toFull()} />
        </>
      )}
    </div>
  );
}

function ShareStep({ info, run, onShared }: { info: EmbedInfo; run: Running; onShared: (reportUrl: string) => void }) {
  // The programme's own questions (issue 17) come with its join information.
  const [questions, setQuestions] = useState<ProgrammeQuestion[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  useEffect(() => { staffApi.join(info.code).then((j) => setQuestions(j.questions ?? []), () => undefined); }, [info.code]);
  const { name, setName, checked, setChecked, error, busy, submit } = useShareConfirmation(async (shared) => {
    if (questions.length) await intakeApi.share(run.id, run.token, info.code, shared, answers);
    else await staffApi.share(run.id, run.token, info.code, shared);
    // A read-only link for the programme's page; the resume token itself never leaves this frame.
    const link = await api.createShare(run.id, run.token, 365);
    onShared(linkTo(link.path));
  });
  return (
    <section aria-labelledby="share-heading">
      <h2 id="share-heading">{t('embed.shareHeading', { programme: info.name })}</h2>
      <p>{t('embed.shareLead')}</p>
      <SharedItems reportItem={t('embedFrame.sharesReport')}><li>{t('embed.sharesLink')}</li></SharedItems>
      <p><a href={resumeUrl(run.id, run.token)} target="_blank" rel="noopener">{t('embed.reviewFirst')}</a></p>
      <form class="form-grid" onSubmit={submit} noValidate>
        <div>
          <label for="share-name">{t('join.name')}</label>
          <input id="share-name" type="text" maxLength={200} autocomplete="organization" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        {questions.length > 0 && <ProgrammeQuestions programme={info.name} questions={questions} answers={answers} onChange={setAnswers} />}
        <label class="checkbox">
          <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} />
          {t('join.check', { programme: info.name })}
        </label>
        {error && <p role="alert" class="error">{error}</p>}
        <div><button type="submit" disabled={busy} aria-busy={busy}>{t('join.shareSubmit')}</button></div>
      </form>
    </section>
  );
}

export default function EmbedPage({ code }: { code: string }) {
  const [info, setInfo] = useState<EmbedInfo | null>(null);
  const [error, setError] = useMessage();
  const [run, setRun] = useState<Running | null>(null);
  const [step, setStep] = useState<'choose' | 'scan' | 'answer' | 'share' | 'done'>('choose');
  const [reportUrl, setReportUrl] = useState<string | null>(null);
  const host = useHost(info);
  const params = new URLSearchParams(location.search);

  useEffect(() => {
    document.documentElement.classList.add('embedded');
    const accent = validAccent(params.get('accent'));
    if (accent) document.documentElement.style.setProperty('--accent', accent);
    integrationApi.embedInfo(code).then(setInfo, (err) => setError(() => errorText(err)));
    return () => document.documentElement.classList.remove('embedded');
  }, [code]);

  // The embed script waits for this: a frame that never says it is ready was refused by the browser
  // (a site not on the list), and the script then puts a readable hint in its place.
  useEffect(() => { postToHost(window.parent, host, { type: 'ready' }); }, [host]);

  // The host sizes the frame to the content, so the page never scrolls inside a scrolling page.
  useEffect(() => {
    if (!host) return;
    const report = () => postToHost(window.parent, host, { type: 'resize', height: document.body.scrollHeight + 16 });
    const observer = new ResizeObserver(report);
    observer.observe(document.body);
    report();
    return () => observer.disconnect();
  }, [host]);

  if (error) return <section><h1>{t('app.title')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!info) return <p aria-busy="true">{t('app.loading')}</p>;
  const wanted = params.get('area');
  const offered = info.questionnaires.filter((q) => !wanted || q.area === wanted);
  const choices = offered.length ? offered : info.questionnaires;

  const start = async (q: EmbedInfo['questionnaires'][number]) => {
    setError(null);
    try {
      const started = await api.start(q.id, locale.value);
      const questionnaire = await api.questionnaireOf(started.id, started.token);
      setRun({ id: started.id, token: started.token, area: q.area, questionnaire });
      // data-mode="scan" on the embed script: the quick scan first, when the area has one.
      setStep(params.get('mode') === 'scan' && hasQuickScan(questionnaire) ? 'scan' : 'answer');
      postToHost(window.parent, host, { type: 'started', area: q.area });
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  return (
    <section class="embed" aria-labelledby="embed-heading">
      <div class="embed-lang"><LanguageSwitch /></div>
      <h1 id="embed-heading">{run ? tc(run.questionnaire.title) : info.name}</h1>
      {step === 'choose' && (
        info.open ? (
          <>
            <p>{t('embed.lead', { programme: info.name })}</p>
            <ul class="areas">
              {choices.map((q) => (
                <li key={q.id} class="area-card">
                  <h2 id={`embed-area-${q.id}`}>{tc(q.title)}</h2>
                  <button type="button" aria-describedby={`embed-area-${q.id}`} onClick={() => start(q)}>{t('home.start')}</button>
                </li>
              ))}
            </ul>
          </>
        ) : <p class="notice" role="status">{t('join.closed')}</p>
      )}
      {step === 'scan' && run && <Scanning run={run} onContinue={(answers) => {
        setRun({ ...run, answers });
        setStep('answer');
      }} />}
      {step === 'answer' && run && <Answering run={run} onSubmitted={() => {
        setStep('share');
        // On submit, shared or not: a startup that never shares has still finished the test.
        postToHost(window.parent, host, { type: 'submitted', area: run.area });
      }} />}
      {step === 'share' && run && (
        <ShareStep info={info} run={run} onShared={(url) => {
          setReportUrl(url);
          setStep('done');
          postToHost(window.parent, host, { type: 'shared', area: run.area, reportUrl: url });
        }} />
      )}
      {step === 'done' && run && (
        <div role="status">
          <p class="notice">{t('embed.done', { programme: info.name })}</p>
          {reportUrl && <p><a href={reportUrl} target="_blank" rel="noopener">{t('embed.openReport')}</a></p>}
          <p><a href={resumeUrl(run.id, run.token)} target="_blank" rel="noopener">{t('embed.resumeLink')}</a></p>
        </div>
      )}
      {(step === 'share' || step === 'done') && run && (
        <EmbedPlan id={run.id} token={run.token} onUpdated={(counts) => postToHost(window.parent, host, { type: 'plan.updated', area: run.area, ...counts })} />
      )}
    </section>
  );
}
