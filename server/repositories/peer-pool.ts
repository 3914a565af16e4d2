// The anonymous peer pool (migration 017) and the plan rows the cohort's progress is counted from
// (migration 016, owned by the plan part).
import type { ExpressionBuilder, Kysely } from 'kysely';
import { takeNamedTurn } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { keepsPlace, type PlanRow, type PoolRow } from '../integration/peers.js';
import { stampAfter } from './stamps.js';

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

type Group = { area: string; majorVersion: number };
const groupKey = (g: Group) => `peer_pool:${g.area}:${g.majorVersion}`;
/** The advisory-lock key of a team's joins (exported for the test that holds it). */
export const teamTurnKey = (teamId: string) => `peer_pool_team:${teamId}`;

/**
 * Takes the turn of the groups' pools until the transaction ends, on any instance: whether a leaving
 * report keeps its place depends on the group's release, which a join in between could move. Always in
 * the same order, so two transactions that need the same two groups do not wait for each other.
 * SQLite has one writer, which holds the database already.
 */
async function takeTurns(trx: Kysely<Schema>, groups: Group[]) {
  for (const key of [...new Set(groups.map(groupKey))].sort()) await takeNamedTurn(trx, key);
}

/**
 * The places that count under `minPool`: those kept under it. Places kept under another step could fill
 * the open step, so that it closed on them and a single report.
 */
const placeCounts = (minPool: number) => (eb: ExpressionBuilder<Schema, 'peer_pool_places'>) => eb('step', '=', minPool);

/** A group's rows, oldest first and bounded; the caller picks the columns. */
const groupRows = (db: Kysely<Schema>, g: Group) => db.selectFrom('peer_pool').where('area', '=', g.area).where('major_version', '=', g.majorVersion)
  .orderBy('created_at').orderBy('response_id').limit(POOL_READ_LIMIT);

/** A group's places that count under `minPool`, oldest first and bounded. */
const groupPlaces = (db: Kysely<Schema>, g: Group, minPool: number) => db.selectFrom('peer_pool_places').select(['id', 'created_at'])
  .where('area', '=', g.area).where('major_version', '=', g.majorVersion).where(placeCounts(minPool))
  .orderBy('created_at').orderBy('id').limit(POOL_READ_LIMIT);

/** A group's rows and places in joining order, ids and times only: what its steps are counted from. */
async function groupOrder(trx: Kysely<Schema>, g: Group, minPool: number) {
  const rows = await groupRows(trx, g).select(['response_id as id', 'created_at']).execute();
  const places = await groupPlaces(trx, g, minPool).execute();
  return [...rows, ...places].map((r) => ({ responseId: r.id, createdAt: r.created_at }));
}

/**
 * Takes a report out of the pool, in the caller's transaction: a released one leaves its place behind
 * (migration 026), a pending one goes without a trace. The caller has taken the group's turn.
 */
async function leaveIn(trx: Kysely<Schema>, responseId: string, minPool: number) {
  const row = await trx.selectFrom('peer_pool').select(['area', 'major_version', 'created_at']).where('response_id', '=', responseId).executeTakeFirst();
  if (!row) return;
  const group = { area: row.area, majorVersion: row.major_version };
  if (keepsPlace(await groupOrder(trx, group, minPool), responseId, minPool)) {
    await trx.insertInto('peer_pool_places').values({ id: responseId, area: row.area, major_version: row.major_version, created_at: row.created_at, step: minPool })
      .onConflict((oc) => oc.column('id').doNothing()).execute();
  }
  await trx.deleteFrom('peer_pool').where('response_id', '=', responseId).execute();
}

/**
 * When a report joins: its submit time, but never before a row or place already in its group. The submit
 * time is fixed before the scores are stored and the group's turn is taken, so a request that submitted
 * first could join last; placed by its submit time it went in before reports that had joined (and been
 * released) already, a step closed on it instead, and a released report left the figures for it. The
 * caller has taken the group's turn.
 */
