// Several apps on one database, as instances behind a load balancer would be: one SQLite file, or
// one PostgreSQL schema (each app with a pool of its own, so their queries really overlap). Tests call
// closeInstances() after each test: it closes every app made here and drops the schema.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../server/config.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from './postgres.js';
import { staffApp } from './staff.js';

const open: FastifyInstance[] = [];
let dropSchema: (() => Promise<void>) | null = null;

/** A database for several instances; kept after an instance closes, so another can open it. */
export async function sharedDatabase(): Promise<Partial<AppConfig>> {
  if (!ON_POSTGRES) return { databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-instances-')), 'shared.db') };
  const { schema, drop } = await freshSchema();
  dropSchema = drop;
  return { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, databasePoolSize: 4 };
}

/** One more instance on `where`, closed by closeInstances(). */
export async function instance(where: Partial<AppConfig>, overrides: Partial<AppConfig> = {}): Promise<FastifyInstance> {
  const app = await staffApp({ ...where, ...overrides });
  open.push(app);
  return app;
}

/** Closes an instance before the test ends (as a shutdown would); closeInstances() then skips it. */
export async function closeInstance(app: FastifyInstance) {
  open.splice(open.indexOf(app), 1);
  await app.close();
}

/** Two instances on a new shared database; `second` adds settings for the second one only. */
export async function twoInstances(overrides: Partial<AppConfig> = {}, second: Partial<AppConfig> = {}): Promise<[FastifyInstance, FastifyInstance]> {
  const where = await sharedDatabase();
  return [await instance(where, overrides), await instance(where, { ...overrides, ...second })];
}

export async function closeInstances() {
  for (const app of open.splice(0)) await app.close();
  await dropSchema?.();
  dropSchema = null;
}
