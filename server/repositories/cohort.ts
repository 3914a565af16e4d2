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
    submissions: `SELECT r.id, s.team_id, COALESCE(r.shared_name, ''), r.area, r.submitted_at, r.shared_at, r.profile, r.goal_score,
        r.precondition_score, s.value_scores, s.knockouts
      FROM responses r CROSS JOIN response_scores s ON s.response_id = r.id WHERE ${where}`,
    // A team is asked for by one of its attempts shared with the programme (never by the chain's first
    // attempt, which the programme may not have been given), and lists only attempts shared with it.
    team: `SELECT r.id, r.area, COALESCE(r.shared_name, ''), r.submitted_at, r.profile, r.goal_score, r.precondition_score,
        r.completeness, r.knockout_count, s.value_scores
      FROM response_scores s CROSS JOIN responses r ON r.id = s.response_id
      WHERE s.team_id = (SELECT k.team_id FROM responses a CROSS JOIN response_scores k ON k.response_id = a.id
          WHERE a.id = @teamId AND a.programme_id = @programmeId)
        AND r.programme_id = @programmeId ORDER BY r.submitted_at, r.id`,
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
          id: r[0], teamId: r[1], name: r[2], area: r[3], submittedAt: r[4], sharedAt: r[5], profile: r[6], goal: r[7], precondition: r[8],
          valueScores: r[9], knockouts: r[10],
        })),
      };
    },

    /** The attempts shared with the programme of the team `attemptId` (itself shared with it) belongs to, oldest first. */
    team(programmeId: string, attemptId: string): TeamAttemptRow[] {
      return (team.all({ programmeId, teamId: attemptId }) as any[][]).map((r) => ({
        id: r[0], area: r[1], name: r[2], submittedAt: r[3], profile: r[4], goal: r[5], precondition: r[6],
        completeness: r[7], knockoutCount: r[8], values: JSON.parse(r[9]) as StoredValues,
      }));
    },
  };
}

export type CohortRepository = ReturnType<typeof createCohortRepository>;
