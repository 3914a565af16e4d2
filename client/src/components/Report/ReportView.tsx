import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { openDetailsWhilePrinting } from '../../logic/print.js';
import type { Report } from '../../api/client.js';
import { HistoryChart } from '../Charts/HistoryChart.js';
import { QuadrantChart } from '../Charts/QuadrantChart.js';
import { RadarChart } from '../Charts/RadarChart.js';
import { ValueBars } from '../Charts/ValueBars.js';
import { formatChange, formatPercent, formatScore, profileLabel } from '../Charts/format.js';
import { ActionPlan, AllActions, type PlanControl } from './ActionPlan.js';
import { contextAnswers } from '../../../../core/report-context.js';
import { ProductContext } from './ProductContext.js';
import { StatusLegend } from './StatusLegend.js';
import { AnswerChanges } from './AnswerChanges.js';
import { VerifyBlock } from './VerifyBlock.js';
import { actionListOf, capReason, uncappedProfile } from '../../logic/report-actions.js';
import { StatusBadge, ValueCard } from '../ValueTable/ValueCard.js';
import { locale, t, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';

const dateOf = (iso: string) => new Date(iso).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });

/**
 * The report as one document: cover, then what to do (knock-outs, unknown risks, the top
 * improvements), summary with charts, the full action list, every value with its explanation, and
 * the answers as an appendix. Screen, print and the server's PDF all
 * render this same component.
 */
