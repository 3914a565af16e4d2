// The rows the cohort figures are computed from: one programme's submissions with their team and the
// scores stored at submit time. One indexed read per overview, no rescoring.
import { sql, type Kysely } from 'kysely';
import { bytewise, orderedJoin } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { keepsCohortPlace, type CohortPlace, type CohortSubmission } from '../integration/cohort.js';
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
        r.submitted_at AS "submittedAt", r.shared_at AS "sharedAt", s.attempt AS "attempt", r.profile AS "profile", r.goal_score AS "goal",
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
        AND r.programme_id = ${q.programmeId} ORDER BY s.attempt, r.submitted_at, ${bytewise(db, 'r.id')}`,
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

/**
 * The programme's places (migration 027), of one area when given, that count under `step`: those kept
 * under it. Places kept under another step could fill the open step, so that it closed on them and a
 * single team.
 */
async function placesOf(db: Kysely<Schema>, programmeId: string, step: number, area?: string): Promise<CohortPlace[]> {
  let q = db.selectFrom('cohort_places').select(['id', 'team_id', 'area', 'shared_at']).where('programme_id', '=', programmeId)
    .where('step', '=', step);
  if (area !== undefined) q = q.where('area', '=', area);
  return (await q.execute()).map((p) => ({ id: p.id, teamId: p.team_id, area: p.area, sharedAt: p.shared_at }));
}

/** What a share that ends must know to keep its place: read before it ends, while it is still shared. */
export interface EndingShare { id: string; programmeId: string; area: string; teamId: string; sharedAt: string }

/** The share of a response with a programme as the figures count it (scored: the figures read only those). */
export async function endingShare(db: Kysely<Schema>, responseId: string): Promise<EndingShare | undefined> {
  const row = await db.selectFrom('responses as r').innerJoin('response_scores as s', 's.response_id', 'r.id')
    .select(['r.programme_id', 'r.area', 'r.shared_at', 's.team_id']).where('r.id', '=', responseId).executeTakeFirst();
  if (!row?.programme_id || !row.shared_at) return undefined;
  return { id: responseId, programmeId: row.programme_id, area: row.area, teamId: row.team_id, sharedAt: row.shared_at };
}

/**
 * After a share ended, in the same transaction: a released one leaves its place (migration 027), so the
 * steps after it close where they did. `step`: the cohort's threshold (COHORT_MIN_GROUP).
 */
export async function keepCohortPlace(db: Kysely<Schema>, ended: EndingShare, step: number) {
  const live = await db.selectFrom('responses as r').innerJoin('response_scores as s', 's.response_id', 'r.id')
    .select(['r.id', 's.team_id', 'r.shared_at']).where('r.programme_id', '=', ended.programmeId).where('r.area', '=', ended.area).execute();
  const order = [
    ...live.map((r) => ({ id: r.id, teamId: r.team_id, sharedAt: r.shared_at ?? '' })),
    ...(await placesOf(db, ended.programmeId, step, ended.area)).map((p) => ({ ...p, left: true })),
    ended,
  ];
  if (!keepsCohortPlace(order, ended.id, step)) return;
  await db.insertInto('cohort_places').values({ programme_id: ended.programmeId, id: ended.id, team_id: ended.teamId, area: ended.area, shared_at: ended.sharedAt, step })
    .onConflict((oc) => oc.doNothing()).execute();
}

export function createCohortRepository(db: Kysely<Schema>) {
  return {
    /** `step`: the cohort's threshold (COHORT_MIN_GROUP), which decides which places count (none without it). */
    async rows(programmeId: string, area?: string, step?: number): Promise<{ submissions: CohortSubmission[]; places: CohortPlace[] }> {
      const submissions = (await cohortQueries(db, { programmeId, area }).submissions.execute(db)).rows;
      return { submissions, places: step === undefined ? [] : await placesOf(db, programmeId, step, area) };
    },

    /** The attempts shared with the programme of the team `attemptId` (itself shared with it) belongs to, oldest first. */
    async team(programmeId: string, attemptId: string): Promise<TeamAttemptRow[]> {
      const { rows } = await cohortQueries(db, { programmeId, teamId: attemptId }).team.execute(db);
      return rows.map((r) => ({ ...r, values: JSON.parse(r.values) as StoredValues }));
    },
  };
}

export type CohortRepository = ReturnType<typeof createCohortRepository>;
