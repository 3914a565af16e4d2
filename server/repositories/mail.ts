// The mail table: queue, log and outbox in one. Queued rows are claimed by one process before they
// are sent, exactly as webhook deliveries are (repositories/webhooks.ts): one UPDATE whose inner
// SELECT skips rows another instance is locking (PostgreSQL) or runs under SQLite's single writer;
// a claim that runs out (its process died) is taken over; outcomes are recorded only under one's own claim.
import { sql, type Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import { changed, greatest, onPostgres, skipLocked } from '../db/dialect.js';
import type { Row, Schema } from '../db/schema.js';

/** Sent, failed and outbox mail is kept this long for the admins' list, then deleted (housekeeping). */
export const MAIL_KEEP_DAYS = 90;

export type MailRow = Row<'mail_outbox'>;
export type MailState = MailRow['state'];

export function createMailRepository(db: Kysely<Schema>) {
  const settle = { claimed_by: null, claimed_until: null } as const;
  /** SQLite: the last queued step per recipient, which the next one waits for (inRecipientTurn). */
  const turns = new Map<string, Promise<void>>();
  return {
    async insert(mail: { recipient: string; locale: 'nl' | 'en'; template: string; subject: string; text: string; html: string; state: MailState; error?: string | null }, within: Kysely<Schema> = db) {
      const now = new Date().toISOString();
      const row = {
        id: newId(), recipient: mail.recipient, locale: mail.locale, template: mail.template, subject: mail.subject,
        text_body: mail.text, html_body: mail.html, state: mail.state, attempts: 0,
        next_attempt_at: mail.state === 'queued' ? now : null, last_error: mail.error ?? null, created_at: now,
      };
      await within.insertInto('mail_outbox').values(row).execute();
      return row;
    },
    /**
     * Runs `work` in this recipient's turn, so that counting their recent mails and writing one happen as
     * one step. PostgreSQL: in a transaction (or `within`, an open one) holding an advisory lock per
     * address until it ends, which another instance waits for. SQLite: turns taken in this process, without
     * a transaction of their own: one held open across awaits would keep every other connection to the file
     * from writing. Without turns, a flood of requests across instances all counted the same mails and
     * each wrote one.
     */
    async inRecipientTurn<T>(recipient: string, work: (trx: Kysely<Schema>) => Promise<T>, within?: Kysely<Schema>): Promise<T> {
      if (onPostgres(db)) {
        const run = async (trx: Kysely<Schema>) => {
          await sql`SELECT pg_advisory_xact_lock(hashtext(${`zelftoets:mail:${recipient}`}))`.execute(trx);
          return work(trx);
        };
        return within ? run(within) : db.transaction().execute(run);
      }
      const before = turns.get(recipient) ?? Promise.resolve();
      const mine = before.then(() => work(within ?? db));
      const done = mine.then(() => undefined, () => undefined);
      turns.set(recipient, done);
      try {
        return await mine;
      } finally {
        if (turns.get(recipient) === done) turns.delete(recipient);
      }
    },
    /** Mails written to this address since `since` (the per-recipient bound). */
    countSince: async (recipient: string, since: string, within: Kysely<Schema> = db) =>
      Number((await within.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n'))
        .where('recipient', '=', recipient).where('created_at', '>', since).executeTakeFirst())?.n ?? 0),
    claim: async (owner: string, now: string, until: string, limit: number): Promise<string[]> => {
      const due = skipLocked(db, db.selectFrom('mail_outbox').select('id')
        .where('state', '=', 'queued').where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
        .orderBy('next_attempt_at').limit(limit));
      return (await db.updateTable('mail_outbox').set({ claimed_by: owner, claimed_until: until }).where('id', 'in', due).returning('id').execute()).map((r) => r.id);
    },
    /** Extends the claim over the attempt and reads the mail; undefined when the claim is no longer ours. */
    async start(id: string, owner: string, until: string): Promise<MailRow | undefined> {
      const extended = await db.updateTable('mail_outbox').set({ claimed_until: until })
        .where('id', '=', id).where('claimed_by', '=', owner).where('state', '=', 'queued').executeTakeFirst();
      if (changed(extended) !== 1) return undefined;
      return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async record(id: string, owner: string, outcome: { state: MailState; next: string | null; error: string | null; redact?: (s: string) => string }) {
      const row = outcome.redact ? await db.selectFrom('mail_outbox').select(['text_body', 'html_body']).where('id', '=', id).executeTakeFirst() : undefined;
      await db.updateTable('mail_outbox').set((eb) => ({
        state: outcome.state, attempts: eb('attempts', '+', 1), next_attempt_at: outcome.next, last_error: outcome.error,
        sent_at: outcome.state === 'sent' ? new Date().toISOString() : null,
        ...(row && outcome.redact ? { text_body: outcome.redact(row.text_body), html_body: outcome.redact(row.html_body) } : {}),
        ...settle,
      })).where('id', '=', id).where('state', '=', 'queued').where('claimed_by', '=', owner).execute();
    },
    nextDue: async (): Promise<string | null> =>
      (await db.selectFrom('mail_outbox')
        .select((eb) => eb.fn.min<string | null>(greatest(db, eb.ref('next_attempt_at'), eb.fn.coalesce('claimed_until', 'next_attempt_at'))).as('next'))
        .where('state', '=', 'queued').executeTakeFirst())?.next ?? null,
    release: async (owner: string) =>
      changed(await db.updateTable('mail_outbox').set(settle).where('claimed_by', '=', owner).where('state', '=', 'queued').executeTakeFirst()),
    recent: (limit: number) =>
      db.selectFrom('mail_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute(),
    /** Deletes mail written before `cutoff` that is no longer waiting to be sent; how many. */
    purgeSettledBefore: async (cutoff: string) =>
      changed(await db.deleteFrom('mail_outbox').where('created_at', '<', cutoff).where('state', '!=', 'queued').executeTakeFirst()),
    find: (id: string) => db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst(),
    /** A failed mail back in the queue with a fresh set of attempts; whether it was one (a mail never rendered has no text to send). */
    retry: async (id: string) =>
      changed(await db.updateTable('mail_outbox').set({ state: 'queued', attempts: 0, next_attempt_at: new Date().toISOString(), ...settle })
        .where('id', '=', id).where('state', '=', 'failed').where('text_body', '!=', '').executeTakeFirst()) === 1,
  };
}

export type MailRepository = ReturnType<typeof createMailRepository>;
