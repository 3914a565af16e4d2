import { useMessage } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { staffApi, type ReviewStatus, type SubmissionDetail } from '../../api/staff.js';
import { ReportView } from '../../components/Report/ReportView.js';
import { ReviewForm } from '../../components/ReviewForm/ReviewForm.js';
import { useReviewDraft } from '../../components/ReviewForm/useReviewDraft.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { useVerdictAside } from '../../components/QuestionVerdict/QuestionVerdict.js';
import { AttemptChanges } from '../../components/AttemptChanges/AttemptChanges.js';
import { DecisionLink } from './Decision/DecisionLink.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.review.js';
import '../../i18n/messages.staff.js';
import '../../i18n/messages.programme.js';
import { areaLabel } from '../../logic/areas.js';
import '../../i18n/messages.wire.js';
import '../../i18n/messages.docx.js';
import { errorText } from '../../logic/errors.js';
import { useLeaveWarning } from '../../logic/leave-warning.js';
import { statusOptions } from '../../logic/review.js';
import { formatDate, formatScore, formatSigned, scoreDifference } from '../../logic/staff.js';

function OtherReviews({ detail }: { detail: SubmissionDetail }) {
  const selfScore = new Map(detail.report.values.map((v) => [v.id, v.score]));
  const names = new Map(detail.report.values.map((v) => [v.id, v.name]));
  return (
    <section aria-labelledby="others-heading">
      {/* Someone who does not review (a manager) reads everyone's reviews, not "others'". */}
      <h2 id="others-heading">{detail.canReview ? t('staff.review.others') : t('review.others')}</h2>
      {detail.othersHidden > 0 && <p class="notice">{t('staff.review.othersHidden', { n: detail.othersHidden })}</p>}
      {detail.othersHidden === 0 && detail.otherReviews.length === 0 && <p>{t('staff.review.noOthers')}</p>}
      {detail.otherReviews.map((r) => (
        <article key={r.id} class="other-review">
          <h3>{r.assessor.name || r.assessor.email}: {r.judgement ? t(`staff.judgement.${r.judgement}`) : '–'}</h3>
          {r.comment && <p class="note-text">{r.comment}</p>}
          {/* Focusable, so a keyboard can scroll the table when it is wider than a phone. */}
          <div class="table-scroll" tabIndex={0} role="group" aria-label={t('staff.review.scoresOf', { name: r.assessor.name || r.assessor.email })}>
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
          </div>
        </article>
      ))}
    </section>
  );
}

function auditText(a: SubmissionDetail['audit'][number]): string {
  const { from, to } = a.detail as { from?: string; to?: string };
  const known = (s: unknown): s is ReviewStatus => s === 'submitted' || s === 'in_review' || s === 'reviewed';
  if (a.action === 'status.change' && known(from) && known(to)) {
    return t('review.auditStatus', { from: t(`staff.status.${from}`), to: t(`staff.status.${to}`) });
  }
  return t(`staff.audit.${a.action}` as 'staff.audit.review.save');
}

