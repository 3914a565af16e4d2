import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/build.js';
import { defaultConfig, type AppConfig } from '../../server/config.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from './postgres.js';

export const ROOT = join(import.meta.dirname, '../..');
export const QUESTIONNAIRES = join(ROOT, 'questionnaires');

export function readFixture(name: string): any {
  return JSON.parse(readFileSync(join(ROOT, 'test/fixtures', name), 'utf8'));
}

/** A questionnaires folder with the real catalogues and schema, and the given questionnaire documents. */
export function fixtureDir(documents: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'zelftoets-q-'));
  for (const f of ['values.json', 'instruments.json', 'sources.json']) copyFileSync(join(QUESTIONNAIRES, f), join(dir, f));
  cpSync(join(QUESTIONNAIRES, 'schema'), join(dir, 'schema'), { recursive: true });
  for (const [file, doc] of Object.entries(documents)) writeFileSync(join(dir, file), JSON.stringify(doc, null, 2));
  return dir;
}

export function catalogValues() {
  return loadCatalog(fixtureDir({})).values;
}

/**
 * An app on a fresh, empty database: SQLite in memory, or with TEST_ENGINE=postgres a schema of its
 * own in TEST_DATABASE_URL's database, dropped when the app closes. A test that passes databasePath
 * wants a SQLite file (backup, crash, busy tests) and gets one on either run.
 */
export async function testApp(overrides: Partial<AppConfig> = {}) {
  const config = defaultConfig({
    databasePath: ':memory:',
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
    clientDir: null,
    rateLimitPerMinute: 0,
    ...overrides,
  });
  if (!ON_POSTGRES || overrides.databasePath !== undefined || overrides.databaseUrl !== undefined) return buildApp(config);
  const { schema, drop } = await freshSchema();
  let app;
  try {
    app = await buildApp({ ...config, databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, databasePoolSize: 4 });
  } catch (err) {
    await drop();
    throw err;
  }
  const close = app.close.bind(app);
  app.close = (async () => {
    await close();
    await drop();
  }) as typeof app.close;
  return app;
}
