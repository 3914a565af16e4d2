// The two migration histories must build the same database: same tables, columns (type, nullability,
// default), primary keys, unique keys, foreign keys, check constraints and indexes. Each engine is
// introspected from its own catalogue and brought to one normal form; the forms must be equal.
import Database from 'better-sqlite3';
import { mkdtempSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, postgresPool } from '../../server/db/connect.js';
import { migrate } from '../../server/db/database.js';
import { migrateDb, migratePostgres, readHistories } from '../../server/db/migrate.js';
import { ROOT } from '../helpers/app.js';
import { freshSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';

const MIGRATIONS = join(ROOT, 'migrations');

interface Column { type: string; notNull: boolean; default: string | null }
interface Table {
  columns: Record<string, Column>;
  primaryKey: string[];
  unique: string[];
  foreignKeys: string[];
  checks: number;
  indexes: string[];
}
type Shape = Record<string, Table>;

// SQLite's REAL is 8 bytes (PostgreSQL's DOUBLE PRECISION); its INTEGER is 8 bytes too, but only the
// audit log's id is declared BIGINT on PostgreSQL (rowid → identity); the others hold small numbers.
const TYPES: Record<string, string> = { text: 'text', integer: 'integer', bigint: 'integer', real: 'float8', 'double precision': 'float8', blob: 'bytes', bytea: 'bytes' };
const type = (t: string) => TYPES[t.toLowerCase()] ?? `?${t}`;
const normDefault = (d: string | null) => (d === null ? null : d.replace(/::[a-z ]+$/, ''));
const key = (cols: string[]) => cols.join(',');

function sqliteShape(db: Database.Database): Shape {
  const shape: Shape = {};
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; sql: string }>;
  for (const { name, sql } of tables) {
    const info = db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>;
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const columns: Record<string, Column> = {};
    // Primary-key columns never hold NULL (STRICT tables refuse it; PostgreSQL says NOT NULL).
    for (const c of info) columns[c.name] = { type: type(c.type), notNull: c.notnull === 1 || c.pk > 0, default: normDefault(c.dflt_value) };
    const unique: string[] = [];
    const indexes: string[] = [];
    for (const idx of db.prepare(`PRAGMA index_list("${name}")`).all() as Array<{ name: string; unique: number; origin: string; partial: number }>) {
      if (idx.origin === 'pk') continue;
      const cols = (db.prepare(`PRAGMA index_xinfo("${idx.name}")`).all() as Array<{ name: string | null; key: number; coll: string }>)
        .filter((c) => c.key === 1)
        .map((c) => (c.coll === 'NOCASE' ? `lower(${c.name})` : c.name!));
      // A partial index (WHERE …) is marked as such; its predicate is not compared.
      if (idx.partial) cols.push('partial');
      if (idx.unique) unique.push(key(cols));
      else indexes.push(`${idx.name}(${key(cols)})`);
    }
    const fks = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Array<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>;
    const byId = new Map<number, typeof fks>();
    for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
    const foreignKeys = [...byId.values()].map((parts) => {
      parts.sort((a, b) => a.seq - b.seq);
      return `(${key(parts.map((p) => p.from))})->${parts[0].table}(${key(parts.map((p) => p.to))}) on delete ${parts[0].on_delete.toLowerCase()}`;
    });
    const checks = (sql.match(/\bCHECK\s*\(/gi) ?? []).length;
    shape[name] = { columns, primaryKey, unique: unique.sort(), foreignKeys: foreignKeys.sort(), checks, indexes: indexes.sort() };
  }
  return shape;
}

const PG_ON_DELETE: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

async function postgresShape(pool: pg.Pool, schema: string): Promise<Shape> {
  const shape: Shape = {};
  const q = async <T extends pg.QueryResultRow>(text: string) => (await pool.query<T>(text, [schema])).rows;
  const tables = await q<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`);
  for (const { table_name } of tables) shape[table_name] = { columns: {}, primaryKey: [], unique: [], foreignKeys: [], checks: 0, indexes: [] };
  for (const c of await q<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
  )) {
    shape[c.table_name].columns[c.column_name] = { type: type(c.data_type), notNull: c.is_nullable === 'NO', default: normDefault(c.column_default) };
  }
  const constraints = await q<{ tbl: string; contype: string; cols: string[]; ref: string | null; refcols: string[] | null; confdeltype: string }>(`
    SELECT t.relname AS tbl, c.contype,
      ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS cols,
      r.relname AS ref,
      ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o)::text[] AS refcols,
      c.confdeltype
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class r ON r.oid = c.confrelid
    WHERE c.connamespace = $1::regnamespace`);
  for (const c of constraints) {
    const t = shape[c.tbl];
    if (c.contype === 'p') t.primaryKey = c.cols;
    else if (c.contype === 'u') t.unique.push(key(c.cols));
    else if (c.contype === 'c') t.checks++;
    else if (c.contype === 'f') t.foreignKeys.push(`(${key(c.cols)})->${c.ref}(${key(c.refcols!)}) on delete ${PG_ON_DELETE[c.confdeltype]}`);
  }
  // Indexes that no constraint owns: plain ones, and unique expression indexes (lower(email)).
  const indexes = await q<{ tbl: string; name: string; unique: boolean; def: string }>(`
    SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS unique, pg_get_indexdef(x.indexrelid) AS def
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = $1::regnamespace AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`);
  for (const i of indexes) {
    const partial = / WHERE /.test(i.def);
    // COLLATE "C" NULLS FIRST is how PostgreSQL spells the order SQLite's indexes keep anyway (bytes,
    // NULL lowest: server/db/dialect.ts, listOrder), so it is the same index.
    const cols = /\((.*)\)$/.exec(i.def.replace(/ WHERE .*$/, ''))![1].split(', ')
      .map((c) => c.replace(/^lower\((\w+)\)$/, 'lower($1)').replace(/ COLLATE "C"/, '').replace(/ NULLS FIRST$/, ''));
    if (partial) cols.push('partial');
    if (i.unique) shape[i.tbl].unique.push(key(cols));
    else shape[i.tbl].indexes.push(`${i.name}(${key(cols)})`);
  }
  for (const t of Object.values(shape)) {
    t.unique.sort();
    t.foreignKeys.sort();
    t.indexes.sort();
  }
  return shape;
}

describe('migrations for both engines', () => {
  it('have the same ids in the same order, and a start-up refuses when a twin is missing', () => {
    const { sqlite, postgres } = readHistories(MIGRATIONS);
    expect(postgres.map((m) => m.id)).toEqual(sqlite.map((m) => m.id));
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-mig-'));
    cpSync(MIGRATIONS, dir, { recursive: true });
    writeFileSync(join(dir, '999_only_sqlite.sql'), 'CREATE TABLE only_here (id TEXT PRIMARY KEY) STRICT;');
    expect(() => readHistories(dir)).toThrow(/postgres\/999_only_sqlite\.sql/);
    const db = openDb({ databaseUrl: null, databasePath: ':memory:', databaseSynchronous: 'NORMAL' });
    return expect(migrateDb(db, dir)).rejects.toThrow(/every migration needs both files/).finally(() => db.close());
  });

  it('refuse to start on a SQLite database a newer version migrated (an older app does not know that schema)', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    db.prepare('INSERT INTO schema_migrations (id, checksum, applied_at) VALUES (?, ?, ?)').run('999_from_the_future', 'x', new Date().toISOString());
    expect(() => migrate(db, MIGRATIONS)).toThrow(/999_from_the_future.*newer version/);
    db.close();
  });

  // Without a PostgreSQL server (TEST_DATABASE_URL) there is nothing to compare with: see README, Tests.
  describe.skipIf(!TEST_DATABASE_URL)('on PostgreSQL', () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups) await c();
    });

    async function migratedPool() {
      const { schema, drop } = await freshSchema();
      const pool = postgresPool(TEST_DATABASE_URL!, { schema, max: 3 });
      cleanups.push(async () => {
        await pool.end();
        await drop();
      });
      return { schema, pool };
    }

    it('build the same tables, columns, keys, constraints and indexes as on SQLite', async () => {
      const lite = new Database(':memory:');
      migrate(lite, MIGRATIONS);
      const expected = sqliteShape(lite);
      lite.close();
      const { schema, pool } = await migratedPool();
      await migratePostgres(pool, readHistories(MIGRATIONS).postgres);
      const actual = await postgresShape(pool, schema);
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const name of Object.keys(expected)) expect({ [name]: actual[name] }).toEqual({ [name]: expected[name] });
      // The comparison itself must see something: a shape with no indexes or checks would pass vacuously.
      expect(expected.responses.indexes.length).toBeGreaterThan(5);
      expect(expected.responses.checks).toBeGreaterThan(2);
      expect(expected.users.unique).toEqual(['lower(email)']);
    });

    it('migrate once when two instances start together, and record ids and checksums', async () => {
      const { pool } = await migratedPool();
      const other = postgresPool(TEST_DATABASE_URL!, { schema: (await pool.query('SELECT current_schema() AS s')).rows[0].s, max: 2 });
      try {
        const history = readHistories(MIGRATIONS).postgres;
        const [a, b] = await Promise.all([migratePostgres(pool, history), migratePostgres(other, history)]);
        expect([...a, ...b].sort()).toEqual(history.map((m) => m.id));
        const recorded = (await pool.query('SELECT id, checksum FROM schema_migrations ORDER BY id')).rows;
        expect(recorded).toEqual(history.map((m) => ({ id: m.id, checksum: m.checksum })));
        expect(await migratePostgres(other, history)).toEqual([]);
      } finally {
        await other.end();
      }
    });

    it('refuse to start when an applied migration was changed', async () => {
      const { pool } = await migratedPool();
      const history = readHistories(MIGRATIONS).postgres;
      await migratePostgres(pool, history);
      const edited = history.map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
      await expect(migratePostgres(pool, edited)).rejects.toThrow(/001_responses was changed/);
    });

    it('refuse to start on a database a newer version migrated', async () => {
      const { pool } = await migratedPool();
      const history = readHistories(MIGRATIONS).postgres;
      await migratePostgres(pool, history);
      await pool.query('INSERT INTO schema_migrations (id, checksum, applied_at) VALUES ($1, $2, $3)', ['999_from_the_future', 'x', new Date().toISOString()]);
      await expect(migratePostgres(pool, history)).rejects.toThrow(/999_from_the_future.*newer version/);
    });
  });
});
