import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { hashToken } from './responses.js';

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
    async create(responseId: string, expiresAt: Date) {
      const id = randomBytes(12).toString('base64url');
      const token = randomBytes(32).toString('base64url');
      await db.insertInto('share_links').values({
        id, response_id: responseId, token_hash: hashToken(token), created_at: new Date().toISOString(), expires_at: expiresAt.toISOString(),
      }).execute();
      return { token, row: (await byId(id, responseId))! };
    },
    findByToken: (token: string) =>
      db.selectFrom('share_links').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst() as Promise<ShareLinkRow | undefined>,
    listFor: (responseId: string) =>
      db.selectFrom('share_links').selectAll().where('response_id', '=', responseId).orderBy('created_at', 'desc').execute() as Promise<ShareLinkRow[]>,
    /** Returns the link after revoking, or undefined when the response has no such link. */
    async revoke(responseId: string, id: string): Promise<ShareLinkRow | undefined> {
      await db.updateTable('share_links').set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id).where('response_id', '=', responseId).where('revoked_at', 'is', null).execute();
      return byId(id, responseId);
    },
  };
}

export type ShareLinkRepository = ReturnType<typeof createShareLinkRepository>;
