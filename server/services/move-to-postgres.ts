// Moving an SQLite installation to PostgreSQL (npm run migrate-to-postgres; docs/operations.md,
// "Moving to PostgreSQL"). The copy and its proof run in one PostgreSQL transaction: it commits only
// when every row and every stored report is identical on both sides, so an interrupted or failed run
// leaves the target as it was, and running again simply starts again. A target this tool filled from
// the same source is verified again and left alone; a target holding anything else is refused.
import { sql, type Kysely } from 'kysely';
import { basename } from 'node:path';
import { sqliteDb, postgresDb, postgresPool, type PostgresDb, type SqliteDb } from '../db/connect.js';
import { migratePostgres, readHistories } from '../db/migrate.js';
import type { Schema } from '../db/schema.js';
import {
  INSTANCE_STATE, TABLES, describeKey, insertBatch, keyOf, linkPredecessors, openSource, resetIdentity, rowDifference, sourceBatches, sourceColumns, sourceCount,
  targetCount, targetRowsFor, type Source,
} from '../db/sqlite-copy.js';
import { loadCatalog, type Catalog } from '../questionnaires/catalog.js';
import { createReportService } from '../report/report-service.js';
import { createResponseRepository, type ResponseRow } from '../repositories/responses.js';
import { createSnapshotRepository } from '../repositories/snapshots.js';
import { createValueScoreRepository } from '../repositories/value-scores.js';

/** The audit entry that marks a target as filled by this tool (and from which file, when). */
export const COPY_MARK = 'system.copied-from-sqlite';

export class MoveRefused extends Error {}

export interface MoveOptions {
  /** The SQLite file to copy. */
  from: string;
  /** postgres://… and the schema to fill (null: the server's default, public). */
  databaseUrl: string;
  databaseSchema?: string | null;
  migrationsDir: string;
  questionnairesDir: string;
  /** Replace an earlier copy made by this tool (never other data). */
  replace?: boolean;
  log?: (line: string) => void;
}

export interface MoveSummary {
  /** copied: the target was filled now; verified: it held this source's copy already and still does. */
  outcome: 'copied' | 'verified';
  tables: Array<{ table: string; rows: number }>;
  reports: number;
  valueScores: number;
}

/** Tables an app start on PostgreSQL fills by itself, keyed by their content: never "other data". */
const ADDED_BY_START = new Set(['questionnaire_snapshots', 'signing_keys']);
/**
 * An app start also imports the shipped questionnaire files as published versions (created_by NULL):
 * not "other data" either, but their ids are random, so they are dropped before the copy brings the
 * source's own rows (which hold the same files, imported there).
 */
const IMPORTED_AT_START = sql<boolean>`created_by IS NULL AND based_on IS NULL AND status = 'published'`;

