// Webhooks per programme and their deliveries: the queue (pending rows with a due time) and the log
// (every row, with attempts, the last HTTP status or error) are the same table. Any number of
// processes may run the queue: a process claims a delivery (claimed_by, until claimed_until) before
// sending it, and records the outcome only while the claim is still its own.
import { newId, newSecret } from '../auth/tokens.js';
import { sql, type Kysely } from 'kysely';
import { changed, greatest, skipLocked, takeTurn } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { conflict } from '../errors.js';
import { CREATOR_COLUMNS, CREATOR_JOIN, type CreatorColumns } from './creators.js';

export const WEBHOOK_EVENTS = ['submission.shared', 'submission.withdrawn', 'review.submitted', 'submission.decided'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/**
 * Active webhooks a programme may have: well under the 100 an event is queued for and the list shows,
 * so every active one gets each event it subscribed to and can be seen (and removed).
 */
export const MAX_ACTIVE_WEBHOOKS = 20;

export interface WebhookRow {
  id: string;
  programme_id: string;
  url: string;
  secret: string;
  events: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event: string;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  submission_id: string | null;
}

/** Settled deliveries (and the payloads they hold: names, scores) are kept this long for the log, then deleted. */
export const WEBHOOK_KEEP_DAYS = 30;

/** Why a pending delivery was not sent: its webhook was removed. */
export const WEBHOOK_REMOVED = 'webhook removed';

/** Why a pending delivery was not sent: its submission was withdrawn first. */
export const WITHDRAWN_BEFORE_DELIVERY = 'not sent: the submission was withdrawn before it could be delivered';

export type WebhookWithCreator = WebhookRow & CreatorColumns;
/** A claimed delivery with what sending it needs: the webhook's address and secret, and who set it up. */
export type ClaimedDelivery = DeliveryRow & CreatorColumns & { url: string; secret: string };

export function createWebhookRepository(db: Kysely<Schema>) {
  const byId = async (id: string) =>
    (await sql<WebhookWithCreator>`SELECT t.*, ${CREATOR_COLUMNS} FROM webhooks t ${CREATOR_JOIN} WHERE t.id = ${id}`.execute(db)).rows[0];
  const settle = { claimed_by: null, claimed_until: null } as const;

  return {
    /** The new webhook; 409 webhooks-full past MAX_ACTIVE_WEBHOOKS, counted in turns on the programme's row (from any instance). */
    async create(input: { programmeId: string; url: string; events: readonly WebhookEvent[]; createdBy: string | null }) {
      const id = newId();
      const secret = `whsec_${newSecret()}`;
      await db.transaction().execute(async (trx) => {
        await takeTurn(trx, 'programmes', input.programmeId);
        const { n } = await trx.selectFrom('webhooks').select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('programme_id', '=', input.programmeId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
        if (Number(n) >= MAX_ACTIVE_WEBHOOKS) throw conflict('webhooks-full', `a programme has at most ${MAX_ACTIVE_WEBHOOKS} active webhooks; remove one first`);
        await trx.insertInto('webhooks').values({
          id, programme_id: input.programmeId, url: input.url, secret, events: JSON.stringify(input.events), created_by: input.createdBy, created_at: new Date().toISOString(),
        }).execute();
      });
      return (await byId(id))!;
    },
    find: byId,
    /** Active webhooks first, so none drops out of the list behind removed ones. */
    list: async (programmeId: string) =>
      (await sql<WebhookWithCreator>`SELECT t.*, ${CREATOR_COLUMNS} FROM webhooks t ${CREATOR_JOIN}
        WHERE t.programme_id = ${programmeId} ORDER BY CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, t.created_at DESC, t.id LIMIT 100`.execute(db)).rows,
    /** Revokes the webhook and settles its pending deliveries, together. */
    revoke: (programmeId: string, id: string) =>
      db.transaction().execute(async (trx) => {
        const done = changed(await trx.updateTable('webhooks').set({ revoked_at: new Date().toISOString() })
          .where('id', '=', id).where('programme_id', '=', programmeId).where('revoked_at', 'is', null).executeTakeFirst()) === 1;
        if (done) {
          await trx.updateTable('webhook_deliveries').set({ state: 'failed', next_attempt_at: null, last_error: WEBHOOK_REMOVED, ...settle })
            .where('webhook_id', '=', id).where('state', '=', 'pending').execute();
        }
        return done;
      }),
    /**
     * A pending delivery per active webhook of the programme that subscribed to the event; the number
     * queued. `within` is an open transaction the event belongs to (it is then queued only if that commits).
     */
    async enqueue(programmeId: string, event: WebhookEvent, payload: unknown, within: Kysely<Schema> = db): Promise<number> {
      const hooks = await within.selectFrom('webhooks').select(['id', 'events']).where('programme_id', '=', programmeId).where('revoked_at', 'is', null).limit(100).execute();
      const now = new Date().toISOString();
      const body = JSON.stringify(payload);
      const about = (payload as { data?: { submission?: { id?: unknown } } } | null)?.data?.submission?.id;
      const submission_id = typeof about === 'string' ? about : null;
      const rows = hooks.filter((w) => (JSON.parse(w.events) as string[]).includes(event))
        .map((w) => ({ id: newId(), webhook_id: w.id, event, payload: body, state: 'pending' as const, attempts: 0, next_attempt_at: now, created_at: now, submission_id }));
      // One statement: all of the event's deliveries are queued, or none.
      if (rows.length) await within.insertInto('webhook_deliveries').values(rows).execute();
      return rows.length;
    },
    /**
     * Claims up to `limit` due deliveries for `owner` until `until`; their ids. One statement, so no two
     * processes claim the same row: SQLite takes the write lock before the inner SELECT reads;
     * PostgreSQL locks the rows it picks and skips those another instance is claiming. A claim that
     * has run out (its process died) is taken over.
     */
    async claim(owner: string, now: string, until: string, limit: number): Promise<string[]> {
      const due = skipLocked(db, db.selectFrom('webhook_deliveries').select('id')
        .where('state', '=', 'pending').where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .orderBy('next_attempt_at').limit(limit));
      const rows = await db.updateTable('webhook_deliveries').set({ claimed_by: owner, claimed_until: until }).where('id', 'in', due).returning('id').execute();
      return rows.map((r) => r.id);
    },
    /**
     * Just before sending: extends the claim to cover the attempt and reads the delivery. Undefined
     * when the claim is no longer this owner's (it ran out and another process took it) or the
     * delivery was settled meanwhile (the webhook was removed).
     */
    async start(id: string, owner: string, until: string): Promise<ClaimedDelivery | undefined> {
      const extended = await db.updateTable('webhook_deliveries').set({ claimed_until: until })
        .where('id', '=', id).where('claimed_by', '=', owner).where('state', '=', 'pending').executeTakeFirst();
      if (changed(extended) !== 1) return undefined;
      return (await sql<ClaimedDelivery>`SELECT d.*, t.url, t.secret, t.created_by, t.programme_id, ${CREATOR_COLUMNS}
        FROM webhook_deliveries d JOIN webhooks t ON t.id = d.webhook_id ${CREATOR_JOIN}
        WHERE d.id = ${id} AND d.state = 'pending'`.execute(db)).rows[0];
    },
    /**
     * When this process should look again: the earliest due time, or for a delivery claimed by another
     * process, when that claim runs out.
     */
    nextDue: async (): Promise<string | null> => {
      const row = await db.selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.min<string | null>(greatest(db, eb.ref('next_attempt_at'), eb.fn.coalesce('claimed_until', 'next_attempt_at'))).as('next'))
        .where('state', '=', 'pending').executeTakeFirst();
      return row?.next ?? null;
    },
    async record(id: string, owner: string, outcome: { state: DeliveryRow['state']; next: string | null; status: number | null; error: string | null }) {
      await db.updateTable('webhook_deliveries').set((eb) => ({
        state: outcome.state, attempts: eb('attempts', '+', 1), next_attempt_at: outcome.next, last_status: outcome.status, last_error: outcome.error,
        delivered_at: outcome.state === 'delivered' ? new Date().toISOString() : null, ...settle,
      })).where('id', '=', id).where('state', '=', 'pending').where('claimed_by', '=', owner).execute();
    },
    /**
     * The submission's share ended (withdrawn, removed, deleted): what was still to be sent about it is
     * not sent, claimed or not (a claimed one is sent only while pending: start()), and its payload is
     * dropped. A request already on its way cannot be called back. The withdrawal's own event, queued
     * after this in the same transaction, goes out.
     */
    cancelPendingFor: async (submissionId: string, within: Kysely<Schema> = db) =>
      changed(await within.updateTable('webhook_deliveries').set({ state: 'failed', next_attempt_at: null, last_error: WITHDRAWN_BEFORE_DELIVERY, payload: '{}', ...settle })
        .where('submission_id', '=', submissionId).where('state', '=', 'pending').where('event', '!=', 'submission.withdrawn')
        .executeTakeFirst()),
    /** Deletes deliveries settled before `before` (housekeeping, WEBHOOK_KEEP_DAYS); how many. */
    purgeSettledBefore: async (before: string) =>
      changed(await db.deleteFrom('webhook_deliveries').where('state', 'in', ['delivered', 'failed']).where('created_at', '<', before).executeTakeFirst()),
    /** Settles a claimed delivery as failed without sending it, with the reason in the log. */
    stop: async (id: string, owner: string, reason: string) =>
      changed(await db.updateTable('webhook_deliveries').set({ state: 'failed', next_attempt_at: null, last_error: reason, ...settle })
        .where('id', '=', id).where('state', '=', 'pending').where('claimed_by', '=', owner).executeTakeFirst()) === 1,
    /** Hands back every claim of `owner` that was not settled (on close), for any process to take. */
    release: async (owner: string) =>
      changed(await db.updateTable('webhook_deliveries').set(settle).where('claimed_by', '=', owner).where('state', '=', 'pending').executeTakeFirst()),
    deliveries: (webhookId: string, limit = 100) =>
      db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute() as Promise<DeliveryRow[]>,
  };
}

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
