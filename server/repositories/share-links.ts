import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { takeTurn } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { hashToken } from './responses.js';

/** Links of one response that still work (neither revoked nor expired) at once. */
export const MAX_WORKING_SHARE_LINKS = 50;
/** Rows the list reads: every working link, then the newest of those that no longer work. */
const MAX_LISTED = 100;

export interface ShareLinkRow {
  id: string;
  response_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export function createShareLinkRepository(db: Kysely<Schema>) {
  const byId = (id: string, responseId: string) =>
    db.selectFrom('share_links').selectAll().where('id', '=', id).where('response_id', '=', responseId).executeTakeFirst() as Promise<ShareLinkRow | undefined>;

  return {
    /**
     * A new link; undefined when the response has MAX_WORKING_SHARE_LINKS working ones already. Links of
     * one response are made in turns on its row (PostgreSQL; SQLite has one writer), so the bound holds.
     */
    async create(responseId: string, expiresAt: Date): Promise<{ token: string; row: ShareLinkRow } | undefined> {
      const id = randomBytes(12).toString('base64url');
      const token = randomBytes(32).toString('base64url');
      const now = new Date().toISOString();
      const made = await db.transaction().execute(async (trx) => {
        await takeTurn(trx, 'responses', responseId);
        const { n } = await trx.selectFrom('share_links').select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('response_id', '=', responseId).where('revoked_at', 'is', null).where('expires_at', '>', now).executeTakeFirstOrThrow();
        if (Number(n) >= MAX_WORKING_SHARE_LINKS) return false;
        await trx.insertInto('share_links').values({ id, response_id: responseId, token_hash: hashToken(token), created_at: now, expires_at: expiresAt.toISOString() }).execute();
        return true;
      });
      return made ? { token, row: (await byId(id, responseId))! } : undefined;
    },
    findByToken: (token: string) =>
      db.selectFrom('share_links').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst() as Promise<ShareLinkRow | undefined>,
    /** Working links first (so none is out of sight, and out of reach of revoking), each part newest first. */
    listFor: (responseId: string) => {
      const now = new Date().toISOString();
      return db.selectFrom('share_links').selectAll().where('response_id', '=', responseId)
        .orderBy(sql`CASE WHEN revoked_at IS NULL AND expires_at > ${now} THEN 0 ELSE 1 END`).orderBy('created_at', 'desc').orderBy('id')
        .limit(MAX_LISTED).execute() as Promise<ShareLinkRow[]>;
    },
    /** Returns the link after revoking, or undefined when the response has no such link. */
    async revoke(responseId: string, id: string): Promise<ShareLinkRow | undefined> {
      await db.updateTable('share_links').set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id).where('response_id', '=', responseId).where('revoked_at', 'is', null).execute();
      return byId(id, responseId);
    },
  };
}

export type ShareLinkRepository = ReturnType<typeof createShareLinkRepository>;
