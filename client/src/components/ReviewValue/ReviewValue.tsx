import type { ComponentChildren } from 'preact';
import type { ReportValue } from '../../api/client.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.review.js';
import '../../i18n/messages.staff.js';
import { parseScoreInput, type MarkedAnswer } from '../../logic/review.js';
import { formatScore, formatSigned, scoreDifference } from '../../logic/staff.js';
import './ReviewValue.css';

/** The startup's answers under one value, knock-outs and unknown risks marked, notes as written. */
export function ValueAnswers({ answers, questionExtra }: { answers: MarkedAnswer[]; questionExtra?: (questionId: string) => ComponentChildren }) {
  if (answers.length === 0) return <p class="hint">{t('review.noAnswers')}</p>;
  return (
    <ul class="value-answers">
      {answers.map((a) => (
        <li key={a.question} class={a.knockout ? 'answer knockout' : a.unknownRisk ? 'answer unknown-risk' : 'answer'}>
          <p class="answer-prompt">{a.prompt}</p>
          <p class="answer-given">
            {a.knockout && <strong class="flag flag-knockout">{t('review.knockout')}: </strong>}
            {!a.knockout && a.unknownRisk && <strong class="flag flag-risk">{t('review.unknownRisk')}: </strong>}
            {a.notApplicable ? t('review.notApplicable') : a.answer}
          </p>
          {a.knockout && <p class="flag-message">{a.knockout}</p>}
          {!a.knockout && a.unknownRisk && <p class="flag-message">{a.unknownRisk}</p>}
          {a.note && (
            <p class="answer-note"><span class="hint">{t('review.note')}:</span> <span class="note-text">{a.note}</span></p>
          )}
          {a.unbacked && <p class="hint answer-unbacked">{t('review.unbacked')}</p>}
          {/* A slot per question for the per-question verdict control. */}
          {questionExtra?.(a.question)}
        </li>
      ))}
    </ul>
  );
}

export interface ValueField {
  score: string;
  comment: string;
}

/**
 * One value as the assessor works on it: the startup's answers for it beside the self-score and the
 * assessor's own score and comment.
 */
export function ReviewValue({ value, answers, field, locked, invalid, onChange, questionExtra }: {
  value: ReportValue;
  answers: MarkedAnswer[];
  field: ValueField;
  locked: boolean;
  invalid: boolean;
  onChange: (patch: Partial<ValueField>) => void;
  questionExtra?: (questionId: string) => ComponentChildren;
}) {
  const parsed = parseScoreInput(field.score);
  const diff = scoreDifference(value.score, parsed ?? null);
  const errorId = `score-${value.id}-error`;
  return (
    <section class="review-value" aria-labelledby={`rv-${value.id}`}>
      <h3 id={`rv-${value.id}`}>{value.name}</h3>
      <div class="review-value-grid">
        <div class="review-value-answers">
          <h4 class="visually-hidden">{t('review.answers', { value: value.name })}</h4>
          <ValueAnswers answers={answers} questionExtra={questionExtra} />
        </div>
        <div class="review-value-scores">
          <div class="score-row">
            <div>
              <span class="hint">{t('staff.review.self')}</span>
              <div class="self-score">{formatScore(value.score, locale.value)}</div>
            </div>
            <div>
              <label for={`score-${value.id}`}>{t('staff.review.yours')}</label>
              <input id={`score-${value.id}`} class={invalid ? 'assessor-score invalid' : 'assessor-score'} type="text" inputMode="decimal"
                autoComplete="off" disabled={locked} value={field.score} aria-invalid={invalid}
                aria-describedby={invalid ? errorId : undefined}
                onInput={(e) => onChange({ score: e.currentTarget.value })} />
            </div>
            <div>
              <span class="hint">{t('staff.review.difference')}</span>
              <div class="difference">{formatSigned(diff, locale.value)}</div>
            </div>
          </div>
          {invalid && <p id={errorId} class="field-error">{t('review.badScore', { value: value.name })}</p>}
          <label for={`comment-${value.id}`}>{t('staff.review.valueComment', { value: value.name })}</label>
          <textarea id={`comment-${value.id}`} rows={2} maxLength={4000} disabled={locked} value={field.comment}
            onInput={(e) => onChange({ comment: e.currentTarget.value })} />
        </div>
      </div>
    </section>
  );
}