/** Every table, row by row: the same count and every source row identical in the target. */
async function compareTables(db: Kysely<Schema>, src: Source, log: (line: string) => void) {
  const tables: MoveSummary['tables'] = [];
  for (const plan of TABLES) {
    const columns = sourceColumns(src, plan.name);
    const expected = sourceCount(src, plan.name);
    let actual = await targetCount(db, plan.name);
    // The tool's own mark is in the target's audit log only.
    if (plan.name === 'audit_log') {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log WHERE actor_type = 'system' AND action = ${COPY_MARK}`.execute(db);
      actual -= Number(rows[0].n);
    }
    // An app started on PostgreSQL before the copy stored the questionnaires it loaded and published its
    // signing key; both are content-addressed (a hash of the text, a key's thumbprint), so extra ones are harmless.
    const fits = ADDED_BY_START.has(plan.name) || plan.name === 'questionnaire_versions' ? actual >= expected : actual === expected;
    if (!fits) throw new MoveRefused(`${plan.name}: ${expected} rows in SQLite, ${actual} in PostgreSQL`);
    for (const batch of sourceBatches(src, plan)) {
      const found = await targetRowsFor(db, plan, batch);
      for (const row of batch) {
        const other = found.get(keyOf(plan, row));
        if (!other) throw new MoveRefused(`${plan.name}: the row ${describeKey(plan, row)} is missing in PostgreSQL`);
        const column = rowDifference(columns, row, other);
        if (column) throw new MoveRefused(`${plan.name}: the row ${describeKey(plan, row)} differs in ${column}`);
      }
    }
    tables.push({ table: plan.name, rows: expected });
    log(`  ${plan.name}: ${expected} rows identical`);
  }
  return tables;
}

/**
 * Every submitted response's report, built by the app's own report service from each database, and
 * its stored per-value scores, read by the app's repository from each: the same JSON on both sides.
 */
async function compareReports(source: SqliteDb, target: PostgresDb, catalog: Catalog) {
  const side = (db: SqliteDb | PostgresDb) => {
    const responses = createResponseRepository(db, { ready: () => Promise.resolve() });
    return {
      responses,
      reports: createReportService({ catalog, responses, snapshots: createSnapshotRepository(db.kysely) }),
      valueScores: createValueScoreRepository(db.kysely),
    };
  };
  const a = side(source);
  const b = side(target);
  let reports = 0;
  let valueScores = 0;
  let after = '';
  for (;;) {
    const rows = await source.kysely.selectFrom('responses').selectAll().where('status', '=', 'submitted').where('id', '>', after)
      .orderBy('id').limit(100).execute() as ResponseRow[];
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const [storedA, storedB] = [await a.valueScores.valuesOf(ids), await b.valueScores.valuesOf(ids)];
    for (const row of rows) {
      const other = await b.responses.find(row.id);
      if (!other) throw new MoveRefused(`response ${row.id} is missing in PostgreSQL`);
      const [ra, rb] = [JSON.stringify(await a.reports.reportOf(row, row.locale)), JSON.stringify(await b.reports.reportOf(other, row.locale))];
      if (ra !== rb) throw new MoveRefused(`the report of response ${row.id} differs between SQLite and PostgreSQL`);
      reports++;
      if (JSON.stringify(storedA.get(row.id) ?? null) !== JSON.stringify(storedB.get(row.id) ?? null)) {
        throw new MoveRefused(`the stored value scores of response ${row.id} differ between SQLite and PostgreSQL`);
      }
      if (storedA.has(row.id)) valueScores++;
    }
    after = rows[rows.length - 1].id;
  }
  return { reports, valueScores };
}

/** The source must be at exactly this version's migrations: the copy goes into the same schema. */
function checkSourceMigrations(src: Source, dir: string) {
  const known = readHistories(dir).sqlite;
  const hasTable = src.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  const hasResponses = src.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'responses'`).get();
  if (!hasTable || !hasResponses) throw new MoveRefused('the source is not a Zelftoets database (no schema_migrations or responses table)');
  const applied = src.prepare('SELECT id, checksum FROM schema_migrations ORDER BY id').all() as Array<{ id: string; checksum: string }>;
  const unknown = applied.find((m) => !known.some((k) => k.id === m.id));
  if (unknown) throw new MoveRefused(`the source has migration ${unknown.id}, which this version does not know; copy it with the version that wrote it`);
  const changed = applied.find((m) => known.find((k) => k.id === m.id)!.checksum !== m.checksum);
  if (changed) throw new MoveRefused(`migration ${changed.id} in the source differs from migrations/${changed.id}.sql`);
  const missing = known.filter((k) => !applied.some((m) => m.id === k.id));
  if (missing.length) {
    throw new MoveRefused(`the source lacks migrations ${missing.map((m) => m.id).join(', ')}: start this version of the app on it once (it migrates at start-up), stop it, then copy`);
  }
}

/** A schema that holds tables but no schema_migrations belongs to something else. */
async function checkTargetIsOurs(pg: PostgresDb) {
  const { rows } = await pg.pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  const tables = rows.map((r) => r.table_name);
  if (tables.length && !tables.includes('schema_migrations')) {
    throw new MoveRefused(`the target schema holds other data (tables ${tables.slice(0, 10).join(', ')}${tables.length > 10 ? ', …' : ''}); copy into an empty database or schema`);
  }
}

export async function moveToPostgres(opts: MoveOptions): Promise<MoveSummary> {
  const log = opts.log ?? (() => {});
  const catalog = loadCatalog(opts.questionnairesDir);
  const src = openSource(opts.from);
  const source = sqliteDb(src);
  const target = postgresDb(postgresPool(opts.databaseUrl, { max: 2, schema: opts.databaseSchema ?? null }), opts.databaseSchema ?? 'public');
  try {
    checkSourceMigrations(src, opts.migrationsDir);
    await checkTargetIsOurs(target);
    const ran = await migratePostgres(target.pool, readHistories(opts.migrationsDir).postgres);
    if (ran.length) log(`migrations applied on PostgreSQL: ${ran.join(', ')}`);
    const { rows: recorded } = await target.pool.query<{ id: string }>('SELECT id FROM schema_migrations');
    const known = new Set(readHistories(opts.migrationsDir).postgres.map((m) => m.id));
    const newer = recorded.find((r) => !known.has(r.id));
    if (newer) throw new MoveRefused(`the target has migration ${newer.id}, which this version does not know`);

    return await target.kysely.transaction().execute(async (trx) => {
      // Two runs at once: the second waits here, then finds the first one's copy.
      await sql`SELECT pg_advisory_xact_lock(hashtext('zelftoets:migrate-to-postgres:' || current_schema()))`.execute(trx);
      const holding = [];
      for (const plan of TABLES) {
        if (plan.name === 'questionnaire_versions') {
          const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM questionnaire_versions WHERE NOT (${IMPORTED_AT_START})`.execute(trx);
          if (Number(rows[0].n) > 0) holding.push(plan.name);
        } else if (!ADDED_BY_START.has(plan.name) && (await targetCount(trx, plan.name)) > 0) holding.push(plan.name);
      }
      const mark = await trx.selectFrom('audit_log').select(['at', 'detail']).where('actor_type', '=', 'system').where('action', '=', COPY_MARK)
        .orderBy('id', 'desc').limit(1).executeTakeFirst();
      const onTrx: PostgresDb = { ...target, kysely: trx };
      if (holding.length && !mark) {
        throw new MoveRefused(`the target already holds data that this tool did not copy (${holding.join(', ')}); copy into an empty database or schema`);
      }
      if (holding.length && !opts.replace) {
        log(`the target holds a copy made by this tool at ${mark!.at}; verifying it against the source`);
        try {
          const tables = await compareTables(trx, src, log);
          const { reports, valueScores } = await compareReports(source, onTrx, catalog);
          return { outcome: 'verified' as const, tables, reports, valueScores };
        } catch (err) {
          if (!(err instanceof MoveRefused)) throw err;
          throw new MoveRefused(`the target holds a copy made by this tool at ${mark!.at} that no longer matches the source (${err.message}); `
            + 'the source or the target changed since. Pass --replace to discard that copy and copy again');
        }
      }
      if (holding.length) {
        log(`replacing the copy made at ${mark!.at}`);
        await sql`TRUNCATE ${sql.join([...TABLES.map((t) => t.name), ...INSTANCE_STATE].map((t) => sql.table(t)))} RESTART IDENTITY`.execute(trx);
      }

      await sql`DELETE FROM questionnaire_versions WHERE ${IMPORTED_AT_START}`.execute(trx);
      for (const plan of TABLES) {
        let rows = 0;
        for (const batch of sourceBatches(src, plan)) {
          // Snapshots and keys an app start already stored are the same content under the same key.
          if (ADDED_BY_START.has(plan.name)) {
            await (trx as unknown as Kysely<any>).insertInto(plan.name).values(batch).onConflict((oc) => oc.columns(plan.key as never).doNothing()).execute();
          } else {
            await insertBatch(trx, plan, batch);
          }
          rows += batch.length;
        }
        log(`  ${plan.name}: ${rows} rows copied`);
      }
      await linkPredecessors(trx, src);
      await resetIdentity(trx);
      log('verifying');
      const tables = await compareTables(trx, src, log);
      const { reports, valueScores } = await compareReports(source, onTrx, catalog);
      await trx.insertInto('audit_log').values({
        at: new Date().toISOString(), actor_type: 'system', actor_id: null, action: COPY_MARK, programme_id: null, response_id: null,
        detail: JSON.stringify({ source: basename(opts.from), rows: tables.reduce((n, t) => n + t.rows, 0), reports }),
      }).execute();
      return { outcome: 'copied' as const, tables, reports, valueScores };
    });
  } finally {
    await source.close();
    await target.close();
  }
}
