import { useMessage } from '../../logic/message.js';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { withAnswer } from '../../../../core/answers.js';
import { useLocation } from 'preact-iso';
import type { Answer, Answers, Questionnaire } from '../../../../core/types.js';
import { api, type ResponseState } from '../../api/client.js';
import { Progress } from '../../components/Progress/Progress.js';
import { Question } from '../../components/Question/Question.js';
import { SaveStatus } from '../../components/SaveStatus/SaveStatus.js';
import { CopyButton } from '../../components/CopyButton/CopyButton.js';
import { AnswerReview } from '../../components/AnswerReview/AnswerReview.js';
import { estimateMinutes } from '../../../../core/estimate.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import { useAnswerAutosave } from '../../logic/answer-autosave.js';
import { progressOf } from '../../logic/progress.js';
import { openChecksOf, questionElementId, sectionCompletion } from '../../logic/open-questions.js';
import { forget, recall, remember, rememberSection, resumeUrl } from '../../logic/tokens.js';
import { startSection, SUBMIT_STEP } from '../../logic/start-section.js';
import { retakeLabel } from '../../logic/retake.js';
import { deleteErrorSay, errorText, responseErrorText } from '../../logic/errors.js';
import { useSourceDocuments } from '../../logic/sources.js';
import { PeerConsent } from '../../components/Peers/PeerComparison.js';
import { VersionNotice } from '../../components/VersionNotice/VersionNotice.js';
import { newerVersionOf } from '../../api/versions.js';
import { Announce } from '../../components/Announce/Announce.js';

