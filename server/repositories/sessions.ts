// Server-side sessions: the cookie holds a random 256-bit id, the table only its SHA-256, so a copy
// of the database cannot be used to sign in. Deleting rows revokes sessions at once.
import { newSecret, sha256 } from '../auth/tokens.js';
import type { DB } from '../db/database.js';

export interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export function createSessionRepository(db: DB) {
  const insert = db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const byHash = db.prepare('SELECT * FROM sessions WHERE id_hash = ? AND expires_at > ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    create(userId: string, hours: number): { id: string; csrfToken: string; expiresAt: Date } {
      const id = newSecret();
      const csrfToken = newSecret();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + hours * 3600_000);
      insert.run(sha256(id), userId, csrfToken, now.toISOString(), expiresAt.toISOString());
      return { id, csrfToken, expiresAt };
    },
    find: (id: string, now = new Date()) => byHash.get(sha256(id), now.toISOString()) as SessionRow | undefined,
    revoke: (id: string) => remove.run(sha256(id)).changes === 1,
    /** Logs a person out everywhere: on password change, role change and disabling. */
    revokeAllOf: (userId: string) => removeForUser.run(userId).changes,
    purgeExpired: (now = new Date()) => removeExpired.run(now.toISOString()).changes,
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
