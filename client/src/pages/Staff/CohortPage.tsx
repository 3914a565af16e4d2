// The cohort dashboard for a programme's managers: per dimension and value the distribution over the
// teams' latest attempts, statuses, profiles, frequent knock-outs, progress, and a team drill-down.
import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { integrationApi, type Cohort, type Team } from '../../api/integration.js';
import { staffApi } from '../../api/staff.js';
import { CohortChart, ScrollTable } from '../../components/CohortChart/CohortChart.js';
import { HistoryChart } from '../../components/Charts/HistoryChart.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { locale, t, tc, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.integration.js';
import '../../i18n/messages.cohort.js';
import '../../i18n/messages.staff.js';
import { areaName, figure, orderedCounts, pluralKey, showsFigures, signedFigure } from '../../logic/cohort.js';
import { errorText } from '../../logic/errors.js';
import { formatDate } from '../../logic/staff.js';
import './staff.css';
import { CohortPeers } from './CohortPeers.js';

type Names = Record<string, { nl: string; en: string }>;
let names: Promise<Names> | null = null;
const valueNames = () => (names ??= fetch('/api/catalogue').then((r) => r.json()).then((c: { values: Array<{ id: string; name: { nl: string; en: string } }> }) => Object.fromEntries(c.values.map((v) => [v.id, v.name]))));

const statusText = (s: string) => t(`status.${s}` as MessageKey);
const reviewText = (s: string) => t(`staff.status.${s}` as MessageKey);
const counts = (c: Record<string, number>, label: (k: string) => string) => orderedCounts(c).map(([k, n]) => `${label(k)}: ${n}`).join(', ');
const teamsText = (n: number) => t(pluralKey('cohortPage.teams', n), { n });

