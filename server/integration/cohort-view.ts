// The cohort and team answers shared by the staff dashboard and the integration API.
import type { FastifyInstance } from 'fastify';
import { roundHalfAway } from '../../core/scoring.js';
import type { Localized, ValueDefinition } from '../../core/types.js';
import type { Catalog } from '../questionnaires/catalog.js';
import type { ProgrammeRow } from '../repositories/programmes.js';
import { cohortFigures, distribution, releasedTeams, teamsOf, type ReleasedTeams } from './cohort.js';
import { majorOf, planProgressByArea, poolMedians } from './peers.js';
import { amsterdamDay } from '../export/csv.js';

/**
 * Question and option in words, from the current questionnaires: stored knock-outs carry only ids, and a
 * reader of the figures (the page, a funder's report fed by the API) needs the words. An id no current
 * questionnaire has (a retired question) keeps its id only.
 */
export function knockoutWords(catalog: Pick<Catalog, 'questionnaires'>) {
  const words = new Map<string, { questionText: Localized; options: Map<string, Localized> }>();
  for (const { document } of catalog.questionnaires.values()) {
    for (const section of document.sections) {
      for (const q of section.questions) {
        if (!words.has(q.id)) words.set(q.id, { questionText: q.prompt, options: new Map((q.options ?? []).map((o) => [o.id, o.label])) });
      }
    }
  }
  return <K extends { question: string; option: string }>(k: K) => {
    const q = words.get(k.question);
    const optionLabel = q?.options.get(k.option);
    return q && optionLabel ? { ...k, questionText: q.questionText, optionLabel } : k;
  };
}

/** The figures, the same for every reader: they hold for someone who sees no team (docs/integration.md, "Anonymity model"). */
export async function cohortOf(integration: FastifyInstance['integration'], catalog: Pick<Catalog, 'values' | 'questionnaires'>, p: ProgrammeRow, area: string | undefined, threshold: number, peerMinPool: number) {
  await integration.ensureScored(p.id);
  const rows = await integration.cohort.rows(p.id, area, threshold);
  // Released once for both: at 10,000 submissions sorting and grouping them is a good part of the work.
  const released = releasedTeams(rows.submissions, threshold, rows.places);
  const figures = cohortFigures({ submissions: rows.submissions, released, values: catalog.values as readonly ValueDefinition[], threshold });
  const words = knockoutWords(catalog);
  const extra = await poolAndPlans(integration, catalog, released.latest, threshold, peerMinPool);
  return { programme: { id: p.id, name: p.name }, area: area ?? null, ...figures, knockouts: figures.knockouts?.map(words) ?? null, ...extra, rows };
}

/**
 * The cohort against the peer pool and its plan progress (issue 16, items 4 and 5), from the same
 * release as the other figures: each team's latest released attempt, each area's release at least the
 * threshold, so neither adds a way to single out a team.
 */
async function poolAndPlans(
  integration: FastifyInstance['integration'], catalog: Pick<Catalog, 'values' | 'questionnaires'>,
  latest: ReleasedTeams['latest'], threshold: number, peerMinPool: number,
) {
  const majors = new Map<string, number>();
  for (const { document } of catalog.questionnaires.values()) majors.set(document.area, Math.max(majors.get(document.area) ?? 0, majorOf(document.version)));
  const areas = [...new Set(latest.map((s) => s.area))].sort();
  const peers = [];
  for (const a of areas) {
    const majorVersion = majors.get(a) ?? 0;
    const pool = poolMedians(await integration.peers.rows(a, majorVersion), peerMinPool);
    const inArea = latest.filter((s) => s.area === a);
    peers.push({
      area: a, majorVersion, available: pool.available, size: pool.size, needed: pool.needed,
      dimensions: (['goal', 'precondition'] as const).map((d) => {
        const cohort = distribution(inArea.map((s) => s[d]));
        return { id: d, cohort: pool.available && cohort.n >= threshold ? cohort.median : null, pool: pool[d] };
      }),
    });
  }
  // Overdue as the plan itself says it: the day in Amsterdam.
  const today = amsterdamDay();
  const areaOf = new Map(latest.map((s) => [s.id, s.area]));
  const plans = planProgressByArea(await integration.peers.planItemsOf(latest.map((s) => s.id)), (id) => areaOf.get(id), catalog.values, threshold, today);
  return { peers, plans };
}

/**
 * The teams, live and at any group size, for those who may read every submission shared with the
 * programme (its managers and admins): what the submissions list shows them, linked into teams. A team
 * is named by its first attempt shared with this programme, never by the chain's first attempt, which
 * may be unshared or another programme's.
 */
export function teamListOf(submissions: Awaited<ReturnType<FastifyInstance['integration']['cohort']['rows']>>['submissions']) {
  return [...teamsOf(submissions).values()].map((attempts) => {
    const latest = attempts[attempts.length - 1];
    return { id: attempts[0].id, name: latest.name, attempts: attempts.length, latestAt: latest.submittedAt, reviewStatus: latest.reviewStatus ?? null };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

const r1 = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

/**
 * One team's attempts shared with the programme, with per-value scores, and the change from the first to
 * the latest of them. Attempts are numbered among those the programme was given, so the numbers do not
 * tell how many were kept back or shared elsewhere.
 */
export async function teamOf(integration: FastifyInstance['integration'], p: ProgrammeRow, teamId: string) {
  await integration.ensureScored(p.id);
  const attempts = await integration.cohort.team(p.id, teamId);
  if (!attempts.length) return null;
  const list = attempts.map((a, i) => ({
    id: a.id, attempt: i + 1, area: a.area, submittedAt: a.submittedAt, profile: a.profile,
    goal: r1(a.goal), precondition: r1(a.precondition), completeness: a.completeness, knockoutCount: a.knockoutCount,
    values: Object.fromEntries(Object.entries(a.values).map(([v, [score, status]]) => [v, { score: r1(score), status }])),
  }));
  const first = list[0];
  const latest = list[list.length - 1];
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : r1(b - a));
  const change = list.length < 2 ? null : {
    goal: diff(first.goal, latest.goal),
    precondition: diff(first.precondition, latest.precondition),
    values: Object.fromEntries(Object.keys(latest.values).map((v) => [v, diff(first.values[v]?.score ?? null, latest.values[v].score)])),
  };
  return { id: attempts[0].id, name: attempts[attempts.length - 1].name, attempts: list, change };
}
