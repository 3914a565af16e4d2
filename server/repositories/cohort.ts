// The rows the cohort figures are computed from: one programme's submissions with their team and the
// scores stored at submit time. One indexed read per overview, no rescoring.
import type { DB } from '../db/database.js';
import type { CohortSubmission } from '../integration/cohort.js';
import type { StoredValues } from './value-scores.js';

/**
 * Fixed SQL; `area` only adds a bound condition. CROSS JOIN makes SQLite start from the programme's
 * responses (by a (programme_id, …) index) and look each one's scores up by primary key, instead of
 * scanning the scores of every programme.
 */
export function cohortSql(withArea: boolean) {
  const where = `r.programme_id = @programmeId${withArea ? ' AND r.area = @area' : ''}`;
  return {
    submissions: `SELECT r.id, s.team_id, COALESCE(r.shared_name, ''), r.submitted_at, r.profile, r.goal_score,
        r.precondition_score, r.review_status, s.value_scores, s.knockouts
      FROM responses r CROSS JOIN response_scores s ON s.response_id = r.id WHERE ${where}`,
    team: `SELECT r.id, r.area, COALESCE(r.shared_name, ''), r.submitted_at, r.profile, r.goal_score, r.precondition_score,
        r.completeness, r.knockout_count, s.attempt, s.value_scores
      FROM response_scores s CROSS JOIN responses r ON r.id = s.response_id
      WHERE s.team_id = @teamId AND r.programme_id = @programmeId ORDER BY r.submitted_at, r.id`,
  };
}

export interface TeamAttemptRow {
  id: string;
  area: string;
  name: string;
  submittedAt: string;
  profile: string | null;
  goal: number | null;
  precondition: number | null;
  completeness: number | null;
  knockoutCount: number | null;
  attempt: number;
  values: StoredValues;
}

export function createCohortRepository(db: DB) {
  const prepared = [false, true].map((withArea) => db.prepare(cohortSql(withArea).submissions).raw());
  const team = db.prepare(cohortSql(false).team).raw();

  return {
    rows(programmeId: string, area?: string): { submissions: CohortSubmission[] } {
      const rows = prepared[area ? 1 : 0].all(area ? { programmeId, area } : { programmeId }) as any[][];
      return {
        submissions: rows.map((r) => ({
          id: r[0], teamId: r[1], name: r[2], submittedAt: r[3], profile: r[4], goal: r[5], precondition: r[6], reviewStatus: r[7],
          valueScores: r[8], knockouts: r[9],
        })),
      };
    },

    /** One team's attempts within the programme, oldest first, with their per-value scores. */
    team(programmeId: string, teamId: string): TeamAttemptRow[] {
      return (team.all({ programmeId, teamId }) as any[][]).map((r) => ({
        id: r[0], area: r[1], name: r[2], submittedAt: r[3], profile: r[4], goal: r[5], precondition: r[6],
        completeness: r[7], knockoutCount: r[8], attempt: r[9], values: JSON.parse(r[10]) as StoredValues,
      }));
    },
  };
}

export type CohortRepository = ReturnType<typeof createCohortRepository>;
