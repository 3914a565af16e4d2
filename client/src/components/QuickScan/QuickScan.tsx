// The quick scan's two screens (issue 16, item 1), shared by the app's own page and the embed: the
// marked questions on one page, and the indicative result computed by the report (core scoring) over
// the answers given. Both end in one primary button, to the full test, on the same response.
import type { Answer, Answers, Questionnaire } from '../../../../core/types.js';
import type { Report } from '../../api/client.js';
import { t, tc } from '../../i18n/i18n.js';
import '../../i18n/messages.scan.js';
import { scanActions, scanProgress } from '../../logic/quick-scan.js';
import type { SourceDocumentInfo } from '../../logic/sources.js';
import { formatScore, profileLabel } from '../Charts/format.js';
import { Question } from '../Question/Question.js';
import './quick-scan.css';

export function ScanQuestions({ scan, answers, onChange, onResult, onFull, sourceDocument, headingLevel = 1 }: {
  scan: Questionnaire;
  answers: Answers;
  onChange: (questionId: string, answer: Answer | null) => void;
  onResult: () => void;
  onFull: () => void;
  sourceDocument: (document: string) => SourceDocumentInfo | undefined;
  headingLevel?: 1 | 2;
}) {
  const { shown, answered } = scanProgress(scan, answers);
  const H = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section class="quick-scan" aria-labelledby="scan-heading">
      <H id="scan-heading" tabIndex={-1}>{t('scan.heading', { title: tc(scan.title) })}</H>
      <p class="lead">{t('scan.lead')}</p>
      <p class="meta" role="status">{t('scan.count', { answered, total: shown.length })}</p>
      {shown.map((q) => (
        <Question key={q.id} question={q} answer={answers[q.id]} onChange={(a) => onChange(q.id, a)} sourceDocument={sourceDocument} />
      ))}
      <div class="step-buttons">
        <button type="button" class="secondary" onClick={onFull}>{t('scan.skipToFull')}</button>
        <button type="button" onClick={onResult}>{t('scan.toResult')}</button>
      </div>
    </section>
  );
}

export function IndicativeResult({ report, answered, total, onContinue, onBack, headingLevel = 1 }: {
  report: Report;
  answered: number;
  total: number;
  onContinue: () => void;
  onBack: () => void;
  headingLevel?: 1 | 2;
}) {
  const H = headingLevel === 1 ? 'h1' : 'h2';
  const S = headingLevel === 1 ? 'h2' : 'h3';
  const actions = scanActions(report);
  return (
    <section class="quick-scan indicative" aria-labelledby="scan-result-heading">
      <p class="eyebrow"><span class="indicative-badge">{t('scan.resultLabel')}</span></p>
      <H id="scan-result-heading" tabIndex={-1}>{t('scan.resultHeading')}</H>
      <p class="notice">{t('scan.resultLead', { answered, total })}</p>

      <S>{t('scan.profile')}</S>
      <p class="scan-profile"><strong>{profileLabel(report.profile)}</strong></p>
      <p>{t(`report.profile.${report.profile}.text` as 'report.profile.valuable.text')}</p>

      <S>{t('scan.dimensions')}</S>
      <dl class="scan-dimensions">
        <div><dt>{t('report.goal')}</dt><dd>{formatScore(report.dimensions.goal.score)}</dd></div>
        <div><dt>{t('report.precondition')}</dt><dd>{formatScore(report.dimensions.precondition.score)}</dd></div>
      </dl>

      <S>{t('scan.knockouts')}</S>
      {report.knockouts.length ? (
        <ul class="scan-flags">{report.knockouts.map((k) => <li key={`${k.question}-${k.option}`}>{k.message}</li>)}</ul>
      ) : <p>{t('scan.none')}</p>}

      <S>{t('scan.unknownRisks')}</S>
      {report.unknownRisks.length ? (
        <ul class="scan-flags">{report.unknownRisks.map((k) => <li key={`${k.question}-${k.option}`}>{k.message}</li>)}</ul>
      ) : <p>{t('scan.none')}</p>}

      <S>{t('scan.actions')}</S>
      {actions.length ? (
        <ol class="scan-actions">
          {actions.map((a) => (
            <li key={a.question}>
              <strong>{a.prompt}</strong>
              {a.text && <p>{a.text}</p>}
            </li>
          ))}
        </ol>
      ) : <p>{t('scan.noActions')}</p>}

      <div class="step-buttons">
        <button type="button" class="link-button" onClick={onBack}>{t('scan.back')}</button>
        <button type="button" onClick={onContinue}>{t('scan.continue')}</button>
      </div>
      <p class="meta">{t('scan.continueNote')}</p>
    </section>
  );
}
