// Keys for the integration API, one programme each. The key is shown once; only its SHA-256 is kept
// (a 256-bit random key needs no slow hash), with a short prefix to tell keys apart in the list.
import { sql, type Kysely } from 'kysely';
import { newId, newSecret, sha256 } from '../auth/tokens.js';
import { isBusy } from '../db/busy.js';
import { changed, takeTurn } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { conflict } from '../errors.js';
import { CREATOR_COLUMNS, CREATOR_JOIN, type CreatorColumns } from './creators.js';

export const API_KEY_PREFIX = 'ztk_';
export const API_KEY_PATTERN = /^ztk_[A-Za-z0-9_-]{43}$/;
/** Active keys a programme may have: well under the 200 rows the list shows, so each can be seen (and revoked). */
export const MAX_ACTIVE_API_KEYS = 50;

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

const WITH_CREATOR = sql`SELECT t.id, t.programme_id, t.name, t.prefix, t.created_by, t.created_at, t.last_used_at, t.revoked_at, ${CREATOR_COLUMNS}
  FROM api_keys t ${CREATOR_JOIN}`;

export type ApiKeyWithCreator = ApiKeyRow & CreatorColumns;

export function createApiKeyRepository(db: Kysely<Schema>) {
  const byId = async (id: string) => (await sql<ApiKeyWithCreator>`${WITH_CREATOR} WHERE t.id = ${id}`.execute(db)).rows[0];

  return {
    /** A new key; 409 api-keys-full past MAX_ACTIVE_API_KEYS, counted in turns on the programme's row (from any instance). */
    async create(input: { programmeId: string; name: string; createdBy: string | null }) {
      const id = newId();
      const key = API_KEY_PREFIX + newSecret();
      await db.transaction().execute(async (trx) => {
        await takeTurn(trx, 'programmes', input.programmeId);
        const { n } = await trx.selectFrom('api_keys').select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('programme_id', '=', input.programmeId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
        if (Number(n) >= MAX_ACTIVE_API_KEYS) throw conflict('api-keys-full', `a programme has at most ${MAX_ACTIVE_API_KEYS} active API keys; revoke one first`);
        await trx.insertInto('api_keys').values({
          id, programme_id: input.programmeId, name: input.name, key_hash: sha256(key), prefix: key.slice(0, API_KEY_PREFIX.length + 6),
          created_by: input.createdBy, created_at: new Date().toISOString(),
        }).execute();
      });
      return { key, row: (await byId(id))! };
    },
    find: byId,
    /** Active keys first, so none drops out of the list behind revoked ones. */
    list: async (programmeId: string) =>
      (await sql<ApiKeyWithCreator>`${WITH_CREATOR} WHERE t.programme_id = ${programmeId}
        ORDER BY CASE WHEN t.revoked_at IS NULL THEN 0 ELSE 1 END, t.created_at DESC, t.id LIMIT 200`.execute(db)).rows,
    /** The unrevoked key with this value, if any, with who created it (whether it may act is the caller's rule). */
    async active(key: string): Promise<ApiKeyWithCreator | undefined> {
      if (!API_KEY_PATTERN.test(key)) return undefined;
      return (await sql<ApiKeyWithCreator>`${WITH_CREATOR} WHERE t.key_hash = ${sha256(key)} AND t.revoked_at IS NULL`.execute(db)).rows[0];
    },
    /** Records an accepted use, to the minute, to keep writes rare. */
    async used(row: ApiKeyRow) {
      const now = new Date().toISOString();
      if (row.last_used_at?.slice(0, 16) === now.slice(0, 16)) return;
      // Bookkeeping only: a database locked by another process must not refuse the read itself.
      try {
        await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
    },
    revoke: async (programmeId: string, id: string) =>
      changed(await db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() })
        .where('id', '=', id).where('programme_id', '=', programmeId).where('revoked_at', 'is', null).executeTakeFirst()) === 1,
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
