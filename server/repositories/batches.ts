// Filling a new column on rows that exist (the start-up backfills of search keys): in batches, so a
// large table is neither read at once nor written in one long transaction.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

/**
 * Reads up to `batch` rows still to do with `select`, writes each with `update` in one transaction per
 * batch (one commit per batch, not per row), and stops after a short batch. `update` must make the row
 * no longer selected, or this would not end. Returns how many rows were written.
 */
export async function inBatches<R>(
  db: Kysely<Schema>, batch: number,
  select: (limit: number) => Promise<R[]>,
  update: (trx: Kysely<Schema>, row: R) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await select(batch);
    await db.transaction().execute(async (trx) => {
      for (const r of rows) await update(trx, r);
    });
    done += rows.length;
    if (rows.length < batch) return done;
  }
}
