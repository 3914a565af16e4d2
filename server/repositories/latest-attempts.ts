// Which of a team's attempts shared with a programme is its latest there, kept on the rows
// (responses.superseded_in_programme, migration 021) so the assessor's list reads one index range
// instead of asking, per submission, whether a later attempt exists. Recomputed for the whole team
// whenever one of its attempts is shared, withdrawn (also before a deletion) or given its team.
import { sql, type Kysely } from 'kysely';
import { bytewise, onPostgres } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';

/**
 * The definition the flag stores, for the row being updated (`responses`): is there an attempt of the
 * same team, shared with the same programme, that comes after it: a higher place in the chain, or the
 * same place (one attempt re-taken twice, on two devices) and submitted later, or at the same moment
 * with a higher id, byte by byte. The same order as the list's attempt numbers (programmes.ts) and the
 * cohort's (submission order). Without stored scores a response is its own
 * team, so never superseded.
 */
const laterAttemptExists = (db: Kysely<Schema>) => sql`EXISTS (SELECT 1 FROM response_scores s, response_scores s2, responses r2
  WHERE s.response_id = responses.id AND s2.team_id = s.team_id AND r2.id = s2.response_id
    AND r2.programme_id = responses.programme_id
    AND (s2.attempt > s.attempt OR (s2.attempt = s.attempt AND (r2.submitted_at > responses.submitted_at
      OR (r2.submitted_at = responses.submitted_at AND ${bytewise(db, 'r2.id')} > ${bytewise(db, 'responses.id')})))))`;

/** Recomputes the flag for `responseId` and the other attempts of its team in `programmeId`. */
export async function refreshLatest(db: Kysely<Schema>, programmeId: string, responseId: string): Promise<void> {
  const run = async (trx: Kysely<Schema>) => {
    const team = (await trx.selectFrom('response_scores').select('team_id').where('response_id', '=', responseId).executeTakeFirst())?.team_id ?? null;
    // Two attempts of one team shared at the same moment: on PostgreSQL each refresh waits for the
    // other, so the one that runs last sees both shares (SQLite has one writer at a time anyway).
    if (onPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(hashtext(${team ?? responseId}))`.execute(trx);
    await sql`UPDATE responses SET superseded_in_programme = CASE WHEN ${laterAttemptExists(trx)} THEN 1 ELSE 0 END
      WHERE programme_id = ${programmeId}
        AND (id = ${responseId} OR id IN (SELECT response_id FROM response_scores WHERE team_id = ${team}))`.execute(trx);
  };
  if (db.isTransaction) await run(db);
  else await db.transaction().execute(run);
}
