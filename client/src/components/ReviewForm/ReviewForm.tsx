import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Judgement, SubmissionDetail } from '../../api/staff.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.review.js';
import '../../i18n/messages.staff.js';
import { answersByValue } from '../../logic/review.js';
import { formatDate } from '../../logic/staff.js';
import { ReviewValue, ValueAnswers } from '../ReviewValue/ReviewValue.js';
import type { DraftState, ReviewDraftHandle } from './useReviewDraft.js';
import './ReviewForm.css';

const JUDGEMENTS: Judgement[] = ['positive', 'conditional', 'negative'];

/** The draft's save state beside the form's buttons; a live region, so it is also heard. */
export function DraftStatus({ state, error, onRetry, empty }: { state: DraftState; error?: string | null; onRetry: () => void; empty: boolean }) {
  return (
    <p class={`draft-status draft-${state}`} role="status" aria-live="polite">
      {state === 'saved' && !empty && t('review.state.saved')}
      {state === 'saving' && t('review.state.saving')}
      {state === 'pending' && t('review.state.pending')}
      {state === 'invalid' && t('review.state.invalid')}
      {state === 'error' && (
        <>
          {t('review.state.error', { message: error ?? '' })}{' '}
          <button type="button" class="link-button" onClick={onRetry}>{t('test.retry')}</button>
        </>
      )}
    </p>
  );
}

/**
 * The assessor's review: per value the startup's answers beside the self-score and the assessor's
 * score and comment, then the overall judgement. Without `review` (a manager) the same layout shows
 * the answers only.
 */
export function ReviewForm({ detail, review, questionExtra }: {
  detail: SubmissionDetail;
  review: ReviewDraftHandle | null;
  questionExtra?: (questionId: string) => ComponentChildren;
}) {
  const { byValue, other } = answersByValue(detail.report, new Set(detail.claimsWithoutEvidence ?? []));
  const summary = useRef<HTMLDivElement>(null);
  const errors = review?.errors ?? [];
  // The summary takes focus when a save attempt finds problems, so every one of them is read out.
  useEffect(() => {
    if (errors.length) summary.current?.focus();
  }, [errors.map((e) => e.field).join()]);
  // Submitting locks the form and takes its buttons away: the heading keeps the keyboard's place.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (review?.justSubmitted) heading.current?.focus();
  }, [review?.justSubmitted]);

  const locked = review?.locked ?? true;
  const draft = review?.draft;
  const setField = (id: string, patch: Partial<{ score: string; comment: string }>) => {
    if (!review) return;
    const d = review.draft;
    review.update({ ...d, scores: { ...d.scores, [id]: { ...(d.scores[id] ?? { score: '', comment: '' }), ...patch } } });
  };
  const own = detail.ownReview;

  return (
    <form class="review-form" onSubmit={(e) => { e.preventDefault(); void review?.saveNow(); }} noValidate aria-labelledby="review-heading">
      <h2 id="review-heading" ref={heading} tabIndex={-1}>{review ? t('staff.review.heading') : t('review.answersHeading')}</h2>
      {review && locked && own?.submittedAt && <p class="notice">{t('staff.review.locked', { date: formatDate(own.submittedAt, locale.value) })}</p>}
      {/* In the form before it fills, so that screen readers read it out. */}
      {review && <p role="status" class={review.justSubmitted ? 'success' : undefined}>{review.justSubmitted && t('staff.review.submitted')}</p>}
      {review && !locked && <p class="hint">{t('review.scale')}</p>}
      {errors.length > 0 && (
        <div class="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('review.errorSummary', { n: errors.length })}</p>
          <ul>
            {errors.map((e) => (
              <li key={e.field}>
                <a href={`#${e.field}`}>{e.kind === 'score' ? t('review.badScore', { value: e.value ?? '' }) : t('review.judgementMissing')}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {detail.report.values.map((v) => (
        review && draft
          ? (
            <ReviewValue key={v.id} value={v} answers={byValue.get(v.id) ?? []} field={draft.scores[v.id] ?? { score: '', comment: '' }}
              locked={locked} invalid={review.invalidFields.has(`score-${v.id}`)} onChange={(p) => setField(v.id, p)} questionExtra={questionExtra} />
          )
          : (
            <section key={v.id} class="review-value" aria-labelledby={`rv-${v.id}`}>
              <h3 id={`rv-${v.id}`}>{v.name}</h3>
              <ValueAnswers answers={byValue.get(v.id) ?? []} questionExtra={questionExtra} />
            </section>
          )
      ))}
      {other.length > 0 && (
        <section class="review-value" aria-labelledby="rv-other">
          <h3 id="rv-other">{t('review.otherAnswers')}</h3>
          <ValueAnswers answers={other} questionExtra={questionExtra} />
        </section>
      )}
      {review && draft && (
        <div class="review-overall">
          <fieldset disabled={locked} class={errors.some((e) => e.kind === 'judgement') ? 'invalid' : undefined}>
            <legend>{t('staff.review.judgement')}</legend>
            {JUDGEMENTS.map((j) => (
              <label key={j} class="checkbox">
                <input id={`judgement-${j}`} type="radio" name="judgement" value={j} checked={draft.judgement === j}
                  onChange={() => review.update({ ...draft, judgement: j })} />
                {t(`staff.judgement.${j}`)}
              </label>
            ))}
          </fieldset>
          <label for="review-comment">{t('staff.review.comment')}</label>
          <textarea id="review-comment" rows={4} maxLength={10000} disabled={locked} value={draft.comment}
            onInput={(e) => review.update({ ...draft, comment: e.currentTarget.value })} />
          {!locked && (
            <div class="review-actions">
              <button type="submit" class="secondary">{t('staff.review.saveDraft')}</button>
              <button type="button" onClick={() => void review.submit()}>{t('staff.review.submit')}</button>
              <DraftStatus state={review.state} error={review.saveError} onRetry={review.retry} empty={review.empty} />
            </div>
          )}
        </div>
      )}
    </form>
  );
}