export function ReportView({ report, actions, cover, appendix, answerAside, answersNotice, plan, planControl }: {
  report: Report; actions?: ComponentChildren;
  /** The token holder's action plan (issue 16), after the action list it is adopted from, and its control per action. */
  plan?: ComponentChildren; planControl?: PlanControl;
  /** More on the cover and after the answers: the staff PDF's (StaffPrint.tsx). */
  cover?: ComponentChildren; appendix?: ComponentChildren;
  /** Staff only: a control shown with each answer (the assessor's verdict, client/src/components/QuestionVerdict). */
  answerAside?: (questionId: string) => ComponentChildren; answersNotice?: ComponentChildren;
}) {
  useEffect(() => openDetailsWhilePrinting(), []);
  // Arriving here (after submitting, too) puts keyboard and screen-reader users at the top of the report.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus({ preventScroll: true }), []);
  const names = new Map(report.values.map((v) => [v.id, v.name]));
  const date = report.response.submittedAt ?? report.response.updatedAt;
  const actionList = actionListOf(report);
  const context = contextAnswers(report.answers);
  const inContext = new Set(context.map((a) => a.question));
  const capped = capReason(report);
  const uncapped = uncappedProfile(report);
  const attempts = [
    ...report.history.map((h, i) => ({ label: t('chart.attemptN', { n: i + 1 }), goal: h.goal, precondition: h.precondition, profile: h.profile, capped: h.profileCapped })),
    // Numbered the same way whether or not there were earlier attempts.
    { label: t('chart.attemptNow', { n: report.history.length + 1 }), goal: report.dimensions.goal.score, precondition: report.dimensions.precondition.score, profile: report.profile },
  ];

  return (
    <article class="report" data-report-ready="">
      <header class="cover">
        <p class="eyebrow">{report.questionnaire.title}</p>
        <h1 ref={heading} tabIndex={-1}>{t('report.cover')}</h1>
        {report.response.companyName && <p class="cover-name">{t('report.coverFor', { name: report.response.companyName })}</p>}
        {cover}
        <p class="meta">
          {t('report.dateOf', { date: dateOf(date) })}
          {report.response.submittedAt ? '' : ` · ${t('report.preview')}`}
          {` · ${t('report.version', { version: report.questionnaire.version })}`}
        </p>
        <p class="meta independent">{t('app.independent')}</p>
        <VerifyBlock attestation={report.attestation ?? null} submitted={Boolean(report.response.submittedAt)} />
      </header>

      <ActionPlan actions={actionList} names={names} instruments={report.instruments ?? {}} planControl={planControl} />
      {plan}

      <section class="summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">{t('report.summary')}</h2>
        <div class="profile">
          <h3 id="profile-heading">{t('report.profile')}: {profileLabel(report.profile)}</h3>
          <p>{t(`report.profile.${report.profile}.text` as MessageKey)}</p>
          {capped && (
            <p class="capped">
              <span aria-hidden="true">{capped === 'knockout' ? '✖ ' : '? '}</span>
              {t(`report.capped.${capped}`, { profile: profileLabel(report.profile) })}{' '}
              {uncapped && <>{t('report.cappedScore', { score: formatScore(report.dimensions.precondition.score), uncapped: profileLabel(uncapped) })}{' '}</>}
              <a href="#plan-heading">{t('report.cappedLink')}</a>
            </p>
          )}
          <p class="self-reported">{t('report.selfReported')}</p>
          <p class="meta">{t('report.completeness', { pct: formatPercent(report.completeness) })}</p>
        </div>
        <div class="dimensions">
          {(['goal', 'precondition'] as const).map((d) => (
            <div class="dimension" key={d}>
              <h3>{t(`report.${d}`)}</h3>
              <p class="meta">{t(`report.${d}Text` as MessageKey)}</p>
              <p class="big-score">
                {formatScore(report.dimensions[d].score)}
                {report.dimensions[d].score !== null && <span class="meta"> / 100</span>}
              </p>
              {report.dimensions[d].change !== null && <p class="change">{t('report.change', { change: formatChange(report.dimensions[d].change) })}</p>}
            </div>
          ))}
        </div>
        <p class="meta">{t('report.thresholds', { sufficient: report.thresholds.sufficient, attention: report.thresholds.attention, profile: report.thresholds.profileThreshold })}</p>
        <table class="value-summary">
          <caption class="visually-hidden">{t('report.values')}</caption>
          <thead><tr><th scope="col">{t('report.value')}</th><th scope="col">{t('report.score')}</th><th scope="col">{t('report.status')}</th></tr></thead>
          <tbody>
            {report.values.map((v) => (
              <tr key={v.id}>
                <th scope="row"><a href={`#value-${v.id}`}>{v.name}</a></th>
                <td>
                  {/* The status column already says "niet beoordeeld"; a dash keeps the narrow score column calm. */}
                  {v.score === null ? <><span aria-hidden="true">–</span><span class="visually-hidden">{formatScore(null)}</span></> : formatScore(v.score)}
                  {v.change !== null && <span class="change"> ({formatChange(v.change)})</span>}</td>
                <td><StatusBadge status={v.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <ProductContext rows={context} />
        <StatusLegend thresholds={report.thresholds} />
        {report.changes && <AnswerChanges changes={report.changes} />}
      </section>

      {/* Saving and sharing come after the results they save and share. */}
      {actions}

      <section class="charts" aria-labelledby="charts-heading">
        <h2 id="charts-heading">{t('report.charts')}</h2>
        <div class="chart-grid">
          <RadarChart values={report.values} thresholds={report.thresholds} />
          <QuadrantChart attempts={attempts} threshold={report.thresholds.profileThreshold} capped={report.profileCapped} />
        </div>
        <ValueBars values={report.values} thresholds={report.thresholds} />
        {attempts.length > 2 && <HistoryChart attempts={attempts} />}
      </section>

      <AllActions actions={actionList} instruments={report.instruments ?? {}} planControl={planControl} />

      <section class="value-details" aria-labelledby="values-heading">
        <h2 id="values-heading">{t('report.values')}</h2>
        {(['goal', 'precondition'] as const).map((d) => (
          <div key={d}>
            <h3 class="dimension-heading">{t(`report.${d}`)}</h3>
            {report.values.filter((v) => v.dimension === d).map((v) => <ValueCard key={v.id} value={v} actions={actionList} />)}
          </div>
        ))}
      </section>

      <section class="answers" aria-labelledby="answers-heading">
        <h2 id="answers-heading">{t('report.answers')}</h2>
        {answersNotice}
        <dl>
          {report.answers.map((a) => (
            // On paper an intake answer without a note is said once, in the context block of the summary.
            <div key={a.question} class={inContext.has(a.question) && !a.note?.trim() ? 'in-context' : undefined}>
              <dt>{a.prompt}</dt>
              <dd>{a.notApplicable ? t('test.notApplicable') : a.answer}</dd>
              {a.note && <dd class="note-text">{t('report.noteLabel')}: {a.note}</dd>}
              {answerAside && <dd>{answerAside(a.question)}</dd>}
            </div>
          ))}
        </dl>
      </section>
      {appendix}
    </article>
  );
}
