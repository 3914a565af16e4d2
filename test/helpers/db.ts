// Raw SQL in tests, on either engine: tests that look at or adjust stored rows directly (to expire a
// link, count audit entries…) write `?` placeholders once; on PostgreSQL they become $1, $2, ….
import { CompiledQuery } from 'kysely';
import type { FastifyInstance } from 'fastify';

function compile(app: FastifyInstance, text: string, params: unknown[]) {
  let n = 0;
  const query = app.database.engine === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
  return CompiledQuery.raw(query, params);
}

export async function rows<T = Record<string, unknown>>(app: FastifyInstance, text: string, ...params: unknown[]): Promise<T[]> {
  return (await app.database.kysely.executeQuery<T>(compile(app, text, params))).rows;
}

export async function row<T = Record<string, unknown>>(app: FastifyInstance, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await rows<T>(app, text, ...params))[0];
}

/** The first column of the first row (a count, an id). */
export async function value<T = unknown>(app: FastifyInstance, text: string, ...params: unknown[]): Promise<T> {
  const first = await row(app, text, ...params);
  return (first ? Object.values(first)[0] : undefined) as T;
}

/** A write; returns the rows it changed. */
export async function exec(app: FastifyInstance, text: string, ...params: unknown[]): Promise<number> {
  return Number((await app.database.kysely.executeQuery(compile(app, text, params))).numAffectedRows ?? 0n);
}

/** The engine under test, for the few tests that are engine-specific. */
export const engineOf = (app: FastifyInstance) => app.database.engine;

/** SQLite's own handle, for the tests of what only SQLite has (pragmas, WAL, the write lock). */
export function sqliteOf(app: FastifyInstance) {
  if (app.database.engine !== 'sqlite') throw new Error('this test needs SQLite');
  return app.database.sqlite;
}

/** The app's tables, on either engine. */
export async function tableNames(app: FastifyInstance): Promise<string[]> {
  const list = app.database.engine === 'postgres'
    ? await rows<{ name: string }>(app, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
    : await rows<{ name: string }>(app, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return list.map((t) => t.name);
}
