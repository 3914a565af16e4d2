// Backup and restore on PostgreSQL: pg_dump's custom format and pg_restore, the tools operations
// people already use for a managed database. `npm run backup` / `npm run restore` come here when
// DATABASE_URL names PostgreSQL. Like the SQLite path, a backup gets its name only once it checked
// out, and a restore refuses to overwrite a database holding data without --force.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${tool} could not be run (${result.error.message}); install the PostgreSQL client tools`);
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return result.stdout;
}

/** What a dump holds, from pg_restore's table of contents: refuses a file that is not one of ours. */
export function inspectDump(file: string): { tables: string[] } {
  const list = run('pg_restore', ['--list', file]);
  const tables = [...list.matchAll(/^\d+; \d+ \d+ TABLE \S+ (\S+) /gm)].map((m) => m[1]);
  if (!tables.includes('schema_migrations') || !tables.includes('responses')) throw new Error(`${file} is not a Zelftoets dump (no schema_migrations or responses table)`);
  return { tables };
}

const schemaArgs = (schema: string | null) => (schema ? [`--schema=${schema}`] : []);

export function backupPostgres(url: string, destination: string, opts: { force?: boolean; schema?: string | null } = {}) {
  destination = resolve(destination);
  if (existsSync(destination) && !opts.force) throw new Error(`${destination} exists; choose a new name or pass --force to replace it`);
  if (!existsSync(dirname(destination))) throw new Error(`folder ${dirname(destination)} does not exist`);
  const partial = `${destination}.partial-${process.pid}`;
  try {
    // One snapshot (pg_dump reads in a single repeatable-read transaction); the app keeps running.
    run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', ...schemaArgs(opts.schema ?? null), `--file=${partial}`, `--dbname=${url}`]);
    const { tables } = inspectDump(partial);
    renameSync(partial, destination);
    return { destination, bytes: statSync(destination).size, tables: tables.length };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export async function restorePostgres(backup: string, url: string, opts: { force?: boolean; schema?: string | null } = {}) {
  backup = resolve(backup);
  if (!existsSync(backup)) throw new Error(`no backup at ${backup}`);
  inspectDump(backup);
  const pool = new pg.Pool({ connectionString: url, max: 1, ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}) });
  let responses: number | null = null;
  try {
    const { rows } = await pool.query<{ present: string | null }>(`SELECT to_regclass('responses')::text AS present`);
    if (rows[0].present) responses = Number((await pool.query('SELECT count(*) AS n FROM responses')).rows[0].n);
  } finally {
    await pool.end();
  }
  if (responses !== null && !opts.force) {
    throw new Error(`the database already holds a Zelftoets installation (${responses} responses); pass --force to replace it with the backup`);
  }
  // One transaction: a failing restore leaves the database as it was.
  run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', ...schemaArgs(opts.schema ?? null), `--dbname=${url}`, backup]);
  return { replaced: responses !== null };
}
