// The rows the cohort figures are computed from: one programme's submissions with their team and the
// scores stored at submit time. One indexed read per overview, no rescoring.
import { sql, type Kysely } from 'kysely';
import { orderedJoin } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import type { CohortSubmission } from '../integration/cohort.js';
import type { StoredValues } from './value-scores.js';

/**
 * Fixed SQL; `area` only adds a bound condition. The ordered join makes SQLite start from the
 * programme's responses (by a (programme_id, …) index) and look each one's scores up by primary key,
 * instead of scanning the scores of every programme. Exported for the tests that read the plans.
 */
export function cohortQueries(db: Kysely<Schema>, q: { programmeId: string; area?: string; teamId?: string }) {
  const join = orderedJoin(db);
  return {
    submissions: sql<CohortSubmission>`SELECT r.id AS "id", s.team_id AS "teamId", COALESCE(r.shared_name, '') AS "name", r.area AS "area",
        r.submitted_at AS "submittedAt", r.shared_at AS "sharedAt", r.profile AS "profile", r.goal_score AS "goal",
        r.precondition_score AS "precondition", s.value_scores AS "valueScores", s.knockouts AS "knockouts",
        r.review_status AS "reviewStatus"
      FROM responses r ${join} response_scores s ON s.response_id = r.id
      WHERE r.programme_id = ${q.programmeId}${q.area === undefined ? sql`` : sql` AND r.area = ${q.area}`}`,
    // A team is asked for by one of its attempts shared with the programme (never by the chain's first
    // attempt, which the programme may not have been given), and lists only attempts shared with it.
    team: sql<Omit<TeamAttemptRow, 'values'> & { values: string }>`SELECT r.id AS "id", r.area AS "area", COALESCE(r.shared_name, '') AS "name",
        r.submitted_at AS "submittedAt", r.profile AS "profile", r.goal_score AS "goal", r.precondition_score AS "precondition",
        r.completeness AS "completeness", r.knockout_count AS "knockoutCount", s.value_scores AS "values"
      FROM response_scores s ${join} responses r ON r.id = s.response_id
      WHERE s.team_id = (SELECT k.team_id FROM responses a ${join} response_scores k ON k.response_id = a.id
          WHERE a.id = ${q.teamId ?? ''} AND a.programme_id = ${q.programmeId})
        AND r.programme_id = ${q.programmeId} ORDER BY r.submitted_at, r.id`,
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

export function createCohortRepository(db: Kysely<Schema>) {
  return {
    async rows(programmeId: string, area?: string): Promise<{ submissions: CohortSubmission[] }> {
      return { submissions: (await cohortQueries(db, { programmeId, area }).submissions.execute(db)).rows };
    },

    /** The attempts shared with the programme of the team `attemptId` (itself shared with it) belongs to, oldest first. */
    async team(programmeId: string, attemptId: string): Promise<TeamAttemptRow[]> {
      const { rows } = await cohortQueries(db, { programmeId, teamId: attemptId }).team.execute(db);
      return rows.map((r) => ({ ...r, values: JSON.parse(r.values) as StoredValues }));
    },
  };
}

export type CohortRepository = ReturnType<typeof createCohortRepository>;
