// npm run backup -- <file> [--db <database>] [--force]
// Copies the database while the app keeps running, checks the copy, and only then gives it its name.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configFromEnv } from '../config.js';
import { isPostgresUrl } from '../db/connect.js';
import { backupPostgres } from '../db/pg-dump.js';

export interface BackupSummary {
  destination: string;
  bytes: number;
  responses: number;
  migrations: string[];
}

/** Checks a database file the way restore does: it opens, passes integrity_check and is one of ours. */
export function inspectDatabase(path: string): { responses: number; migrations: Array<{ id: string; checksum: string }> } {
  const db = new Database(path, { fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${path} fails PRAGMA integrity_check: ${String(integrity)}`);
    const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable('schema_migrations') || !hasTable('responses')) throw new Error(`${path} is not a Zelftoets database (no schema_migrations or responses table)`);
    const migrations = db.prepare('SELECT id, checksum FROM schema_migrations ORDER BY id').all() as Array<{ id: string; checksum: string }>;
    const { n } = db.prepare('SELECT count(*) AS n FROM responses').get() as { n: number };
    return { responses: n, migrations };
  } finally {
    db.close();
  }
}

/**
 * SQLite's online backup: the app may keep reading and writing meanwhile. All pages are copied in a
 * single step, so the copy is one consistent snapshot (a read transaction, which in WAL mode never
 * blocks the app's writes) instead of restarting whenever the app commits between small steps.
 * The copy is written under a temporary name and renamed only after it passed integrity_check, so a
 * file with the destination's name is always a complete, checked backup.
 */
export async function backupDatabase(source: string, destination: string, opts: { force?: boolean } = {}): Promise<BackupSummary> {
  source = resolve(source);
  destination = resolve(destination);
  if (source === destination) throw new Error('the backup must go to another file than the database');
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(destination) && !opts.force) throw new Error(`${destination} exists; choose a new name or pass --force to replace it`);
  if (!existsSync(dirname(destination))) throw new Error(`folder ${dirname(destination)} does not exist`);

  const partial = `${destination}.partial-${process.pid}`;
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial, { progress: () => 0x7fffffff });
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  try {
    const { responses, migrations } = inspectDatabase(partial);
    renameSync(partial, destination);
    return { destination, bytes: statSync(destination).size, responses, migrations: migrations.map((m) => m.id) };
  } catch (err) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
    throw err;
  }
}

export function parseArgs(argv: string[]): { positional: string[]; db: string; force: boolean; help: boolean } {
  const positional: string[] = [];
  let db = configFromEnv().databasePath;
  let force = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') force = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--db') {
      const value = argv[++i];
      if (!value) throw new Error('--db needs a path');
      db = resolve(value);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else positional.push(arg);
  }
  return { positional, db, force, help };
}

const USAGE = `usage: npm run backup -- [<file>] [--db <database>] [--force]
  Copies the SQLite database (DATABASE_PATH, default ./data/zelftoets.db) while the app runs and
  checks the copy. Without <file> it writes zelftoets-<time>.db next to the database.
  With DATABASE_URL=postgres://… it runs pg_dump (custom format) instead, to <file> or
  ./zelftoets-<time>.dump.`;

async function main() {
  const { positional, db, force, help } = parseArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const config = configFromEnv();
  if (isPostgresUrl(config.databaseUrl)) {
    const summary = backupPostgres(config.databaseUrl, positional[0] ?? resolve(`zelftoets-${stamp}.dump`), { force, schema: config.databaseSchema });
    console.log(`backup ok: ${summary.destination} (${summary.bytes} bytes, pg_dump custom format, ${summary.tables} tables; pg_restore --list ok)`);
    return;
  }
  const destination = positional[0] ?? resolve(dirname(db), `zelftoets-${stamp}.db`);
  const summary = await backupDatabase(db, destination, { force });
  console.log(`backup ok: ${summary.destination} (${summary.bytes} bytes, ${summary.responses} responses, migrations ${summary.migrations.join(', ')}; integrity_check ok)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`backup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
