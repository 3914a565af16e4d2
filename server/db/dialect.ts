// Where SQLite and PostgreSQL differ, one small helper per concern, so queries elsewhere are written
// once. Everything else (upserts with ON CONFLICT, RETURNING, INSERT … DO NOTHING, recursive CTEs)
// both engines understand as Kysely writes it.
import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Schema } from './schema.js';

export function onPostgres(db: Kysely<Schema>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Case-insensitive e-mail comparison. SQLite declares the column COLLATE NOCASE (a plain `=` ignores
 * case and uses the unique index); PostgreSQL has a unique index on lower(email), which this matches.
 */
export function emailEquals(db: Kysely<Schema>, column: 'email' | 'u.email', email: string): Expression<SqlBool> {
  return onPostgres(db) ? sql<SqlBool>`lower(${sql.ref(column)}) = lower(${email})` : sql<SqlBool>`${sql.ref(column)} = ${email}`;
}

/**
 * "Contains", ignoring case: SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE.
 * The needle's own % _ and \ are escaped, so they match literally.
 */
export function containsInsensitive(db: Kysely<Schema>, column: string, needle: string): Expression<SqlBool> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return onPostgres(db)
    ? sql<SqlBool>`${sql.ref(column)} ILIKE ${pattern} ESCAPE '\\'`
    : sql<SqlBool>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}

/** A unique constraint failed (optionally: on this column). */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  const e = err as { code?: unknown; message?: unknown; detail?: unknown; constraint?: unknown } | null;
  if (!e) return false;
  const sqlite = e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  const postgres = e.code === '23505';
  if (!sqlite && !postgres) return false;
  if (!column) return true;
  return [e.message, e.detail, e.constraint].some((s) => typeof s === 'string' && s.includes(column));
}

/**
 * PostgreSQL refused a text value it cannot store (a NUL character, from a path or query parameter:
 * JSON bodies refuse it earlier). Bad input, so a 400, not a 500.
 */
export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/** Rows a write changed, as a number, on either engine: from a builder's result or a prepared query's (db/prepared.ts). */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint; numInsertedOrUpdatedRows?: bigint; numAffectedRows?: bigint } | undefined): number {
  return Number(result?.numUpdatedRows ?? result?.numDeletedRows ?? result?.numInsertedOrUpdatedRows ?? result?.numAffectedRows ?? 0n);
}

/** The larger of two values: SQLite's two-argument MAX is PostgreSQL's GREATEST. */
export function greatest(db: Kysely<Schema>, a: Expression<unknown>, b: Expression<unknown>) {
  return onPostgres(db) ? sql`GREATEST(${a}, ${b})` : sql`MAX(${a}, ${b})`;
}

/**
 * Rows a claim may take: on PostgreSQL locked for this transaction and skipping rows another instance
 * is claiming right now; SQLite has one writer, which takes the database's lock before the inner read.
 */
export function skipLocked<QB extends { forUpdate(): QB; skipLocked(): QB }>(db: Kysely<Schema>, qb: QB): QB {
  return onPostgres(db) ? qb.forUpdate().skipLocked() : qb;
}

/** The row locked until the transaction ends (PostgreSQL); SQLite's writer holds the database already. */
export function forUpdate<QB extends { forUpdate(): QB }>(db: Kysely<Schema>, qb: QB): QB {
  return onPostgres(db) ? qb.forUpdate() : qb;
}

/**
 * Takes the turn of one response or programme: in a transaction, writes that count and then insert
 * under that row wait for each other, on any instance (PostgreSQL locks the row until the transaction
 * ends; SQLite has one writer, so there is nothing to take).
 */
export async function takeTurn(trx: Kysely<Schema>, table: 'responses' | 'programmes', id: string): Promise<void> {
  if (onPostgres(trx)) await trx.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
}

/**
 * Takes a named turn until the transaction ends, on any instance: a transaction-scoped advisory lock on
 * PostgreSQL, for writes that decide from rows no single row lock covers (a pool's or a programme's
 * release). SQLite has one writer, so there is nothing to take. Callers needing several take them in one
 * fixed order, so two transactions never wait for each other.
 */
export async function takeNamedTurn(trx: Kysely<Schema>, key: string): Promise<void> {
  if (onPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/**
 * A join whose order is fixed: SQLite's planner takes CROSS JOIN as "this table first" (it would
 * otherwise scan the larger table), PostgreSQL has no such hint (nor needs it) and joins as usual.
 */
export function orderedJoin(db: Kysely<Schema>) {
  return sql.raw(onPostgres(db) ? 'JOIN' : 'CROSS JOIN');
}

/**
 * A text column compared byte by byte on both engines, as SQLite compares it (PostgreSQL would follow
 * the database's collation, in which "a" < "B"): for ties broken by id, which must pick the same row
 * on both.
 */
export function bytewise(db: Kysely<Schema>, column: string) {
  return onPostgres(db) ? sql`${sql.ref(column)} COLLATE "C"` : sql.ref(column);
}

/**
 * A column as the ORDER BY of a list reads it, the same on both engines: text byte by byte, as SQLite
 * compares it (PostgreSQL would follow the database's collation, and a database made with a language's
 * collation puts "apple" before "Banana" and skips "_"); a NULL as the lowest value, as SQLite has it
 * (PostgreSQL's default is the highest). The PostgreSQL indexes that serve such an order are declared
 * the same way (migrations/postgres/025_list_order.sql), so the order still comes from the index.
 */
export function listOrder(db: Kysely<Schema>, column: string, text: boolean, dir: 'asc' | 'desc') {
  const ref = text && onPostgres(db) ? sql`${sql.ref(column)} COLLATE "C"` : sql.ref(column);
  return sql`${ref} ${sql.raw(dir === 'asc' ? 'ASC NULLS FIRST' : 'DESC NULLS LAST')}`;
}
