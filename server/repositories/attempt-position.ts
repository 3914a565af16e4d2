// Which attempt of its team a submission is, for the staff PDF's "poging 2 van 3". Counted among the
// team's attempts shared with the same programme only: a later attempt the team kept to itself (or
// shared elsewhere) is not the programme's to know about.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export function createAttemptPositionRepository(db: Kysely<Schema>) {
  return {
    /** The attempt number (the team's own count, as the startup sees it) and the highest shared with the programme; undefined without stored scores. */
    async of(responseId: string, programmeId: string): Promise<{ attempt: number; of: number } | undefined> {
      const row = await db.selectFrom('response_scores as s')
        .select((eb) => ['s.attempt', eb.selectFrom('response_scores as k').innerJoin('responses as a', 'a.id', 'k.response_id')
          .select((e) => e.fn.max('k.attempt').as('m'))
          .whereRef('k.team_id', '=', 's.team_id').where('a.programme_id', '=', programmeId).as('latest')])
        .where('s.response_id', '=', responseId).executeTakeFirst();
      if (!row) return undefined;
      const attempt = Number(row.attempt);
      return { attempt, of: Math.max(attempt, Number(row.latest ?? attempt)) };
    },
  };
}
