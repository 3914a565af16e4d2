// Table by table from an SQLite installation into PostgreSQL (npm run migrate-to-postgres): the order
// that satisfies the foreign keys, batched reads in key order, and the row-by-row comparison that
// proves the copy. Both engines hold the same columns with the same values (timestamps and JSON are
// text, REAL is DOUBLE PRECISION; server/db/schema.ts), so rows are copied as they are.
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import type { Schema } from './schema.js';

export interface TablePlan {
  name: keyof Schema;
  /** The primary key: the order batches are read in, and how a row is found on the other side. */
  key: string[];
  /** Rows per batch; small where one row can be large (a questionnaire snapshot is ~250 KB). */
  batch: number;
  /** The key is the hash of a secret (a session or a password link): messages show only its start. */
  secretKey?: true;
}

/**
 * Parents before children. schema_migrations is not copied: the migrations create it on PostgreSQL
 * (with the PostgreSQL twins' checksums), and the tool checks both sides hold the same ids.
 */
export const TABLES: TablePlan[] = [
  { name: 'questionnaire_snapshots', key: ['hash'], batch: 10 },
  { name: 'users', key: ['id'], batch: 200 },
  { name: 'programmes', key: ['id'], batch: 200 },
  { name: 'programme_members', key: ['programme_id', 'user_id'], batch: 200 },
  { name: 'programme_embed_origins', key: ['programme_id', 'origin'], batch: 200 },
  { name: 'responses', key: ['id'], batch: 200 },
  { name: 'share_links', key: ['id'], batch: 200 },
  { name: 'sessions', key: ['id_hash'], batch: 200, secretKey: true },
  { name: 'password_tokens', key: ['token_hash'], batch: 200, secretKey: true },
  { name: 'reviews', key: ['id'], batch: 200 },
  { name: 'audit_log', key: ['id'], batch: 200 },
  { name: 'response_scores', key: ['response_id'], batch: 200 },
  { name: 'api_keys', key: ['id'], batch: 200 },
  { name: 'webhooks', key: ['id'], batch: 200 },
  { name: 'webhook_deliveries', key: ['id'], batch: 200 },
  { name: 'mail_outbox', key: ['id'], batch: 200 },
  { name: 'answer_verdicts', key: ['response_id', 'programme_id', 'assessor_id', 'question_id'], batch: 200 },
  { name: 'clarification_threads', key: ['id'], batch: 200 },
  // Up to 5 MB a row.
  { name: 'clarification_files', key: ['id'], batch: 5 },
  { name: 'clarification_messages', key: ['id'], batch: 200 },
  { name: 'answer_revisions', key: ['response_id', 'number'], batch: 20 },
  { name: 'review_assignments', key: ['response_id', 'programme_id', 'assessor_id'], batch: 200 },
  { name: 'decisions', key: ['id'], batch: 200 },
  { name: 'startup_contacts', key: ['response_id'], batch: 200 },
  { name: 'startup_contact_tokens', key: ['token_hash'], batch: 200, secretKey: true },
  { name: 'reminders_sent', key: ['programme_id', 'deadline', 'days_before', 'recipient'], batch: 200 },
  { name: 'signing_keys', key: ['kid'], batch: 200 },
  { name: 'attestations', key: ['code'], batch: 200 },
  { name: 'plan_items', key: ['id'], batch: 200 },
  { name: 'peer_pool', key: ['response_id'], batch: 200 },
  { name: 'peer_pool_places', key: ['id'], batch: 200 },
  { name: 'cohort_places', key: ['programme_id', 'id', 'shared_at'], batch: 200 },
  // A document is ~250 KB. based_on points into the same table, so it is restored afterwards (linkPredecessors).
  { name: 'questionnaire_versions', key: ['id'], batch: 10 },
];

/**
 * What the instances keep between requests, not the installation's data (migration 008): print
 * tickets live two minutes, rate-limit counts one window, job leases one period. They are not copied;
 * on --replace they are emptied with the rest, as print tickets point at responses.
 */
export const INSTANCE_STATE: Array<keyof Schema> = ['print_tickets', 'rate_limit_hits', 'job_leases'];

type Row = Record<string, unknown>;

/**
 * The SQLite file, read-only, inside one read transaction: every batch sees the same snapshot while
 * the app may keep writing (WAL readers take no lock and block no writer).
 */
