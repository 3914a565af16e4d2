// Request counts for the rate limits every instance must share (server/limits/rate-limit-store.ts):
// one row per key, counting in fixed windows. One upsert per request, so instances counting the
// same key at once never lose a hit: SQLite has one writer, PostgreSQL locks the row for the update.
import type { Kysely } from 'kysely';
import { changed } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';

export function createRateLimitRepository(db: Kysely<Schema>) {
  return {
    /** Counts one request for `key`; the hits in its window so far and when the window ends (ms). */
    async hit(key: string, windowMs: number, now = Date.now()): Promise<{ hits: number; resetsAt: number }> {
      const nowIso = new Date(now).toISOString();
      const row = await db.insertInto('rate_limit_hits')
        .values({ key, hits: 1, resets_at: new Date(now + windowMs).toISOString() })
        .onConflict((oc) => oc.column('key').doUpdateSet((eb) => {
          const over = eb('rate_limit_hits.resets_at', '<=', nowIso);
          return {
            hits: eb.case().when(over).then(1).else(eb('rate_limit_hits.hits', '+', 1)).end(),
            resets_at: eb.case().when(over).then(eb.ref('excluded.resets_at')).else(eb.ref('rate_limit_hits.resets_at')).end(),
          };
        }))
        .returning(['hits', 'resets_at']).executeTakeFirstOrThrow();
      return { hits: Number(row.hits), resetsAt: Date.parse(row.resets_at) };
    },
    purgeExpired: async (now = Date.now()) => changed(await db.deleteFrom('rate_limit_hits').where('resets_at', '<=', new Date(now).toISOString()).executeTakeFirst()),
  };
}

export type RateLimitRepository = ReturnType<typeof createRateLimitRepository>;