function SubmissionView({ detail, reload }: { detail: SubmissionDetail; reload: () => void }) {
  const s = detail.submission;
  const review = useReviewDraft(detail, (saved) => {
    // The first save moves a fresh submission into review, and submitting adds a review: the status
    // and its buttons come from the server again.
    if (s.reviewStatus === 'submitted' || saved.status === 'submitted') reload();
  });
  const reviewing = detail.canReview ? review : null;
  const [statusError, setStatusError] = useMessage();
  const [moving, setMoving] = useState(false);
  const [movedTo, setMovedTo] = useState<ReviewStatus | null>(null);
  const statusGroup = useRef<HTMLDivElement>(null);
  useLeaveWarning(() => reviewing?.isDirty() ?? false, () => t('review.unsavedLeave'));
  const verdicts = useVerdictAside(s.id);

  // Typed work is saved before the status moves; when it cannot be saved, the status stays.
  const move = async (to: ReviewStatus) => {
    setStatusError(null);
    setMovedTo(null);
    setMoving(true);
    try {
      if (reviewing && !(await reviewing.saveNow())) {
        setStatusError(() => t('review.statusUnsaved'));
        return;
      }
      await staffApi.setStatus(s.id, to);
      setMovedTo(to);
      // The pressed button makes way for the next status's buttons: the group keeps the keyboard's place.
      statusGroup.current?.focus();
      reload();
    } catch (err) {
      setStatusError(() => errorText(err));
    } finally {
      setMoving(false);
    }
  };

  return (
    <section class="submission">
      <p class="eyebrow"><a href={`/staff/programmes/${detail.programme.id}`}>{detail.programme.name}</a></p>
      <h1>{s.name}</h1>
      <AttemptChanges submissionId={s.id} valueNames={new Map(detail.report.values.map((v) => [v.id, v.name]))} />
      <p class="meta">
        {t('staff.submission.meta', { area: areaLabel(s.area), date: formatDate(s.sharedAt, locale.value) })}
        {' · '}<span class="status-badge review-status">{t(`staff.status.${s.reviewStatus}`)}</span>
        {' · '}<a href={staffApi.pdfUrl(s.id, locale.value)} download>{t('staff.submission.pdf')}</a>
        {' · '}<a href={staffApi.docxUrl(s.id, locale.value)} download>{t('docx.staff')}</a>
        <DecisionLink id={s.id} canReview={detail.canReview} ownSubmitted={detail.ownReview?.status === 'submitted'} />
      </p>
      {detail.startupContact && (
        <p class="meta startup-contact">
          {t('wire.startupContact')} <a href={`mailto:${detail.startupContact.email}`}>{detail.startupContact.email}</a>
        </p>
      )}
      {!!detail.programmeAnswers?.length && (
        <section aria-labelledby="programme-answers-heading" class="programme-answers">
          <h2 id="programme-answers-heading">{t('programme.answers.staffHeading')}</h2>
          <dl>
            {detail.programmeAnswers.map((a) => (
              <div key={a.id}>
                <dt>{a.prompt[locale.value]}</dt>
                <dd>{a.answerLabel ? a.answerLabel[locale.value] : a.answer ?? <span class="hint">{t('programme.answers.none')}</span>}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {detail.canChangeStatus && (
        <div class="status-actions" aria-label={t('review.statusHeading')} role="group" ref={statusGroup} tabIndex={-1}>
          {statusOptions(s.reviewStatus, s.reviewsSubmitted).map((o) => (
            <span key={o.to} class="status-option">
              <button type="button" class="secondary" disabled={!o.allowed || moving} aria-describedby={o.allowed ? undefined : `why-${o.to}`}
                onClick={() => void move(o.to)}>{t(`staff.status.to.${o.to}`)}</button>
              {!o.allowed && <span id={`why-${o.to}`} class="hint">{t('review.statusNeedsReview')}</span>}
            </span>
          ))}
          {statusError && <p role="alert" class="error">{statusError}</p>}
          {/* On the page before it fills, so that screen readers read it out. */}
          <p role="status">{movedTo && t('review.statusChanged', { status: t(`staff.status.${movedTo}`) })}</p>
        </div>
      )}
      {verdicts.notice}
      <ReviewForm detail={detail} review={reviewing} questionExtra={verdicts.aside} />
      {!detail.canReview && <p class="notice">{t('staff.review.notAssessor')}</p>}
      <OtherReviews detail={detail} />
      <details class="review-report">
        <summary>{t('review.reportDetails')}</summary>
        <ReportView report={detail.report} />
      </details>
      <section aria-labelledby="audit-heading" class="audit">
        <h2 id="audit-heading">{t('staff.audit')}</h2>
        <ol>
          {detail.audit.map((a, i) => (
            <li key={i}>{formatDate(a.at, locale.value)} · {a.actor === 'respondent' ? t('staff.audit.respondent') : a.actor} · {auditText(a)}</li>
          ))}
        </ol>
      </section>
    </section>
  );
}

function Submission({ id }: { id: string }) {
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useMessage();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // Only the newest request's answer is shown: after switching language and back, the earlier
    // language's answer may come in last and would otherwise stay on the page.
    let current = true;
    staffApi.submission(id, locale.value).then((d) => { if (current) setDetail(d); }, (err) => { if (current) setError(() => errorText(err)); });
    return () => { current = false; };
  }, [id, locale.value, version]);

  // Only a failed load replaces the page; errors of actions on it show where they happened.
  if (error && !detail) return <section><h1>{t('staff.submission')}</h1><p role="alert" class="error">{error}</p><a href="/staff">{t('staff.programmes')}</a></section>;
  if (!detail) return <p aria-busy="true">{t('app.loading')}</p>;
  // Keyed by submission: a reload (after a status change) keeps the typed draft.
  return <SubmissionView key={id} detail={detail} reload={() => setVersion((v) => v + 1)} />;
}

export default function SubmissionPage({ id }: { id: string }) {
  return <StaffShell>{() => <Submission id={id} />}</StaffShell>;
}
