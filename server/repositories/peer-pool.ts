// The anonymous peer pool (migration 017) and the plan rows the cohort's progress is counted from
// (migration 016, owned by the plan part).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { PlanRow, PoolRow } from '../integration/peers.js';

export interface PoolEntry {
  responseId: string;
  area: string;
  majorVersion: number;
  scoringVersion: number;
  goal: number | null;
  precondition: number | null;
  values: Record<string, number | null>;
  createdAt: string;
}

/** Bounds the work of one comparison: a pool is read whole, so it is read at most this far (oldest first). */
export const POOL_READ_LIMIT = 50_000;

export function createPeerPoolRepository(db: Kysely<Schema>) {
  return {
    /**
     * Puts a consented report in the pool, replacing its team's earlier row (one row per team, the latest
     * attempt). The team is the re-take chain of response_scores, stored before this is called.
     */
    async join(e: PoolEntry) {
      await db.transaction().execute(async (trx) => {
        const team = await trx.selectFrom('response_scores').select('team_id').where('response_id', '=', e.responseId).executeTakeFirst();
        if (team) {
          await trx.deleteFrom('peer_pool')
            .where('response_id', 'in', trx.selectFrom('response_scores').select('response_id').where('team_id', '=', team.team_id))
            .execute();
        }
        await trx.insertInto('peer_pool').values({
          response_id: e.responseId, area: e.area, major_version: e.majorVersion, scoring_version: e.scoringVersion,
          goal: e.goal, precondition: e.precondition, value_scores: JSON.stringify(e.values), created_at: e.createdAt,
        }).onConflict((oc) => oc.column('response_id').doNothing()).execute();
      });
    },

    async has(responseId: string) {
      return !!(await db.selectFrom('peer_pool').select('response_id').where('response_id', '=', responseId).executeTakeFirst());
    },

    /** One group's rows, in joining order. */
    async rows(area: string, majorVersion: number): Promise<PoolRow[]> {
      const rows = await db.selectFrom('peer_pool').select(['response_id', 'created_at', 'goal', 'precondition', 'value_scores'])
        .where('area', '=', area).where('major_version', '=', majorVersion)
        .orderBy('created_at').orderBy('response_id').limit(POOL_READ_LIMIT).execute();
      return rows.map((r) => ({
        responseId: r.response_id, createdAt: r.created_at, goal: r.goal, precondition: r.precondition,
        values: JSON.parse(r.value_scores) as Record<string, number | null>,
      }));
    },

    /** The plan items of the given attempts (the cohort's latest released ones), in batches of bound size. */
    async planItemsOf(responseIds: readonly string[]): Promise<PlanRow[]> {
      const out: PlanRow[] = [];
      for (let i = 0; i < responseIds.length; i += 500) {
        const rows = await db.selectFrom('plan_items').select(['response_id', 'values_json', 'status', 'due_date'])
          .where('response_id', 'in', responseIds.slice(i, i + 500)).execute();
        for (const r of rows) out.push({ responseId: r.response_id, valuesJson: r.values_json, status: r.status, dueDate: r.due_date });
      }
      return out;
    },
  };
}

export type PeerPoolRepository = ReturnType<typeof createPeerPoolRepository>;
