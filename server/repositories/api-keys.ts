// Keys for the integration API, one programme each. The key is shown once; only its SHA-256 is kept
// (a 256-bit random key needs no slow hash), with a short prefix to tell keys apart in the list.
import { newId, newSecret, sha256 } from '../auth/tokens.js';
import { isBusy } from '../db/busy.js';
import type { DB } from '../db/database.js';
import { CREATOR_COLUMNS, CREATOR_JOIN, type CreatorColumns } from './creators.js';

export const API_KEY_PREFIX = 'ztk_';
export const API_KEY_PATTERN = /^ztk_[A-Za-z0-9_-]{43}$/;

export interface ApiKeyRow {
  id: string;
  programme_id: string;
  name: string;
  prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const WITH_CREATOR = `SELECT t.id, t.programme_id, t.name, t.prefix, t.created_by, t.created_at, t.last_used_at, t.revoked_at, ${CREATOR_COLUMNS}
  FROM api_keys t ${CREATOR_JOIN}`;

export type ApiKeyWithCreator = ApiKeyRow & CreatorColumns;

export function createApiKeyRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO api_keys (id, programme_id, name, key_hash, prefix, created_by, created_at)
     VALUES (@id, @programmeId, @name, @keyHash, @prefix, @createdBy, @now)`,
  );
  const byId = db.prepare(`${WITH_CREATOR} WHERE t.id = ?`);
  const list = db.prepare(`${WITH_CREATOR} WHERE t.programme_id = ? ORDER BY t.created_at DESC, t.id LIMIT 200`);
  const byHash = db.prepare(`${WITH_CREATOR} WHERE t.key_hash = ? AND t.revoked_at IS NULL`);
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND programme_id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');

  return {
    create(input: { programmeId: string; name: string; createdBy: string | null }) {
      const id = newId();
      const key = API_KEY_PREFIX + newSecret();
      insert.run({ id, ...input, keyHash: sha256(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6), now: new Date().toISOString() });
      return { key, row: byId.get(id) as ApiKeyWithCreator };
    },
    find: (id: string) => byId.get(id) as ApiKeyWithCreator | undefined,
    list: (programmeId: string) => list.all(programmeId) as ApiKeyWithCreator[],
    /** The unrevoked key with this value, if any, with who created it (whether it may act is the caller's rule). */
    active(key: string): ApiKeyWithCreator | undefined {
      if (!API_KEY_PATTERN.test(key)) return undefined;
      return byHash.get(sha256(key)) as ApiKeyWithCreator | undefined;
    },
    /** Records an accepted use, to the minute, to keep writes rare. */
    used(row: ApiKeyRow) {
      const now = new Date().toISOString();
      if (row.last_used_at?.slice(0, 16) === now.slice(0, 16)) return;
      // Bookkeeping only: a database locked by another process must not refuse the read itself.
      try {
        touch.run(now, row.id);
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
    },
    revoke: (programmeId: string, id: string) => revoke.run(new Date().toISOString(), id, programmeId).changes === 1,
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