export default function TestPage({ id }: { id: string }) {
  const { route, query } = useLocation();
  const stored = recall(id);
  const [questionnaire, setQuestionnaire] = useState<Questionnaire | null>(null);
  const [response, setResponse] = useState<ResponseState | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [loadError, setLoadError] = useMessage(stored ? null : () => t('test.noToken'));
  const [confirmIncomplete, setConfirmIncomplete] = useState(false);
  const [peerConsent, setPeerConsent] = useState(false);
  const [submitError, setSubmitError] = useMessage();
  const [deleteError, setDeleteError] = useMessage();
  const [movedTo, setMovedTo] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const sourceDocument = useSourceDocuments();

  const { autosave, saveState, saveError, saveNow } = useAnswerAutosave(id, stored?.token);

  useEffect(() => {
    if (!stored) return;
    Promise.all([api.response(id, stored.token), api.questionnaireOf(id, stored.token)]).then(
      ([r, q]) => {
        setResponse(r);
        setAnswers(r.answers);
        setQuestionnaire(q);
        remember({ ...(recall(id) ?? stored), title: q.title, submitted: r.status === 'submitted' });
      },
      (err) => setLoadError(() => responseErrorText(err)),
    );
  }, [id]);

  const progress = useMemo(() => (questionnaire ? progressOf(questionnaire, answers) : null), [questionnaire, answers]);
  const checks = useMemo(() => (questionnaire ? openChecksOf(questionnaire, answers) : []), [questionnaire, answers]);
  const completion = useMemo(() => new Map((questionnaire ? sectionCompletion(questionnaire, answers) : []).map((s) => [s.id, s])), [questionnaire, answers]);
  const loaded = questionnaire !== null && response !== null;
  // An address without a part (a resume link, the home page's "continue") opens where the founder
  // stopped; decided once on load, so answering does not move the page.
  const [opening, setOpening] = useState<string | undefined>();
  useEffect(() => {
    if (!questionnaire || !response || query.section) return;
    const answered = response.answers;
    setOpening(startSection(progressOf(questionnaire, answered).sections.map((s) => s.id), sectionCompletion(questionnaire, answered), recall(id)?.section));
  }, [loaded]);
  const sectionId = query.section ?? opening;
  const focusId = query.focus;
  useEffect(() => {
    if (sectionId) rememberSection(id, sectionId);
  }, [sectionId]);
  const minutes = useMemo(() => (questionnaire ? estimateMinutes(questionnaire) : 0), [questionnaire]);

  // Keyboard and screen-reader users land on the section's heading when the test has loaded and on
  // every change of section (the heading does not exist before the questionnaire arrives).
  // A link from the list of open questions lands on that question's first control instead.
  // A layout effect: moved before the browser paints, focus never trails the new heading by a frame.
  useLayoutEffect(() => {
    const target = focusId ? document.getElementById(questionElementId(focusId)) : null;
    const control = target?.querySelector<HTMLElement>('input:not([disabled]), textarea:not([disabled])');
    if (target && control) {
      target.scrollIntoView({ block: 'start' });
      control.focus({ preventScroll: true });
    } else heading.current?.focus();
  }, [sectionId, loaded, focusId]);

  if (loadError) {
    return (
      <section>
        <h1>{t('app.title')}</h1>
        <p role="alert">{loadError}</p>
        <a href="/">{t('notFound.home')}</a>
      </section>
    );
  }
  if (!questionnaire || !response || !progress || (!query.section && !opening)) return <p aria-busy="true">{t('app.loading')}</p>;

  if (response.status === 'submitted') {
    return (
      <section>
        <h1>{tc(questionnaire.title)}</h1>
        <p>{t('test.submitted')}</p>
        <a class="button" href={`/report/${id}`}>{t('test.toReport')}</a>
      </section>
    );
  }

  const sections = progress.sections;
  const index = sectionId === SUBMIT_STEP ? sections.length : Math.max(0, sections.findIndex((s) => s.id === sectionId));
  const section = sections[index];
  const goTo = (i: number) => route(`/test/${id}?section=${i >= sections.length ? SUBMIT_STEP : sections[i].id}`);

  const onChange = (questionId: string, answer: Answer | null) => {
    setAnswers((prev) => withAnswer(prev, questionId, answer));
    autosave.change(questionId, answer);
  };

  const missing = progress.total - progress.answered;
  const submit = async () => {
    setSubmitError(null);
    try {
      await saveNow();
      await api.submit(id, stored!.token, { peerConsent });
      remember({ ...stored!, title: questionnaire.title, submitted: true });
      route(`/report/${id}`);
    } catch (err) {
      setSubmitError(() => errorText(err));
    }
  };

  const remove = async () => {
    if (!confirm(t('test.deleteConfirm'))) return;
    setDeleteError(null);
    try {
      await api.remove(id, stored!.token);
    } catch (err) {
      setDeleteError(await deleteErrorSay(err, () => api.sharedWith(id, stored!.token)));
      return;
    }
    forget(id);
    route('/?deleted=1');
  };

  // Moved to a newer version: the questionnaire, the answers and the progress are those of the new snapshot.
  const onMoved = (moved: ResponseState, version: string) => {
    void api.questionnaireOf(id, stored!.token).then((q) => {
      setQuestionnaire(q);
      setResponse({ ...moved, newerVersion: null } as ResponseState);
      setAnswers(moved.answers);
      setMovedTo(version);
    }, (err) => setLoadError(() => responseErrorText(err)));
  };

  const link = resumeUrl(id, stored!.token);
  const retake = recall(id)?.retake;
  const fresh = progress.answered === 0 && Object.keys(answers).length === 0;

  return (
    <div class="test-layout">
      <header class="test-header">
        <p class="eyebrow">{tc(questionnaire.title)}</p>
        <Announce text={query.dropped ? t('report.retakeDropped', { n: query.dropped }) : ''} />
        <Announce text={query.planDropped ? t('report.planDropped', { n: query.planDropped }) : ''} />
        {response.status === 'open' && newerVersionOf(response) && (
          <VersionNotice id={id} token={stored!.token} current={response.questionnaire.version} version={newerVersionOf(response)!}
            flush={() => autosave.flush()} onMoved={onMoved} />
        )}
        <p role="status" class={movedTo ? 'notice' : 'visually-hidden'}>{movedTo ? t('serve.moved', { version: movedTo }) : ''}</p>
        <Progress answered={progress.answered} total={progress.total} />
        <SaveStatus state={saveState} error={saveError} onRetry={() => void autosave.flush()} empty={Object.keys(answers).length === 0} />
      </header>

      {/* The side column comes first: the personal link is on the first screen (sticky on a desktop). */}
      <div class="test-side">
        <aside class="resume-box" aria-labelledby="resume-heading">
          <h2 id="resume-heading">{t('test.resumeHeading')}</h2>
          <p>{t('test.resumeText')}</p>
          <div class="copy-row">
            <input class="resume-link" readOnly value={link} aria-label={t('test.resumeLink')} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
            <CopyButton text={link} />
          </div>
        </aside>
        <nav class="section-nav" aria-label={t('test.sections')}>
          <ol>
            {sections.map((s, i) => {
              const c = completion.get(s.id);
              return (
                <li key={s.id}>
                  <a href={`/test/${id}?section=${s.id}`} aria-current={i === index ? 'step' : undefined}>
                    {tc(s.title)}
                    {c && (c.done
                      ? <> <span class="section-mark" aria-hidden="true">✓</span><span class="visually-hidden"> ({t('test.sectionDone')})</span></>
                      : <> <span class="section-count" aria-hidden="true">{c.answered}/{c.required}</span><span class="visually-hidden"> ({t('test.sectionCount', { answered: c.answered, required: c.required })})</span></>)}
                  </a>
                </li>
              );
            })}
            <li>
              <a href={`/test/${id}?section=${SUBMIT_STEP}`} aria-current={index === sections.length ? 'step' : undefined}>{t('test.submitHeading')}</a>
            </li>
          </ol>
        </nav>
      </div>

      <section class="test-main" aria-labelledby="section-heading">
        {retake && (
          <p class="notice retake-notice">
            {retakeLabel(retake)}
            {!query.section && <> {t('test.retakeSave')} <a href="#resume-heading">{t('test.resumeLinkJump')}</a></>}
          </p>
        )}
        {section ? (
          <>
            <p class="eyebrow">{t('test.section', { n: index + 1, total: sections.length })}</p>
            <h1 id="section-heading" tabIndex={-1} ref={heading}>{tc(section.title)}</h1>
            {section.intro && <p class="lead">{tc(section.intro)}</p>}
            {!retake && fresh && index === 0 && (
              <p class="notice start-prompt">
                {t('test.startPrompt', { n: minutes })} <a href="#resume-heading">{t('test.resumeLinkJump')}</a>
              </p>
            )}
            {section.questions.filter((q) => progress.visible.has(q.id)).map((q) => (
              <Question key={q.id} question={q} answer={answers[q.id]} onChange={(a) => onChange(q.id, a)} sourceDocument={sourceDocument} />
            ))}
            <div class="step-buttons">
              {index > 0 && <button type="button" class="secondary" onClick={() => goTo(index - 1)}>{t('test.previous')}</button>}
              <button type="button" onClick={() => goTo(index + 1)}>{index + 1 < sections.length ? t('test.next') : t('test.toSubmit')}</button>
            </div>
          </>
        ) : (
          <>
            <h1 id="section-heading" tabIndex={-1} ref={heading}>{t('test.submitHeading')}</h1>
            <p>{t('test.submitText')}</p>
            {checks.length > 0 && (
              <section class="open-checks" aria-labelledby="checks-heading">
                <h2 id="checks-heading">{t('test.checksHeading')}</h2>
                <p id="checks-lead">{t('test.checksLead')}</p>
                <ul>
                  {checks.map((c) => (
                    <li key={c.id}><a href={`/test/${id}?section=${c.section.id}&focus=${c.id}`}>{tc(c.prompt)}</a> <span class="section-count">({tc(c.section.title)})</span></li>
                  ))}
                </ul>
              </section>
            )}
            {missing > 0 ? (
              <section class="open-questions" aria-labelledby="open-heading">
                <h2 id="open-heading">{t('test.openHeading')}</h2>
                <p>{t('test.openLead')}</p>
                {[...completion.values()].filter((c) => !c.done).map((c) => (
                  <div key={c.id}>
                    <h3>{tc(c.title)} <span class="section-count">({t('test.sectionCount', { answered: c.answered, required: c.required })})</span></h3>
                    <ul>
                      {c.open.map((q) => (
                        <li key={q.id}><a href={`/test/${id}?section=${c.id}&focus=${q.id}`}>{tc(q.prompt)}</a></li>
                      ))}
                    </ul>
                  </div>
                ))}
              </section>
            ) : <p>{t('test.allAnswered')}</p>}
            <AnswerReview id={id} questionnaire={questionnaire} answers={answers} visible={progress.visible} />
            {missing > 0 && (
              <>
                <p class="warning">{t(missing === 1 ? 'test.missing' : 'test.missingPlural', { n: missing })}</p>
                <label class="choice">
                  <input type="checkbox" checked={confirmIncomplete} onChange={(e) => setConfirmIncomplete((e.currentTarget as HTMLInputElement).checked)} />
                  <span>{t('test.confirmIncomplete')}</span>
                </label>
              </>
            )}
            <PeerConsent checked={peerConsent} onChange={setPeerConsent} />
            {submitError && <p role="alert" class="error">{submitError}</p>}
            <div class="step-buttons">
              <button type="button" class="secondary" onClick={() => goTo(sections.length - 1)}>{t('test.previous')}</button>
              <button type="button" onClick={submit} disabled={checks.length > 0 || (missing > 0 && !confirmIncomplete)}
                aria-describedby={checks.length > 0 ? 'checks-lead' : undefined}>{t('test.submit')}</button>
            </div>
          </>
        )}
      </section>

      <p class="delete-test">
        <button type="button" class="link-button danger" onClick={remove}>{t('test.delete')}</button>
        {deleteError && <span role="alert" class="error"> {deleteError}</span>}
      </p>
    </div>
  );
}