function TeamView({ programmeId, teamId, nameOf, onClose }: { programmeId: string; teamId: string; nameOf: (id: string) => string; onClose: () => void }) {
  const [team, setTeam] = useState<Team | null>(null);
  const [error, setError] = useMessage();
  useEffect(() => { integrationApi.team(programmeId, teamId).then(setTeam, (e) => setError(() => errorText(e))); }, [teamId]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!team) return <p aria-busy="true">{t('app.loading')}</p>;
  const lang = locale.value;
  const valueIds = Object.keys(team.attempts[team.attempts.length - 1].values);
  return (
    <section aria-labelledby="team-heading" class="cohort-team">
      <h2 id="team-heading" tabIndex={-1} ref={(el) => el?.focus()}>{t('cohort.teamHeading', { name: team.name })}</h2>
      {/* The programme's submissions list, filtered to this team's attempts. */}
      <p><a class="team-submissions" href={`/staff/programmes/${programmeId}?team=${encodeURIComponent(team.id)}`}>{t('cohortPage.teamSubmissions')}</a></p>
      <HistoryChart attempts={team.attempts.map((a) => ({ label: t('cohortPage.attemptShort', { n: a.attempt }), goal: a.goal, precondition: a.precondition }))} />
      <ScrollTable labelId="team-table-caption">
        <table class="data-table">
          <caption id="team-table-caption">{t('cohort.attempts')}</caption>
          <thead><tr><th scope="col">{t('cohort.col.name')}</th>{team.attempts.map((a) => <th scope="col" key={a.id}>{t('cohort.attempt', { n: a.attempt, date: formatDate(a.submittedAt, lang) })}</th>)}{team.change && <th scope="col">{t('cohort.change')}</th>}</tr></thead>
          <tbody>
            <tr><th scope="row">{t('report.goal')}</th>{team.attempts.map((a) => <td key={a.id}>{figure(a.goal, lang)}</td>)}{team.change && <td>{signedFigure(team.change.goal, lang)}</td>}</tr>
            <tr><th scope="row">{t('report.precondition')}</th>{team.attempts.map((a) => <td key={a.id}>{figure(a.precondition, lang)}</td>)}{team.change && <td>{signedFigure(team.change.precondition, lang)}</td>}</tr>
            {valueIds.map((v) => (
              <tr key={v}><th scope="row">{nameOf(v)}</th>{team.attempts.map((a) => <td key={a.id}>{figure(a.values[v]?.score, lang)}</td>)}{team.change && <td>{signedFigure(team.change.values[v], lang)}</td>}</tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <button type="button" class="secondary" onClick={onClose}>{t('cohort.closeTeam')}</button>
    </section>
  );
}

function CohortView({ id }: { id: string }) {
  const [cohort, setCohort] = useState<Cohort | null>(null);
  const [areas, setAreas] = useState<string[]>([]);
  const [area, setArea] = useState('');
  const [error, setError] = useMessage();
  const [valueName, setValueName] = useState<Names>({});
  const [team, setTeam] = useState<string | null>(null);
  useEffect(() => { valueNames().then(setValueName, () => {}); }, []);
  useEffect(() => { staffApi.programme(id).then((p) => setAreas(p.areas), () => {}); }, [id]);
  useEffect(() => {
    // An answer for an area no longer chosen (a quick switch, a slow first answer) is not shown.
    let current = true;
    integrationApi.cohort(id, area || undefined).then((c) => { if (current) setCohort(c); }, (e) => { if (current) setError(() => errorText(e)); });
    return () => { current = false; };
  }, [id, area]);
  if (error) return <section><h1>{t('cohort.heading')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!cohort) return <p aria-busy="true">{t('app.loading')}</p>;
  const lang = locale.value;
  const nameOf = (v: string) => (v === 'goal' ? t('report.goal') : v === 'precondition' ? t('report.precondition') : valueName[v] ? tc(valueName[v]) : v);
  const figures = showsFigures(cohort);
  const reviews: Record<string, number> = {};
  for (const tm of cohort.teamList) if (tm.reviewStatus) reviews[tm.reviewStatus] = (reviews[tm.reviewStatus] ?? 0) + 1;

  return (
    <section class="cohort">
      <p><a href={`/staff/programmes/${id}`}>{cohort.programme.name}</a></p>
      <h1>{t('cohort.heading')}</h1>
      <div class="form-grid">
        <div>
          <label for="cohort-area">{t('cohort.area')}</label>
          <select id="cohort-area" value={area} onChange={(e) => setArea(e.currentTarget.value)}>
            <option value="">{t('cohort.allAreas')}</option>
            {areas.map((a) => <option key={a} value={a}>{areaName(a)}</option>)}
          </select>
        </div>
      </div>
      <p class="cohort-summary" role="status">{t('cohortPage.summary', { teams: teamsText(cohort.teams), submissions: t(pluralKey('cohortPage.submissions', cohort.submissions), { n: cohort.submissions }) })}</p>
      <p class="cohort-anonymity hint">{t('cohortPage.anonymity', { threshold: cohort.threshold })}</p>
      {cohort.suppressed ? <p class="notice">{t('cohort.tooSmall', { threshold: cohort.threshold })}</p>
        : (cohort.released.teams < cohort.teams || cohort.released.pending > 0) && cohort.released.at && (
          <p class="notice">{t('cohort.released', { released: cohort.released.teams, teams: cohort.teams, date: formatDate(cohort.released.at, lang), threshold: cohort.threshold })}</p>
        )}

      {figures && (
        <>
          <h2>{t('cohort.dimensions')}</h2>
          <CohortChart id="cohort-dimensions" title={t('cohort.dimensions')} groups={cohort.dimensions} nameOf={nameOf} threshold={cohort.threshold} />
          <h2>{t('cohort.values')}</h2>
          <CohortChart id="cohort-values" title={t('cohort.values')} groups={cohort.values} nameOf={nameOf} threshold={cohort.threshold} />
          <ScrollTable labelId="cohort-statuses-caption">
            <table class="data-table cohort-statuses">
              <caption id="cohort-statuses-caption">{t('cohort.statuses')}</caption>
              <thead><tr><th scope="col">{t('cohort.col.name')}</th><th scope="col">{t('cohort.col.n')}</th><th scope="col">{t('cohort.col.iqr')}</th><th scope="col">{t('cohort.col.statuses')}</th></tr></thead>
              <tbody>
                {[...cohort.dimensions, ...cohort.values].map((g) => (
                  <tr key={g.id}><th scope="row">{nameOf(g.id)}</th><td>{g.n}</td><td>{figure(g.distribution?.iqr, lang)}</td><td>{g.statuses ? counts(g.statuses, statusText) : t('cohortPage.rowHidden', { threshold: cohort.threshold })}</td></tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>

          <h2>{t('cohort.profiles')}</h2>
          <p class="cohort-profiles">{counts(cohort.profiles ?? {}, (p) => t(`report.profile.${p}` as MessageKey))}</p>
          <h2>{t('cohort.knockouts')}</h2>
          {!cohort.knockouts?.length ? <p>{t('cohort.noKnockouts')}</p> : (
            <ol class="cohort-knockouts">{cohort.knockouts.map((k) => (
              <li key={`${k.question}/${k.option}`}>
                {t(pluralKey('cohortPage.knockout', k.count), { question: k.questionText ? tc(k.questionText) : k.question, option: k.optionLabel ? tc(k.optionLabel) : k.option, n: k.count })}
              </li>
            ))}</ol>
          )}
          <h2>{t('cohort.progress')}</h2>
          {cohort.progress.suppressed ? <p>{t(pluralKey('cohortPage.progressHidden', cohort.progress.teams), { n: cohort.progress.teams, threshold: cohort.threshold })}</p> : (
            <ul>
              {(['goal', 'precondition'] as const).map((d) => {
                const p = cohort.progress[d]!;
                return <li key={d}>{t('cohort.progressLine', { dimension: nameOf(d), median: signedFigure(p.median, lang), improved: p.improved, declined: p.declined, unchanged: p.unchanged })}</li>;
              })}
            </ul>
          )}
          <CohortPeers cohort={cohort} nameOf={nameOf} />
        </>
      )}

      <h2>{t('cohort.teams')}</h2>
      {cohort.teamList.length > 0 && <p class="cohort-review-statuses">{t('cohortPage.reviewStatuses')}: {counts(reviews, reviewText)}</p>}
      <ul class="cohort-teams">
        {cohort.teamList.map((tm) => (
          <li key={tm.id}>
            <button type="button" class="link-button" onClick={() => setTeam(tm.id)}>{tm.name || tm.id}</button>
            {' '}{t(pluralKey('cohortPage.attempts', tm.attempts), { n: tm.attempts })}
            {tm.reviewStatus && <> · {t('cohortPage.teamReview', { status: reviewText(tm.reviewStatus) })}</>}
          </li>
        ))}
      </ul>
      {team && <TeamView programmeId={id} teamId={team} nameOf={nameOf} onClose={() => setTeam(null)} />}
    </section>
  );
}

export default function CohortPage({ id }: { id: string }) {
  return <StaffShell>{() => <CohortView id={id} />}</StaffShell>;
}
