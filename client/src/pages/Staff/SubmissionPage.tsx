import { useEffect, useState } from 'preact/hooks';
import { staffApi, type Judgement, type Review, type ReviewScores, type SubmissionDetail } from '../../api/staff.js';
import { ReportView } from '../../components/Report/ReportView.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { DecisionLink } from './Decision/DecisionLink.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import { formatDate, formatScore, formatSigned, nextStatuses, parseReviewScore, scoreDifference } from '../../logic/staff.js';

const JUDGEMENTS: Judgement[] = ['positive', 'conditional', 'negative'];
type Draft = Record<string, { score: string; comment: string }>;

function draftOf(review: Review | null): Draft {
  const out: Draft = {};
  for (const [id, s] of Object.entries(review?.scores ?? {})) out[id] = { score: s.score === null ? '' : String(s.score), comment: s.comment };
  return out;
}

function ReviewForm({ detail, onSaved }: { detail: SubmissionDetail; onSaved: (message: string) => void }) {
  const own = detail.ownReview;
  const [draft, setDraft] = useState<Draft>(() => draftOf(own));
  const [judgement, setJudgement] = useState<Judgement | null>(own?.judgement ?? null);
  const [comment, setComment] = useState(own?.comment ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const locked = own?.status === 'submitted';
  const values = detail.report.values;

  const save = async (submit: boolean) => {
    const scores: ReviewScores = {};
    for (const v of values) {
      const d = draft[v.id];
      if (!d) continue;
      const score = parseReviewScore(d.score);
      if (score === undefined) return setMessage({ ok: false, text: t('staff.review.badScore', { value: v.name }) });
      if (score !== null || d.comment.trim()) scores[v.id] = { score, comment: d.comment.trim() };
    }
    if (submit && !judgement) return setMessage({ ok: false, text: t('staff.review.judgementMissing') });
    if (submit && !confirm(t('staff.review.submitConfirm'))) return;
    try {
      await staffApi.saveReview(detail.submission.id, { scores, judgement, comment: comment.trim(), submit });
      // The form is rebuilt from the saved review, so the confirmation lives with the page.
      onSaved(t(submit ? 'staff.review.submitted' : 'staff.review.saved'));
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };
  const update = (id: string, patch: Partial<Draft[string]>) =>
    setDraft((d) => ({ ...d, [id]: { ...(d[id] ?? { score: '', comment: '' }), ...patch } }));

  return (
    <form onSubmit={(e) => { e.preventDefault(); save(false); }} noValidate aria-labelledby="review-heading">
      <h2 id="review-heading">{t('staff.review.heading')}</h2>
      {locked && <p class="notice">{t('staff.review.locked', { date: formatDate(own!.submittedAt, locale.value) })}</p>}
      <p class="hint">{t('staff.review.scale')}</p>
      {values.map((v) => {
        const d = draft[v.id] ?? { score: '', comment: '' };
        const parsed = parseReviewScore(d.score);
        const diff = scoreDifference(v.score, parsed ?? null);
        return (
          <div key={v.id} class="value-review">
            <h3 id={`rv-${v.id}`}>{v.name}</h3>
            <div class="score-row">
              <div>
                <span class="hint">{t('staff.review.self')}</span>
                <div class="self-score">{formatScore(v.score, locale.value)}</div>
              </div>
              <div>
                <label for={`score-${v.id}`}>{t('staff.review.yours')}</label>
                <input id={`score-${v.id}`} class="assessor-score" type="number" inputMode="numeric" min={0} max={100} step={1}
                  disabled={locked} value={d.score} aria-invalid={parsed === undefined}
                  onInput={(e) => update(v.id, { score: e.currentTarget.value })} />
              </div>
              <div>
                <span class="hint">{t('staff.review.difference')}</span>
                <div class="difference" aria-live="polite">{formatSigned(diff, locale.value)}</div>
              </div>
            </div>
            <label for={`comment-${v.id}`}>{t('staff.review.valueComment', { value: v.name })}</label>
            <textarea id={`comment-${v.id}`} rows={2} maxLength={4000} disabled={locked} value={d.comment}
              onInput={(e) => update(v.id, { comment: e.currentTarget.value })} />
          </div>
        );
      })}
      <fieldset disabled={locked}>
        <legend>{t('staff.review.judgement')}</legend>
        {JUDGEMENTS.map((j) => (
          <label key={j} class="checkbox">
            <input type="radio" name="judgement" value={j} checked={judgement === j} onChange={() => setJudgement(j)} />
            {t(`staff.judgement.${j}`)}
          </label>
        ))}
      </fieldset>
      <label for="review-comment">{t('staff.review.comment')}</label>
      <textarea id="review-comment" rows={4} maxLength={10000} disabled={locked} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      {message && <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'success' : 'error'}>{message.text}</p>}
      {!locked && (
        <div class="actions-row">
          <button type="submit" class="secondary">{t('staff.review.saveDraft')}</button>
          <button type="button" onClick={() => save(true)}>{t('staff.review.submit')}</button>
        </div>
      )}
    </form>
  );
}

function OtherReviews({ detail }: { detail: SubmissionDetail }) {
  const selfScore = new Map(detail.report.values.map((v) => [v.id, v.score]));
  const names = new Map(detail.report.values.map((v) => [v.id, v.name]));
  return (
    <section aria-labelledby="others-heading">
      <h2 id="others-heading">{t('staff.review.others')}</h2>
      {detail.othersHidden > 0 && <p class="notice">{t('staff.review.othersHidden', { n: detail.othersHidden })}</p>}
      {detail.othersHidden === 0 && detail.otherReviews.length === 0 && <p>{t('staff.review.noOthers')}</p>}
      {detail.otherReviews.map((r) => (
        <article key={r.id} class="other-review">
          <h3>{r.assessor.name || r.assessor.email}: {r.judgement ? t(`staff.judgement.${r.judgement}`) : '–'}</h3>
          {r.comment && <p class="note-text">{r.comment}</p>}
          <table class="data-table">
            <caption class="visually-hidden">{t('staff.review.scoresOf', { name: r.assessor.email })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.review.value')}</th>
                <th scope="col" class="num">{t('staff.review.self')}</th>
                <th scope="col" class="num">{t('staff.review.assessor')}</th>
                <th scope="col" class="num">{t('staff.review.difference')}</th>
                <th scope="col">{t('staff.review.commentShort')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(r.scores).map(([id, s]) => (
                <tr key={id}>
                  <th scope="row">{names.get(id) ?? id}</th>
                  <td class="num">{formatScore(selfScore.get(id), locale.value)}</td>
                  <td class="num">{formatScore(s.score, locale.value)}</td>
                  <td class="num">{formatSigned(scoreDifference(selfScore.get(id), s.score), locale.value)}</td>
                  <td>{s.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}

function Submission({ id }: { id: string }) {
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    staffApi.submission(id, locale.value).then(setDetail, (err) => setError(errorText(err)));
  }, [id, locale.value, version]);

  if (error) return <section><h1>{t('staff.submission')}</h1><p role="alert" class="error">{error}</p><a href="/staff">{t('staff.programmes')}</a></section>;
  if (!detail) return <p aria-busy="true">{t('app.loading')}</p>;
  const s = detail.submission;
  const move = async (status: typeof s.reviewStatus) => {
    try {
      await staffApi.setStatus(s.id, status);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="submission">
      <p class="eyebrow"><a href={`/staff/programmes/${detail.programme.id}`}>{detail.programme.name}</a></p>
      <h1>{s.name}</h1>
      <p class="meta">
        {t('staff.submission.meta', { area: s.area, date: formatDate(s.sharedAt, locale.value) })}
        {' · '}<span class="status-badge review-status">{t(`staff.status.${s.reviewStatus}`)}</span>
        {' · '}<a href={staffApi.pdfUrl(s.id, locale.value)} download>{t('staff.submission.pdf')}</a>
        <DecisionLink id={s.id} canReview={detail.canReview} ownSubmitted={detail.ownReview?.status === 'submitted'} />
      </p>
      {detail.canChangeStatus && (
        <div class="actions-row">
          {nextStatuses(s.reviewStatus).map((next) => (
            <button key={next} type="button" class="secondary" onClick={() => move(next)}>{t(`staff.status.to.${next}`)}</button>
          ))}
        </div>
      )}
      <div class="review-layout">
        <div class="review-report">
          <ReportView report={detail.report} />
        </div>
        <div class="review-panel">
          <p role="status" class="success">{saved ?? ''}</p>
          {detail.canReview
            ? <ReviewForm key={`${detail.ownReview?.updatedAt}`} detail={detail} onSaved={(m) => { setSaved(m); setVersion((v) => v + 1); }} />
            : <p class="notice">{t('staff.review.notAssessor')}</p>}
          <OtherReviews detail={detail} />
          <section aria-labelledby="audit-heading" class="audit">
            <h2 id="audit-heading">{t('staff.audit')}</h2>
            <ol>
              {detail.audit.map((a, i) => (
                <li key={i}>{formatDate(a.at, locale.value)} · {a.actor === 'respondent' ? t('staff.audit.respondent') : a.actor} · {t(`staff.audit.${a.action}` as 'staff.audit.review.save')}</li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </section>
  );
}

export default function SubmissionPage({ id }: { id: string }) {
  return <StaffShell>{() => <Submission id={id} />}</StaffShell>;
}
