// The one place that opens a database: PostgreSQL when DATABASE_URL is set, else the SQLite file at
// DATABASE_PATH. Both are reached through Kysely (typed queries over server/db/schema.ts); the
// engine-specific handle stays available for what only that engine does (SQLite's group commit,
// write gate and checkpoints; PostgreSQL's pool).
import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openDatabase } from './database.js';
import type { Schema } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface SqliteDb {
  engine: 'sqlite';
  kysely: Kysely<Schema>;
  sqlite: SqliteHandle;
  close(): Promise<void>;
}

export interface PostgresDb {
  engine: 'postgres';
  kysely: Kysely<Schema>;
  pool: pg.Pool;
  /** The schema the app's tables live in (search_path); 'public' unless configured. */
  schema: string;
  close(): Promise<void>;
}

export type Db = SqliteDb | PostgresDb;

/** A Kysely instance or an open transaction on one: repositories take either. */
export type Executor = Kysely<Schema>;

export interface DbConfig {
  databaseUrl: string | null;
  databasePath: string;
  databaseSynchronous: 'NORMAL' | 'FULL';
  databasePoolSize?: number;
  databaseSchema?: string | null;
}

export const isPostgresUrl = (url: string | null | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url);

export function engineOf(config: Pick<DbConfig, 'databaseUrl'>): Engine {
  return isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
}

// Prepared statements are reused: Kysely's own SQLite driver prepares every query anew, which would
// cost every request a parse. The set of distinct statements is the app's code, so it stays small;
// the bound is a guard, not a tuning knob.
const STATEMENT_CACHE = 1000;

function withStatementCache(db: SqliteHandle) {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
        stmt = db.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/** SQLite through Kysely, on a connection opened (WAL, pragmas) as before. */
export function sqliteDb(sqlite: SqliteHandle): SqliteDb {
  const kysely = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    engine: 'sqlite',
    kysely,
    sqlite,
    // Kysely's destroy closes the handle.
    close: () => kysely.destroy(),
  };
}

// COUNT(*) and identity columns are int8, AVG is numeric: pg returns both as strings so as not to
// lose precision beyond 2^53. Our counts and ids never get near it, and SQLite returns numbers:
// parse them so both engines hand the code the same types. Per pool, not pg's global registry.
const INT8 = 20;
const NUMERIC = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function postgresPool(url: string, opts: { max?: number; schema?: string | null } = {}): pg.Pool {
  if (opts.schema && !SCHEMA_NAME.test(opts.schema)) throw new Error(`DATABASE_SCHEMA must be a plain lower-case identifier, got "${opts.schema}"`);
  return new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: pgTypes as pg.CustomTypesConfig,
    // Each connection looks in the app's schema first; the tests give every app its own.
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
}

export function postgresDb(pool: pg.Pool, schema = 'public'): PostgresDb {
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    kysely,
    pool,
    schema,
    // Kysely's destroy ends the pool.
    close: () => kysely.destroy(),
  };
}

export function openDb(config: DbConfig): Db {
  if (isPostgresUrl(config.databaseUrl)) {
    const schema = config.databaseSchema || null;
    return postgresDb(postgresPool(config.databaseUrl, { max: config.databasePoolSize, schema }), schema ?? 'public');
  }
  return sqliteDb(openDatabase(config.databasePath, config.databaseSynchronous));
}
