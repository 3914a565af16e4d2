// The cohort and team answers shared by the staff dashboard and the integration API.
import type { FastifyInstance } from 'fastify';
import { roundHalfAway } from '../../core/scoring.js';
import type { ValueDefinition } from '../../core/types.js';
import type { ProgrammeRow } from '../repositories/programmes.js';
import { cohortFigures, teamsOf } from './cohort.js';

export function cohortOf(integration: FastifyInstance['integration'], values: readonly ValueDefinition[], p: ProgrammeRow, area: string | undefined, threshold: number) {
  integration.ensureScored(p.id);
  const rows = integration.cohort.rows(p.id, area);
  const figures = cohortFigures({ submissions: rows.submissions, values, threshold });
  const teamList = [...teamsOf(rows.submissions)].map(([id, attempts]) => {
    const latest = attempts[attempts.length - 1];
    return { id, name: latest.name, attempts: attempts.length, latestAt: latest.submittedAt };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  return { programme: { id: p.id, name: p.name }, area: area ?? null, ...figures, teamList };
}

const r1 = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

/** One team's attempts in the programme with per-value scores, and the change from its first to its latest attempt. */
export function teamOf(integration: FastifyInstance['integration'], p: ProgrammeRow, teamId: string) {
  integration.ensureScored(p.id);
  const attempts = integration.cohort.team(p.id, teamId);
  if (!attempts.length) return null;
  const list = attempts.map((a) => ({
    id: a.id, attempt: a.attempt, area: a.area, submittedAt: a.submittedAt, profile: a.profile,
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
  return { id: teamId, name: attempts[attempts.length - 1].name, attempts: list, change };
}
