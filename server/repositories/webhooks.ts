// Webhooks per programme and their deliveries: the queue (pending rows with a due time) and the log
// (every row, with attempts, the last HTTP status or error) are the same table.
import { newId, newSecret } from '../auth/tokens.js';
import type { DB } from '../db/database.js';

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
}

export function createWebhookRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO webhooks (id, programme_id, url, secret, events, created_by, created_at)
     VALUES (@id, @programmeId, @url, @secret, @events, @createdBy, @now)`,
  );
  const byId = db.prepare('SELECT * FROM webhooks WHERE id = ?');
  const list = db.prepare('SELECT * FROM webhooks WHERE programme_id = ? ORDER BY created_at DESC, id LIMIT 100');
  const active = db.prepare('SELECT * FROM webhooks WHERE programme_id = ? AND revoked_at IS NULL LIMIT 100');
  const revoke = db.prepare('UPDATE webhooks SET revoked_at = ? WHERE id = ? AND programme_id = ? AND revoked_at IS NULL');
  const enqueue = db.prepare(
    `INSERT INTO webhook_deliveries (id, webhook_id, event, payload, state, attempts, next_attempt_at, created_at)
     VALUES (@id, @webhookId, @event, @payload, 'pending', 0, @now, @now)`,
  );
  const due = db.prepare(
    `SELECT d.*, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
     WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`,
  );
  const nextDue = db.prepare(`SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'`).pluck();
  const record = db.prepare(
    `UPDATE webhook_deliveries SET state = @state, attempts = attempts + 1, next_attempt_at = @next, last_status = @status,
       last_error = @error, delivered_at = @deliveredAt WHERE id = @id AND state = 'pending'`,
  );
  const deliveries = db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, id LIMIT ?');
  const stopPending = db.prepare(`UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'webhook removed' WHERE webhook_id = ? AND state = 'pending'`);

  return {
    create(input: { programmeId: string; url: string; events: readonly WebhookEvent[]; createdBy: string | null }) {
      const id = newId();
      const secret = `whsec_${newSecret()}`;
      insert.run({ id, programmeId: input.programmeId, url: input.url, secret, events: JSON.stringify(input.events), createdBy: input.createdBy, now: new Date().toISOString() });
      return byId.get(id) as WebhookRow;
    },
    find: (id: string) => byId.get(id) as WebhookRow | undefined,
    list: (programmeId: string) => list.all(programmeId) as WebhookRow[],
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
    due: (now: string, limit: number) => due.all(now, limit) as Array<DeliveryRow & { url: string; secret: string }>,
    nextDue: () => nextDue.get() as string | null,
    record(id: string, outcome: { state: DeliveryRow['state']; next: string | null; status: number | null; error: string | null }) {
      record.run({ id, ...outcome, deliveredAt: outcome.state === 'delivered' ? new Date().toISOString() : null });
    },
    deliveries: (webhookId: string, limit = 100) => deliveries.all(webhookId, limit) as DeliveryRow[],
  };
}

export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
