// Webhooks per programme and their deliveries: the queue (pending rows with a due time) and the log
// (every row, with attempts, the last HTTP status or error) are the same table. Any number of
// processes may run the queue: a process claims a delivery (claimed_by, until claimed_until) before
// sending it, and records the outcome only while the claim is still its own.
import { newId, newSecret } from '../auth/tokens.js';
import type { DB } from '../db/database.js';
import { CREATOR_COLUMNS, CREATOR_JOIN, type CreatorColumns } from './creators.js';

export const WEBHOOK_EVENTS = ['submission.shared', 'submission.withdrawn', 'review.submitted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

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
}

export type WebhookWithCreator = WebhookRow & CreatorColumns;
/** A claimed delivery with what sending it needs: the webhook's address and secret, and who set it up. */
export type ClaimedDelivery = DeliveryRow & CreatorColumns & { url: string; secret: string };

export function createWebhookRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO webhooks (id, programme_id, url, secret, events, created_by, created_at)
     VALUES (@id, @programmeId, @url, @secret, @events, @createdBy, @now)`,
  );
  const byId = db.prepare(`SELECT t.*, ${CREATOR_COLUMNS} FROM webhooks t ${CREATOR_JOIN} WHERE t.id = ?`);
  const list = db.prepare(`SELECT t.*, ${CREATOR_COLUMNS} FROM webhooks t ${CREATOR_JOIN} WHERE t.programme_id = ? ORDER BY t.created_at DESC, t.id LIMIT 100`);
  const active = db.prepare('SELECT * FROM webhooks WHERE programme_id = ? AND revoked_at IS NULL LIMIT 100');
  const revoke = db.prepare('UPDATE webhooks SET revoked_at = ? WHERE id = ? AND programme_id = ? AND revoked_at IS NULL');
  const enqueue = db.prepare(
    `INSERT INTO webhook_deliveries (id, webhook_id, event, payload, state, attempts, next_attempt_at, created_at)
     VALUES (@id, @webhookId, @event, @payload, 'pending', 0, @now, @now)`,
  );
  // One statement, so no two processes can claim the same row: SQLite takes the write lock before the
  // inner SELECT reads. In PostgreSQL the inner SELECT gets FOR UPDATE SKIP LOCKED. A claim that has
  // run out (its process died) is taken over.
  const claim = db.prepare(
    `UPDATE webhook_deliveries SET claimed_by = @owner, claimed_until = @until
     WHERE id IN (SELECT id FROM webhook_deliveries
                  WHERE state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                  ORDER BY next_attempt_at LIMIT @limit)
     RETURNING id`,
  ).pluck();
  const start = db.prepare(
    `UPDATE webhook_deliveries SET claimed_until = @until WHERE id = @id AND claimed_by = @owner AND state = 'pending'`,
  );
  const claimed = db.prepare(
    `SELECT d.*, t.url, t.secret, t.created_by, t.programme_id, ${CREATOR_COLUMNS}
     FROM webhook_deliveries d JOIN webhooks t ON t.id = d.webhook_id ${CREATOR_JOIN}
     WHERE d.id = ? AND d.state = 'pending'`,
  );
  // When this process should look again: the earliest due time, or for a delivery claimed by another
  // process, when that claim runs out.
  const nextDue = db.prepare(
    `SELECT MIN(MAX(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) FROM webhook_deliveries WHERE state = 'pending'`,
  ).pluck();
  const record = db.prepare(
    `UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, next_attempt_at = @next, last_status = @status,
       last_error = @error, delivered_at = @deliveredAt, claimed_by = NULL, claimed_until = NULL
     WHERE id = @id AND state = 'pending' AND claimed_by = @owner`,
  );
  const stop = db.prepare(
    `UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = @reason, claimed_by = NULL, claimed_until = NULL
     WHERE id = @id AND state = 'pending' AND claimed_by = @owner`,
  );
  const release = db.prepare(`UPDATE webhook_deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND state = 'pending'`);
  const deliveries = db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id LIMIT ?');
  const stopPending = db.prepare(`UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'webhook removed', claimed_by = NULL, claimed_until = NULL WHERE webhook_id = ? AND state = 'pending'`);

  return {
    create(input: { programmeId: string; url: string; events: readonly WebhookEvent[]; createdBy: string | null }) {
      const id = newId();
      const secret = `whsec_${newSecret()}`;
      insert.run({ id, programmeId: input.programmeId, url: input.url, secret, events: JSON.stringify(input.events), createdBy: input.createdBy, now: new Date().toISOString() });
      return byId.get(id) as WebhookWithCreator;
    },
    find: (id: string) => byId.get(id) as WebhookWithCreator | undefined,
    list: (programmeId: string) => list.all(programmeId) as WebhookWithCreator[],
    revoke: db.transaction((programmeId: string, id: string) => {
      const done = revoke.run(new Date().toISOString(), id, programmeId).changes === 1;
      if (done) stopPending.run(id);
      return done;
    }),
    /** A pending delivery per active webhook of the programme that subscribed to the event. */
    enqueue: db.transaction((programmeId: string, event: WebhookEvent, payload: unknown) => {
      const now = new Date().toISOString();
      let n = 0;
      for (const w of active.all(programmeId) as WebhookRow[]) {
        if (!(JSON.parse(w.events) as string[]).includes(event)) continue;
        enqueue.run({ id: newId(), webhookId: w.id, event, payload: JSON.stringify(payload), now });
        n++;
      }
      return n;
    }),
    /** Claims up to `limit` due deliveries for `owner` until `until`; their ids. */
    claim: (owner: string, now: string, until: string, limit: number) =>
      db.transaction(() => claim.all({ owner, now, until, limit }) as string[]).immediate(),
    /**
     * Just before sending: extends the claim to cover the attempt and reads the delivery. Undefined
     * when the claim is no longer this owner's (it ran out and another process took it) or the
     * delivery was settled meanwhile (the webhook was removed).
     */
    start(id: string, owner: string, until: string): ClaimedDelivery | undefined {
      if (start.run({ id, owner, until }).changes !== 1) return undefined;
      return claimed.get(id) as ClaimedDelivery | undefined;
    },
    nextDue: () => nextDue.get() as string | null,
    record(id: string, owner: string, outcome: { state: DeliveryRow['state']; next: string | null; status: number | null; error: string | null }) {
      record.run({ id, owner, ...outcome, deliveredAt: outcome.state === 'delivered' ? new Date().toISOString() : null });
    },
    /** Settles a claimed delivery as failed without sending it, with the reason in the log. */
    stop: (id: string, owner: string, reason: string) => stop.run({ id, owner, reason }).changes === 1,
    /** Hands back every claim of `owner` that was not settled (on close), for any process to take. */
    release: (owner: string) => release.run(owner).changes,
    deliveries: (webhookId: string, limit = 100) => deliveries.all(webhookId, limit) as DeliveryRow[],
  };
}

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
