// One numbered history, two engines: migrations/NNN_name.sql for SQLite (where they always were, so
// the ids and checksums existing databases recorded stay valid) and migrations/postgres/NNN_name.sql,
// its PostgreSQL twin. Both are recorded and checksummed the same way, in schema_migrations.
import { join } from 'node:path';
import type pg from 'pg';
import type { Db } from './connect.js';
import { migrate, readMigrations, refuseUnknownMigrations, type DB, type Migration } from './database.js';

export const POSTGRES_SUBDIR = 'postgres';

/** The SQLite and PostgreSQL histories; refuses when their ids differ (a twin was forgotten). */
export function readHistories(dir: string): { sqlite: Migration[]; postgres: Migration[] } {
  const sqlite = readMigrations(dir);
  let postgres: Migration[];
  try {
    postgres = readMigrations(join(dir, POSTGRES_SUBDIR));
  } catch {
    postgres = [];
  }
  const a = sqlite.map((m) => m.id);
  const b = postgres.map((m) => m.id);
  if (a.length !== b.length || a.some((id, i) => id !== b[i])) {
    const missing = [...a.filter((id) => !b.includes(id)).map((id) => `${POSTGRES_SUBDIR}/${id}.sql`), ...b.filter((id) => !a.includes(id)).map((id) => `${id}.sql`)];
    throw new Error(`the SQLite and PostgreSQL migrations differ; every migration needs both files. Missing: ${missing.join(', ')}`);
  }
  return { sqlite, postgres };
}

/** Applies what is not yet applied, on either engine; returns the ids it ran. */
export async function migrateDb(db: Db, dir: string): Promise<string[]> {
  const histories = readHistories(dir);
  if (db.engine === 'sqlite') {
    const ran = migrate(db.sqlite, dir);
    optimizeSqlite(db.sqlite, true);
    return ran;
  }
  return migratePostgres(db.pool, histories.postgres);
}

// Any fixed number: the lock only has to be the same for every instance of this app. The schema name
// goes into the key so that apps in separate schemas of one database (the tests) do not wait on each other.
const LOCK_NAMESPACE = 'zelftoets:migrate:';

/**
 * Under a session advisory lock, so that instances starting together migrate once: the second waits,
 * then finds everything recorded. Each migration runs in its own transaction with its record (DDL is
 * transactional in PostgreSQL), so a failing one leaves nothing half-applied.
 */
export async function migratePostgres(pool: pg.Pool, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const ran: string[] = [];
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext($1 || current_schema()))`, [LOCK_NAMESPACE]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id TEXT PRIMARY KEY,
        checksum TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )`);
      const { rows } = await client.query<{ id: string; checksum: string }>('SELECT id, checksum FROM schema_migrations');
      const applied = new Map(rows.map((r) => [r.id, r.checksum]));
      refuseUnknownMigrations(applied.keys(), migrations);
      for (const m of migrations) {
        const known = applied.get(m.id);
        if (known !== undefined) {
          if (known !== m.checksum) throw new Error(`migration ${m.id} was changed after it was applied; add a new migration instead`);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (id, checksum, applied_at) VALUES ($1, $2, $3)', [m.id, m.checksum, new Date().toISOString()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        ran.push(m.id);
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1 || current_schema()))`, [LOCK_NAMESPACE]);
    }
  } finally {
    client.release();
  }
  return ran;
}

/**
 * SQLite's planner statistics, as its documentation advises for long-lived connections: at open over
 * every table, then periodically (housekeeping) where they went stale. Without them it guessed join
 * orders badly on the assessor list. analysis_limit keeps each ANALYZE to a sample, milliseconds on any size.
 */
export function optimizeSqlite(sqlite: DB, atOpen = false): void {
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma(atOpen ? 'optimize = 0x10002' : 'optimize');
  forgetEmptyIndexStatistics(sqlite);
}

/**
 * An index analysed while empty keeps "0 rows" as its statistic until its table's row count changes
 * tenfold, and the planner then prefers it to any other, a primary key included. The programme
 * indexes are partial (migration 022): on a database analysed before anything was shared, they kept
 * "0" while filling up, and the assessor list looked each listed attempt's team up by scanning the
 * programme instead of by id (34 pages/s instead of 700 at 10,000 submissions). Without a statistic the
 * planner assumes a large index, and a unique key wins, as on a new database.
 */
function forgetEmptyIndexStatistics(sqlite: DB): void {
  if (!sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").get()) return;
  const forgotten = sqlite.prepare("DELETE FROM sqlite_stat1 WHERE idx IS NOT NULL AND (stat = '0' OR stat LIKE '0 %')").run().changes;
  // Statistics are read when the schema is loaded; this makes the planner read them again.
  if (forgotten) sqlite.exec('ANALYZE sqlite_schema');
}
