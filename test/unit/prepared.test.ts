// Prepared queries (server/db/prepared.ts): built and compiled once per dialect, run with each call's
// values, on the database and in its transactions alike; a value that would not become a parameter
// is refused when the query is first compiled instead of being frozen into its SQL.
import Database from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changed } from '../../server/db/dialect.js';
import { prepared, type Slots } from '../../server/db/prepared.js';
import type { Schema } from '../../server/db/schema.js';

let db: Kysely<Schema>;
let compiledSql: string[];
beforeEach(async () => {
  compiledSql = [];
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE signing_keys (kid TEXT PRIMARY KEY, public_jwk TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)');
  db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }), log: (e) => { if (e.level === 'query') compiledSql.push(e.query.sql); } });
});
afterEach(async () => {
  await db.destroy();
});

describe('prepared', () => {
  it('builds the query once and runs it with each call\'s values, reads and writes alike', async () => {
    let builds = 0;
    const insert = prepared((k, p: Slots<{ kid: string; at: string }>) => {
      builds++;
      return k.insertInto('signing_keys').values({ kid: p('kid'), public_jwk: '{}', created_at: p('at'), revoked_at: null }).onConflict((oc) => oc.doNothing());
    });
    const find = prepared((k, p: Slots<{ kid: string }>) => {
      builds++;
      return k.selectFrom('signing_keys').select(['kid', 'created_at']).where('kid', '=', p('kid'));
    });
    expect(changed(await insert(db, { kid: 'a', at: '2026-01-01' }))).toBe(1);
    expect(changed(await insert(db, { kid: 'b', at: '2026-01-02' }))).toBe(1);
    expect(changed(await insert(db, { kid: 'a', at: '2026-01-03' }))).toBe(0);
    expect((await find(db, { kid: 'b' })).rows).toEqual([{ kid: 'b', created_at: '2026-01-02' }]);
    expect((await find(db, { kid: 'a' })).rows).toEqual([{ kid: 'a', created_at: '2026-01-01' }]);
    expect((await find(db, { kid: 'c' })).rows).toEqual([]);
    expect(builds).toBe(2);
    // The constant stays in the SQL's parameters, the slots take each call's values.
    expect(new Set(compiledSql).size).toBe(2);
  });

  it('runs inside a transaction on the same compiled SQL and sees the transaction\'s own writes', async () => {
    let builds = 0;
    const insert = prepared((k, p: Slots<{ kid: string }>) => {
      builds++;
      return k.insertInto('signing_keys').values({ kid: p('kid'), public_jwk: '{}', created_at: 'now', revoked_at: null });
    });
    const count = async (k: Kysely<Schema>) => Number((await k.selectFrom('signing_keys').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await insert(db, { kid: 'outside' });
    await db.transaction().execute(async (trx) => {
      await insert(trx, { kid: 'inside' });
      expect(await count(trx)).toBe(2);
    });
    await expect(db.transaction().execute(async (trx) => {
      await insert(trx, { kid: 'rolled-back' });
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await count(db)).toBe(2);
    expect(builds).toBe(1);
  });

  it('compiles again for another dialect: each engine gets its own placeholders', async () => {
    const find = prepared((k, p: Slots<{ kid: string }>) => k.selectFrom('signing_keys').select('kid').where('kid', '=', p('kid')).where('revoked_at', 'is', null));
    // A pool that answers every query with no rows and records what it was sent.
    const sent: Array<{ sql: string; parameters: unknown[] }> = [];
    const client = { query: async (sql: string, parameters: unknown[]) => { sent.push({ sql, parameters }); return { command: 'SELECT', rowCount: 0, rows: [] }; }, release: () => {} };
    const onPostgres = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: { connect: async () => client, end: async () => {} } as never }) });
    expect(onPostgres.getExecutor().adapter).toBeInstanceOf(PostgresAdapter);
    await find(db, { kid: 'x' });
    await find(onPostgres, { kid: 'y' });
    await find(db, { kid: 'z' });
    expect(compiledSql).toEqual(Array(2).fill('select "kid" from "signing_keys" where "kid" = ? and "revoked_at" is null'));
    expect(sent).toEqual([{ sql: 'select "kid" from "signing_keys" where "kid" = $1 and "revoked_at" is null', parameters: ['y'] }]);
  });

  it('refuses a value that did not become a parameter, when first run', async () => {
    const unused = prepared((k, p: Slots<{ kid: string }>) => {
      p('kid');
      return k.selectFrom('signing_keys').select('kid');
    });
    await expect(unused(db, { kid: 'a' })).rejects.toThrow('prepared query: kid did not become parameters');
  });
});
