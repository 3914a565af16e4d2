// "What changed since your review" (issue 14 item 1): for a team's new attempt, the answers and scores
// that differ from the attempt this assessor last reviewed, and that review of theirs for reference.
// Shows nothing when there is no such review (first attempt, managers, someone else's review only).
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Judgement, Review } from '../../api/staff.js';
import { staffRequest } from '../../api/staff.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.attempts.js';
import { formatDate, formatScore, formatSigned } from '../../logic/staff.js';

interface Delta { before: number | null; after: number | null; change: number | null }
export interface SinceMyReview {
  since: null | {
    submission: { id: string; attempt: number; submittedAt: string | null };
    review: Review;
    answers: { count: number; sections: Array<{ id: string; title: string; changes: Array<{ question: string; prompt: string; kind: string; before: string | null; after: string | null }> }> };
    scores: { goal: Delta; precondition: Delta; values: Array<Delta & { id: string }> };
  };
}

const shown = (d: Delta) => `${formatScore(d.before, locale.value)} → ${formatScore(d.after, locale.value)}${d.change ? ` (${formatSigned(d.change, locale.value)})` : ''}`;

/** valueNames: value id → name in the reader's language (the report's values). */
export function AttemptChanges({ submissionId, valueNames }: { submissionId: string; valueNames?: ReadonlyMap<string, string> }) {
  const [data, setData] = useState<SinceMyReview['since']>(null);
  useEffect(() => {
    setData(null);
    // A reference aid: if it cannot load, the review screen works without it.
    staffRequest<SinceMyReview>('GET', `/api/submissions/${submissionId}/since-my-review?locale=${locale.value}`).then((r) => setData(r.since), () => setData(null));
  }, [submissionId, locale.value]);
  if (!data) return null;
  const name = (id: string) => valueNames?.get(id) ?? id;
  const changedValues = data.scores.values.filter((v) => v.change !== null && v.change !== 0);
  const review = data.review;
  return (
    <details class="attempt-changes" open>
      <summary>{t('attempts.changes.heading')}</summary>
      <p class="meta">{t('attempts.changes.intro', { attempt: data.submission.attempt, date: formatDate(review.submittedAt, locale.value) })}</p>
      <h3>{t('attempts.changes.scores')}</h3>
      <dl>
        <dt>{t('attempts.changes.goal')}</dt><dd>{shown(data.scores.goal)}</dd>
        <dt>{t('attempts.changes.precondition')}</dt><dd>{shown(data.scores.precondition)}</dd>
        {changedValues.map((v) => <Fragment key={v.id}><dt>{name(v.id)}</dt><dd>{shown(v)}</dd></Fragment>)}
      </dl>
      <h3>{data.answers.count ? t('attempts.changes.answers', { n: data.answers.count }) : t('attempts.changes.none')}</h3>
      {data.answers.sections.map((s) => (
        <div key={s.id}>
          <h4>{s.title}</h4>
          {s.changes.map((c) => (
            <div class="change" key={c.question}>
              <p>{c.prompt}</p>
              <dl>
                <dt>{t('attempts.changes.before')}</dt><dd>{c.before ?? t('attempts.changes.empty')}</dd>
                <dt>{t('attempts.changes.after')}</dt><dd>{c.after ?? t('attempts.changes.empty')}</dd>
              </dl>
            </div>
          ))}
        </div>
      ))}
      <h3>{t('attempts.changes.yourReview')}</h3>
      <p>{t('attempts.changes.judgement', { judgement: review.judgement ? t(`attempts.changes.judgement.${review.judgement as Judgement}`) : '–' })}</p>
      {review.comment && <p class="pre-wrap">{review.comment}</p>}
      <ul>
        {Object.entries(review.scores).map(([id, s]) => (
          <li key={id}>{t('attempts.changes.scoreOf', { value: name(id), score: formatScore(s.score, locale.value) })}{s.comment ? ` — ${s.comment}` : ''}</li>
        ))}
      </ul>
    </details>
  );
}
