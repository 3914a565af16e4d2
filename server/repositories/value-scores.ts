// Per-value scores, knock-outs and the team (re-take chain) of each submitted response, stored at
// submit time so the cohort overview aggregates without rescoring.
import type { Kysely } from 'kysely';
import type { ScoreResult } from '../../core/scoring.js';
import { refreshLatest } from './latest-attempts.js';
import { prepared, type Slots } from '../db/prepared.js';
import type { Schema } from '../db/schema.js';

/** value id → [score (unrounded) or null, status] */
export type StoredValues = Record<string, [number | null, string]>;

/** One response of the programme without stored scores, if any; exported for the test that reads its plan. */
export const anyUnscoredQuery = (db: Kysely<Schema>, programmeId: string) =>
  db.selectFrom('responses as r').select('r.id').where('r.programme_id', '=', programmeId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('response_scores as s').select('s.response_id').whereRef('s.response_id', '=', 'r.id'))))
    .limit(1);

// Every submit writes it: compiled once (server/db/prepared.ts).
const upsertScores = prepared((db, p: Slots<{ responseId: string; teamId: string; attempt: number; values: string; knockouts: string }>) =>
  db.insertInto('response_scores')
    .values({ response_id: p('responseId'), team_id: p('teamId'), attempt: p('attempt'), value_scores: p('values'), knockouts: p('knockouts') })
    .onConflict((oc) => oc.column('response_id').doUpdateSet((eb) => ({
      team_id: eb.ref('excluded.team_id'), attempt: eb.ref('excluded.attempt'), value_scores: eb.ref('excluded.value_scores'), knockouts: eb.ref('excluded.knockouts'),
    }))));

export function createValueScoreRepository(db: Kysely<Schema>) {
  // Before migration 004 nothing was stored: the shared ones are filled in at start-up, a programme's
  // others (shared later) when its figures are read. Both use indexes and find nothing once done.
  const missing = (limit: number, programmeId?: string) =>
    db.selectFrom('responses as r').select('r.id')
      .where((eb) => (programmeId === undefined ? eb('r.programme_id', 'is not', null) : eb('r.programme_id', '=', programmeId)))
      .where('r.status', '=', 'submitted')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('response_scores as s').select('s.response_id').whereRef('s.response_id', '=', 'r.id'))))
      .orderBy('r.submitted_at').orderBy('r.id').limit(limit).execute();

  /**
   * The team of a response: its predecessor's team when that was stored (so a team keeps its id even if
   * its first attempt is deleted later), else the first attempt of its chain.
   */
  async function teamFor(responseId: string, knownPrevious?: string | null): Promise<{ teamId: string; attempt: number }> {
    const previous = knownPrevious !== undefined ? knownPrevious
      : (await db.selectFrom('responses').select('previous_response_id').where('id', '=', responseId).executeTakeFirst())?.previous_response_id;
    // Most submissions are first attempts: their own team, and no chain to walk.
    if (!previous) return { teamId: responseId, attempt: 1 };
    const t = await db.selectFrom('response_scores').select(['team_id', 'attempt']).where('response_id', '=', previous).executeTakeFirst();
    if (t) return { teamId: t.team_id, attempt: t.attempt + 1 };
    // The chain's first attempt and how far back it is (bounded: a chain is one team's history).
    const first = await db.withRecursive('chain(id, prev, depth)', (qb) =>
      qb.selectFrom('responses').select((eb) => ['id', 'previous_response_id as prev', eb.lit(0).as('depth')]).where('id', '=', responseId)
        .unionAll((u) => u.selectFrom('responses as r').innerJoin('chain as c', 'r.id', 'c.prev')
          .select((eb) => ['r.id', 'r.previous_response_id as prev', eb('c.depth', '+', 1).as('depth')]).where('c.depth', '<', 50)),
    ).selectFrom('chain').select(['id', 'depth']).orderBy('depth', 'desc').limit(1).executeTakeFirstOrThrow();
    return { teamId: first.id, attempt: Number(first.depth) + 1 };
  }

  return {
    /**
     * Records what the engine computed at submit; idempotent (a second call writes the same).
     * `known`, when the caller holds the response's row already, saves reading it again.
     */
    async store(responseId: string, result: Pick<ScoreResult, 'values' | 'knockouts'>, known?: { programmeId: string | null; previousResponseId: string | null }) {
      const values: StoredValues = Object.fromEntries(result.values.map((v) => [v.id, [v.score, v.status]]));
      const knockouts = result.knockouts.map((k) => [k.question, k.option]);
      const team = await teamFor(responseId, known?.previousResponseId);
      await upsertScores(db, { responseId, teamId: team.teamId, attempt: team.attempt, values: JSON.stringify(values), knockouts: JSON.stringify(knockouts) });
      // Scores stored late (the start-up backfill) put a shared response into its team.
      const programmeId = known ? known.programmeId
        : (await db.selectFrom('responses').select('programme_id').where('id', '=', responseId).executeTakeFirst())?.programme_id;
      if (programmeId) await refreshLatest(db, programmeId, responseId);
    },
    /** The stored per-value scores of one response, if any. */
    async values(responseId: string): Promise<StoredValues | null> {
      const row = await db.selectFrom('response_scores').select('value_scores').where('response_id', '=', responseId).executeTakeFirst();
      return row ? (JSON.parse(row.value_scores) as StoredValues) : null;
    },
    /** The same for a page of responses, in one query. */
    async valuesOf(responseIds: readonly string[]): Promise<Map<string, StoredValues>> {
      if (!responseIds.length) return new Map();
      const rows = await db.selectFrom('response_scores').select(['response_id', 'value_scores']).where('response_id', 'in', responseIds).execute();
      return new Map(rows.map((r) => [r.response_id, JSON.parse(r.value_scores) as StoredValues]));
    },
    /** Shared responses without stored scores (submitted before migration 004), oldest first. */
    unscoredShared: async (limit: number) => (await missing(limit)).map((r) => r.id),
    /** The same within one programme. */
    unscoredIn: async (programmeId: string, limit: number) => (await missing(limit, programmeId)).map((r) => r.id),
    /**
     * Whether the programme may have any: asked on every read of its figures, and nearly always no. Read
     * from a programme index alone (it holds the id; only a submitted response can be shared), where the
     * query above also reads each row's status: 3 ms against 20 ms at 10,000 submissions.
     */
    anyUnscoredIn: async (programmeId: string) => (await anyUnscoredQuery(db, programmeId).executeTakeFirst()) !== undefined,
  };
}

export type ValueScoreRepository = ReturnType<typeof createValueScoreRepository>;
