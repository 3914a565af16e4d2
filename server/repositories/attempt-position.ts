// Which attempt of its team a submission is, for the staff PDF's "poging 2 van 3". Counted among the
// team's attempts shared with the same programme only, as the submissions list counts them: an attempt
// the team kept to itself (or shared elsewhere) is not the programme's to know about.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { orderedJoin } from '../db/dialect.js';

export function createAttemptPositionRepository(db: Kysely<Schema>) {
  return {
    /** Its place among the team's attempts shared with the programme, and how many there are; undefined without stored scores. */
    async of(responseId: string, programmeId: string): Promise<{ attempt: number; of: number } | undefined> {
      const row = await db.selectFrom('response_scores as s')
        .select([
          sql<number>`(SELECT COUNT(*) FROM response_scores k ${orderedJoin(db)} responses a ON a.id = k.response_id
            WHERE k.team_id = s.team_id AND a.programme_id = ${programmeId} AND k.attempt <= s.attempt)`.as('attempt'),
          sql<number>`(SELECT COUNT(*) FROM response_scores k ${orderedJoin(db)} responses a ON a.id = k.response_id
            WHERE k.team_id = s.team_id AND a.programme_id = ${programmeId})`.as('of'),
        ])
        .where('s.response_id', '=', responseId).executeTakeFirst();
      if (!row) return undefined;
      // At least 1: the submission itself is shared with the programme it is asked for.
      const attempt = Math.max(1, Number(row.attempt));
      return { attempt, of: Math.max(attempt, Number(row.of)) };
    },
  };
}
