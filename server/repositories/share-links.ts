import { randomBytes } from 'node:crypto';
import type { DB } from '../db/database.js';
import { hashToken } from './responses.js';

export interface ShareLinkRow {
  id: string;
  response_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export function createShareLinkRepository(db: DB) {
  const insert = db.prepare(
    'INSERT INTO share_links (id, response_id, token_hash, created_at, expires_at) VALUES (@id, @responseId, @tokenHash, @createdAt, @expiresAt)',
  );
  const byToken = db.prepare('SELECT * FROM share_links WHERE token_hash = ?');
  const byResponse = db.prepare('SELECT * FROM share_links WHERE response_id = ? ORDER BY created_at DESC');
  const revoke = db.prepare('UPDATE share_links SET revoked_at = ? WHERE id = ? AND response_id = ? AND revoked_at IS NULL');
  const byId = db.prepare('SELECT * FROM share_links WHERE id = ? AND response_id = ?');

  return {
    create(responseId: string, expiresAt: Date) {
      const id = randomBytes(12).toString('base64url');
      const token = randomBytes(32).toString('base64url');
      insert.run({ id, responseId, tokenHash: hashToken(token), createdAt: new Date().toISOString(), expiresAt: expiresAt.toISOString() });
      return { token, row: byId.get(id, responseId) as ShareLinkRow };
    },
    findByToken(token: string): ShareLinkRow | undefined {
      return byToken.get(hashToken(token)) as ShareLinkRow | undefined;
    },
    listFor(responseId: string): ShareLinkRow[] {
      return byResponse.all(responseId) as ShareLinkRow[];
    },
    /** Returns the link after revoking, or undefined when the response has no such link. */
    revoke(responseId: string, id: string): ShareLinkRow | undefined {
      revoke.run(new Date().toISOString(), id, responseId);
      return byId.get(id, responseId) as ShareLinkRow | undefined;
    },
  };
}

export type ShareLinkRepository = ReturnType<typeof createShareLinkRepository>;