async function joiningTime(trx: Kysely<Schema>, e: PoolEntry): Promise<string> {
  const [row, place] = await Promise.all([
    trx.selectFrom('peer_pool').select('created_at').where('area', '=', e.area).where('major_version', '=', e.majorVersion)
      .orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
    trx.selectFrom('peer_pool_places').select('created_at').where('area', '=', e.area).where('major_version', '=', e.majorVersion)
      .orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  return stampAfter(e.createdAt, [row?.created_at, place?.created_at]);
}

/** `minPool`: the pool's step (PEER_MIN_POOL), which decides whether a leaving report keeps its place. */
export function createPeerPoolRepository(db: Kysely<Schema>, opts: { minPool: number }) {
  return {
    /**
     * Puts a consented report in the pool, replacing its team's earlier row (one row per team, the latest
     * attempt). The team is the re-take chain of response_scores, stored before this is called.
     */
    async join(e: PoolEntry) {
      await db.transaction().execute(async (trx) => {
        const team = await trx.selectFrom('response_scores').select('team_id').where('response_id', '=', e.responseId).executeTakeFirst();
        // The team's turn before its earlier rows are read: two attempts joining at once would each read
        // the other's row as not there yet, and both stay. Taken before any group's, as no one takes a
        // team's turn while holding a group's.
        if (team) await takeNamedTurn(trx, teamTurnKey(team.team_id));
        const earlier = team ? await trx.selectFrom('peer_pool').select(['response_id', 'area', 'major_version'])
          .where('response_id', 'in', trx.selectFrom('response_scores').select('response_id').where('team_id', '=', team.team_id))
          .execute() : [];
        // An earlier attempt may sit in another group (an older major version): both groups' turns, in order.
        await takeTurns(trx, [{ area: e.area, majorVersion: e.majorVersion }, ...earlier.map((r) => ({ area: r.area, majorVersion: r.major_version }))]);
        for (const r of earlier) await leaveIn(trx, r.response_id, opts.minPool);
        await trx.insertInto('peer_pool').values({
          response_id: e.responseId, area: e.area, major_version: e.majorVersion, scoring_version: e.scoringVersion,
          goal: e.goal, precondition: e.precondition, value_scores: JSON.stringify(e.values), created_at: await joiningTime(trx, e),
        }).onConflict((oc) => oc.column('response_id').doNothing()).execute();
      });
    },

    /**
     * Takes a report out of the pool in the caller's transaction (deleting it): a released report keeps
     * its place. The row itself would go with the response (ON DELETE CASCADE), but without a place.
     */
    async leave(responseId: string, trx: Kysely<Schema>) {
      const row = await trx.selectFrom('peer_pool').select(['area', 'major_version']).where('response_id', '=', responseId).executeTakeFirst();
      if (!row) return;
      await takeTurns(trx, [{ area: row.area, majorVersion: row.major_version }]);
      await leaveIn(trx, responseId, opts.minPool);
    },

    async has(responseId: string) {
      return !!(await db.selectFrom('peer_pool').select('response_id').where('response_id', '=', responseId).executeTakeFirst());
    },

    /** One group's rows and places (no scores, `left`), in joining order. */
    async rows(area: string, majorVersion: number): Promise<PoolRow[]> {
      const group = { area, majorVersion };
      const rows = await groupRows(db, group).select(['response_id', 'created_at', 'goal', 'precondition', 'value_scores']).execute();
      const places = await groupPlaces(db, group, opts.minPool).execute();
      const out: PoolRow[] = rows.map((r) => ({
        responseId: r.response_id, createdAt: r.created_at, goal: r.goal, precondition: r.precondition,
        values: JSON.parse(r.value_scores) as Record<string, number | null>,
      }));
      for (const p of places) out.push({ responseId: p.id, createdAt: p.created_at, goal: null, precondition: null, values: {}, left: true });
      return out;
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