export function openSource(path: string) {
  if (!existsSync(path)) throw new Error(`no SQLite database at ${path}`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  // A deferred transaction takes its snapshot at the first read.
  db.prepare('SELECT count(*) FROM sqlite_master').get();
  return db;
}

export type Source = Database.Database;

export function sourceColumns(src: Source, table: string): string[] {
  return (src.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as Array<{ name: string }>).map((c) => c.name);
}

export function sourceCount(src: Source, table: string): number {
  return (src.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
}

/** The source's rows in key order, one batch at a time (keyset pagination: no offset to re-scan). */
export function* sourceBatches(src: Source, plan: TablePlan): Generator<Row[]> {
  const keys = plan.key.map((k) => `"${k}"`).join(', ');
  const first = src.prepare(`SELECT * FROM "${plan.name}" ORDER BY ${keys} LIMIT ?`);
  const next = src.prepare(`SELECT * FROM "${plan.name}" WHERE (${keys}) > (${plan.key.map(() => '?').join(', ')}) ORDER BY ${keys} LIMIT ?`);
  let rows = first.all(plan.batch) as Row[];
  while (rows.length) {
    yield rows;
    if (rows.length < plan.batch) return;
    const last = rows[rows.length - 1];
    rows = next.all(...plan.key.map((k) => last[k]), plan.batch) as Row[];
  }
}

const anyDb = (db: Kysely<Schema>) => db as unknown as Kysely<any>;

/** The target's rows with the keys of these source rows. */
export async function targetRowsFor(db: Kysely<Schema>, plan: TablePlan, rows: Row[]): Promise<Map<string, Row>> {
  if (!rows.length) return new Map();
  const tuples = sql.join(rows.map((r) => sql`(${sql.join(plan.key.map((k) => r[k]))})`));
  const found = await sql<Row>`SELECT * FROM ${sql.table(plan.name)} WHERE (${sql.join(plan.key.map((k) => sql.ref(k)))}) IN (${tuples})`.execute(db);
  return new Map(found.rows.map((r) => [keyOf(plan, r), r]));
}

export const keyOf = (plan: TablePlan, row: Row) => JSON.stringify(plan.key.map((k) => row[k]));

/** A row's key for a message an operator reads (and may paste into a ticket). */
export const describeKey = (plan: TablePlan, row: Row) =>
  plan.secretKey ? `${String(row[plan.key[0]]).slice(0, 8)}…` : plan.key.map((k) => String(row[k])).join(', ');

/**
 * Inserts one batch. A re-take points at its predecessor in the same table; PostgreSQL checks that
 * at once, in whatever order the rows come, so responses go in without the link and get it back
 * once all of them are there (linkPredecessors).
 */
export async function insertBatch(db: Kysely<Schema>, plan: TablePlan, rows: Row[]): Promise<void> {
  const values = plan.name === 'responses' ? rows.map((r) => ({ ...r, previous_response_id: null }))
    : plan.name === 'questionnaire_versions' ? rows.map((r) => ({ ...r, based_on: null })) : rows;
  try {
    await anyDb(db).insertInto(plan.name).values(values).execute();
  } catch (err) {
    throw new Error(`copying ${plan.name} failed in the rows from ${describeKey(plan, rows[0])} to ${describeKey(plan, rows[rows.length - 1])}: ${(err as Error).message}`, { cause: err });
  }
}

/** Restores the links insertBatch left out (re-takes, and the version a draft was based on), a batch at a time. */
export async function linkPredecessors(db: Kysely<Schema>, src: Source, batch = 500): Promise<number> {
  return await linkWithin(db, src, 'responses', 'previous_response_id', batch) + await linkWithin(db, src, 'questionnaire_versions', 'based_on', batch);
}

async function linkWithin(db: Kysely<Schema>, src: Source, table: 'responses' | 'questionnaire_versions', column: string, batch: number): Promise<number> {
  const page = src.prepare(`SELECT id, "${column}" AS prev FROM "${table}" WHERE "${column}" IS NOT NULL AND id > ? ORDER BY id LIMIT ?`);
  let after = '';
  let linked = 0;
  for (;;) {
    const rows = page.all(after, batch) as Array<{ id: string; prev: string }>;
    if (!rows.length) return linked;
    const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.prev})`));
    await sql`UPDATE ${sql.table(table)} AS r SET ${sql.ref(column)} = v.prev FROM (VALUES ${values}) AS v(id, prev) WHERE r.id = v.id`.execute(db);
    linked += rows.length;
    after = rows[rows.length - 1].id;
  }
}

/** The audit log's identity continues after the copied ids, so the next entry does not collide. */
export async function resetIdentity(db: Kysely<Schema>): Promise<void> {
  await sql`SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE((SELECT max(id) FROM audit_log), 1), (SELECT max(id) IS NOT NULL FROM audit_log))`.execute(db);
}

/**
 * The first column in which two rows differ, or null. Values must be equal in type and value: both
 * drivers return INTEGER, BIGINT and floating-point columns as numbers, text as strings and BLOB/BYTEA as Buffers.
 */
export function rowDifference(columns: string[], a: Row, b: Row): string | null {
  for (const c of columns) {
    const x = a[c];
    const y = b[c];
    // Files (BLOB / BYTEA) come back as Buffers from both drivers: equal by content.
    if (Buffer.isBuffer(x) && Buffer.isBuffer(y) ? !x.equals(y) : x !== y) return c;
  }
  return null;
}

export async function targetCount(db: Kysely<Schema>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0].n);
}
