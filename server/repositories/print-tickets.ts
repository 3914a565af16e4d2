// Print tickets: the server's own browser opens a report for staff with one (server/report/pdf.ts).
// They live in the database, so the browser's request for the report may reach any instance; only
// the SHA-256 is stored, as for sessions, so a copy of the database prints nothing.
import type { Kysely } from 'kysely';
import { newSecret, sha256 } from '../auth/tokens.js';
import { changed } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';

export function createPrintTicketRepository(db: Kysely<Schema>) {
  return {
    /** A new ticket for one response, valid for `ms`; the ticket itself is returned, never stored. */
    async issue(responseId: string, ms: number): Promise<string> {
      const ticket = newSecret();
      await db.insertInto('print_tickets').values({ token_hash: sha256(ticket), response_id: responseId, expires_at: new Date(Date.now() + ms).toISOString() }).execute();
      return ticket;
    },
    /** The response a live ticket stands for, if any. */
    find: (ticket: string, now = new Date()) =>
      db.selectFrom('print_tickets').select(['response_id as responseId', 'expires_at as expiresAt'])
        .where('token_hash', '=', sha256(ticket)).where('expires_at', '>', now.toISOString()).executeTakeFirst(),
    revoke: async (ticket: string) => changed(await db.deleteFrom('print_tickets').where('token_hash', '=', sha256(ticket)).executeTakeFirst()) === 1,
    purgeExpired: async (now = new Date()) => changed(await db.deleteFrom('print_tickets').where('expires_at', '<=', now.toISOString()).executeTakeFirst()),
  };
}

export type PrintTicketRepository = ReturnType<typeof createPrintTicketRepository>;
