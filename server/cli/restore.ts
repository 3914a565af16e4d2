// npm run restore -- <backup file> [--db <database>] [--force]
// Puts a backup in place of the database, but only after checking the backup, only while no process
// has the database open, and never by destroying the file it replaces.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, closeSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configFromEnv, defaultConfig } from '../config.js';
import { isPostgresUrl } from '../db/connect.js';
import { restorePostgres } from '../db/pg-dump.js';
import { readMigrations } from '../db/database.js';
import { inspectDatabase, parseArgs } from './backup.js';

export interface RestoreSummary {
  target: string;
  responses: number;
  /** Where the database that was replaced now lives; null when there was none. */
  replaced: string | null;
}

/**
 * True when another connection has the database open (the app running, or another tool). In WAL
 * mode every open connection holds a shared lock on the WAL index, so taking the exclusive locking
 * mode fails at once while anyone else is connected.
 */
export function databaseInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') || (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) return true;
    throw err;
  } finally {
    // Closing the last connection also folds a WAL left by a crash into the file, so it can be moved whole.
    db.close();
  }
}

function fsyncFile(path: string) {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function restoreDatabase(
  backup: string,
  target: string,
  opts: { force?: boolean; migrationsDir?: string } = {},
): RestoreSummary {
  backup = resolve(backup);
  target = resolve(target);
  if (backup === target) throw new Error('the backup and the database are the same file');
  if (!existsSync(backup)) throw new Error(`no backup at ${backup}`);

  // The backup must be whole and written by migrations this version knows; the app would refuse
  // to start on one with changed or unknown migrations, so refuse before touching anything.
  const { migrations } = inspectDatabase(backup);
  const known = new Map(readMigrations(opts.migrationsDir ?? defaultConfig().migrationsDir).map((m) => [m.id, m.checksum]));
  for (const m of migrations) {
    if (!known.has(m.id)) throw new Error(`the backup has migration ${m.id}, which this version does not know; restore it with the version that wrote it`);
    if (known.get(m.id) !== m.checksum) throw new Error(`migration ${m.id} in the backup differs from migrations/${m.id}.sql`);
  }

  if (databaseInUse(target)) throw new Error(`${target} is in use; stop the app (and anything else using the database) first`);
  if (existsSync(target) && !opts.force) throw new Error(`${target} exists; pass --force to replace it (it is kept as ${target}.replaced-<time>)`);

  mkdirSync(dirname(target), { recursive: true });
  const incoming = `${target}.restoring-${process.pid}`;
  copyFileSync(backup, incoming);
  fsyncFile(incoming);
  let restored;
  try {
    restored = inspectDatabase(incoming);
  } catch (err) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(incoming + suffix, { force: true });
    throw err;
  }

  let replaced: string | null = null;
  if (existsSync(target)) {
    replaced = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, replaced);
  }
  // Left by a crash of a process that is gone (databaseInUse folded their content in); they belong to
  // the replaced file and would be read as part of the restored one.
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(target + suffix)) renameSync(target + suffix, (replaced ?? `${target}.stale`) + suffix);
  }
  renameSync(incoming, target);
  return { target, responses: restored.responses, replaced };
}

const USAGE = `usage: npm run restore -- <backup file> [--db <database>] [--force]
  Puts a checked backup in place of the database (DATABASE_PATH, default ./data/zelftoets.db).
  Stop the app first; an existing database is replaced only with --force and kept as <database>.replaced-<time>.
  With DATABASE_URL=postgres://… the backup is a pg_dump file and pg_restore puts it in place, in
  one transaction; a database that holds an installation is replaced only with --force.`;

async function main() {
  const { positional, db, force, help } = parseArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return;
  }
  if (positional.length !== 1) throw new Error('name the backup file: npm run restore -- <backup file> [--db <database>] [--force]');
  const config = configFromEnv();
  if (isPostgresUrl(config.databaseUrl)) {
    const done = await restorePostgres(positional[0], config.databaseUrl, { force, schema: config.databaseSchema });
    console.log(`restore ok: pg_restore put ${positional[0]} in place${done.replaced ? ', replacing what the database held' : ''}`);
    return;
  }
  const summary = restoreDatabase(positional[0], db, { force });
  console.log(`restore ok: ${summary.target} now holds ${summary.responses} responses (integrity_check ok)`);
  if (summary.replaced) console.log(`the database it replaced is kept as ${summary.replaced}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`restore refused: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
