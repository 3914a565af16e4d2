// /scan/<id>: the quick scan of an open response (issue 16, item 1). The same response and token as
// the full test: the scan only shows fewer questions, and "continue" opens /test/<id> with every answer.
import { useMessage } from '../../logic/message.js';
import { withAnswer } from '../../../../core/answers.js';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Answer, Answers, Questionnaire } from '../../../../core/types.js';
import { api, type Report, type ResponseState } from '../../api/client.js';
import { IndicativeResult, ScanQuestions } from '../../components/QuickScan/QuickScan.js';
import { SaveStatus } from '../../components/SaveStatus/SaveStatus.js';
import { locale, t } from '../../i18n/i18n.js';
import { useAnswerAutosave } from '../../logic/answer-autosave.js';
import { errorText, responseErrorText } from '../../logic/errors.js';
import { hasQuickScan, scanProgress, scanQuestionnaire } from '../../logic/quick-scan.js';
import { useSourceDocuments } from '../../logic/sources.js';
import { recall, remember } from '../../logic/tokens.js';

export default function ScanPage({ id }: { id: string }) {
  const { route, query } = useLocation();
  const stored = recall(id);
  const [questionnaire, setQuestionnaire] = useState<Questionnaire | null>(null);
  const [response, setResponse] = useState<ResponseState | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useMessage(stored ? null : () => t('test.noToken'));
  const sourceDocument = useSourceDocuments();
  const top = useRef<HTMLDivElement>(null);
  const showResult = query.step === 'result';

  const { autosave, saveState, saveError } = useAnswerAutosave(id, stored?.token);

  useEffect(() => {
    if (!stored) return;
    Promise.all([api.response(id, stored.token), api.questionnaireOf(id, stored.token)]).then(([r, q]) => {
      setResponse(r);
      setAnswers(r.answers);
      setQuestionnaire(q);
      remember({ ...(recall(id) ?? stored), title: q.title, submitted: r.status === 'submitted' });
      // A submitted response or an area without a scan has nothing to scan: the full test or report handles it.
      if (r.status === 'submitted' || !hasQuickScan(q)) route(`/test/${id}`, true);
    }, (err) => setError(() => responseErrorText(err)));
  }, [id]);

  // The indicative result is the report of the open response (a preview), computed from the saved answers.
  useEffect(() => {
    if (!showResult || !stored || !questionnaire) return;
    setReport(null);
    // As on the report page: an answer in a language no longer chosen is not shown.
    let current = true;
    autosave.flush().then(() => api.report(id, stored.token, locale.value))
      .then((r) => { if (current) setReport(r); }, (err) => { if (current) setError(() => errorText(err)); });
    return () => { current = false; };
  }, [showResult, questionnaire, locale.value]);

  // Before the paint, as in TestPage: focus never trails the new heading by a frame.
  useLayoutEffect(() => {
    top.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [showResult, questionnaire !== null, report !== null]);

  const scan = useMemo(() => (questionnaire ? scanQuestionnaire(questionnaire) : null), [questionnaire]);

  if (error) {
    return (
      <section>
        <h1>{t('app.title')}</h1>
        <p role="alert">{error}</p>
        <a href="/">{t('notFound.home')}</a>
      </section>
    );
  }
  if (!questionnaire || !response || !scan) return <p aria-busy="true">{t('app.loading')}</p>;

  const onChange = (questionId: string, answer: Answer | null) => {
    setAnswers((prev) => withAnswer(prev, questionId, answer));
    autosave.change(questionId, answer);
  };
  // Only once the answers are saved: the next page reads them from the server. A save that failed
  // is shown with its retry (SaveStatus), and the founder stays.
  const afterSaving = async (to: string) => {
    await autosave.flush();
    if (!autosave.hasPending()) route(to);
  };
  const toFull = () => afterSaving(`/test/${id}`);

  return (
    <div class="scan-page" ref={top}>
      {showResult ? (
        report ? (
          <IndicativeResult report={report} answered={scanProgress(scan, answers).answered}
            total={questionnaire.sections.reduce((n, s) => n + s.questions.length, 0)}
            onContinue={() => void toFull()} onBack={() => route(`/scan/${id}`)} />
        ) : <p aria-busy="true">{t('app.loading')}</p>
      ) : (
        <>
          <SaveStatus state={saveState} error={saveError} onRetry={() => void autosave.flush()} empty={Object.keys(answers).length === 0} />
          <ScanQuestions scan={scan} answers={answers} onChange={onChange} sourceDocument={sourceDocument}
            onResult={() => void afterSaving(`/scan/${id}?step=result`)} onFull={() => void toFull()} />
        </>
      )}
    </div>
  );
}
