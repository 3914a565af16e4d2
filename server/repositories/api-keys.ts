// Keys for the integration API, one programme each. The key is shown once; only its SHA-256 is kept
// (a 256-bit random key needs no slow hash), with a short prefix to tell keys apart in the list.
import { newId, newSecret, sha256 } from '../auth/tokens.js';
import { isBusy } from '../db/busy.js';
import type { DB } from '../db/database.js';

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

const COLUMNS = 'id, programme_id, name, prefix, created_by, created_at, last_used_at, revoked_at';

export function createApiKeyRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO api_keys (id, programme_id, name, key_hash, prefix, created_by, created_at)
     VALUES (@id, @programmeId, @name, @keyHash, @prefix, @createdBy, @now)`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE programme_id = ? ORDER BY created_at DESC, id LIMIT 200`);
  const byHash = db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`);
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND programme_id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?');

  return {
    create(input: { programmeId: string; name: string; createdBy: string | null }) {
      const id = newId();
      const key = API_KEY_PREFIX + newSecret();
      insert.run({ id, ...input, keyHash: sha256(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6), now: new Date().toISOString() });
      return { key, row: byId.get(id) as ApiKeyRow };
    },
    find: (id: string) => byId.get(id) as ApiKeyRow | undefined,
    list: (programmeId: string) => list.all(programmeId) as ApiKeyRow[],
    /** The active key with this value, if any; records its use (to the minute, to keep writes rare). */
    authenticate(key: string): ApiKeyRow | undefined {
      if (!API_KEY_PATTERN.test(key)) return undefined;
      const row = byHash.get(sha256(key)) as ApiKeyRow | undefined;
      if (row) {
        const now = new Date().toISOString();
        if (row.last_used_at?.slice(0, 16) !== now.slice(0, 16)) {
          // Bookkeeping only: a database locked by another process must not refuse the read itself.
          try {
            touch.run(now, row.id);
          } catch (err) {
            if (!isBusy(err)) throw err;
          }
        }
      }
      return row;
    },
    revoke: (programmeId: string, id: string) => revoke.run(new Date().toISOString(), id, programmeId).changes === 1,
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
