// npm run migrate-to-postgres -- --from ./data/zelftoets.db [--replace]   (DATABASE_URL=postgres://… set)
// Copies an SQLite installation into an empty PostgreSQL database and proves the copy (every row and
// every stored report identical); safe to run again. docs/operations.md, "Moving to PostgreSQL".
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { configFromEnv } from '../config.js';
import { isPostgresUrl } from '../db/connect.js';
import { moveToPostgres } from '../services/move-to-postgres.js';

const USAGE = `usage: DATABASE_URL=postgres://… npm run migrate-to-postgres -- --from <sqlite file> [--replace]
  Copies the SQLite installation into the PostgreSQL database DATABASE_URL names (schema
  DATABASE_SCHEMA, default public), creating its tables with the migrations, in one transaction that
  commits only when every row and every submitted response's report is identical on both sides.
  The source is only read (it may stay in use, but stop the app for the real move so nothing written
  after the copy is lost). Run again, it verifies the copy it made and changes nothing; a target
  holding other data is refused. --replace discards a copy this tool made earlier and copies again.`;

async function main(): Promise<number> {
  let values: { from?: string; replace?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, replace: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = configFromEnv();
  if (!values.from) {
    console.error(`name the SQLite file with --from\n${USAGE}`);
    return 2;
  }
  if (!isPostgresUrl(config.databaseUrl)) {
    console.error(`set DATABASE_URL to the PostgreSQL database to copy into\n${USAGE}`);
    return 2;
  }
  const summary = await moveToPostgres({
    from: resolve(values.from), databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema,
    migrationsDir: config.migrationsDir, questionnairesDir: config.questionnairesDir, replace: values.replace, log: (line) => console.log(line),
  });
  const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`${summary.outcome === 'copied' ? 'copied' : 'already copied; verified again'}: ${rows} rows in ${summary.tables.length} tables identical, `
    + `${summary.reports} reports and ${summary.valueScores} stored value scores identical on both sides`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then((code) => process.exit(code), (err) => {
    console.error(`migrate-to-postgres refused: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
