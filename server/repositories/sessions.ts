// Server-side sessions: the cookie holds a random 256-bit id, the table only its SHA-256, so a copy
// of the database cannot be used to sign in. Deleting rows revokes sessions at once. Sessions live
// in the database only, so every app instance sees a sign-in, a sign-out and a revocation at once.
import type { Kysely } from 'kysely';
import { newSecret, sha256 } from '../auth/tokens.js';
import { changed } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';

export interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export function createSessionRepository(db: Kysely<Schema>) {
  return {
    async create(userId: string, hours: number): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
      const id = newSecret();
      const csrfToken = newSecret();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + hours * 3600_000);
      await db.insertInto('sessions').values({ id_hash: sha256(id), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt.toISOString() }).execute();
      return { id, csrfToken, expiresAt };
    },
    find: (id: string, now = new Date()) =>
      db.selectFrom('sessions').selectAll().where('id_hash', '=', sha256(id)).where('expires_at', '>', now.toISOString()).executeTakeFirst() as Promise<SessionRow | undefined>,
    revoke: async (id: string) => changed(await db.deleteFrom('sessions').where('id_hash', '=', sha256(id)).executeTakeFirst()) === 1,
    /** Logs a person out everywhere: on password change, role change and disabling. */
    revokeAllOf: async (userId: string) => changed(await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()),
    purgeExpired: async (now = new Date()) => changed(await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).executeTakeFirst()),
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
