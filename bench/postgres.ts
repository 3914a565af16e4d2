// The bench's PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL when set, else a throw-away cluster from
// scripts/pg-cluster.sh (as `.ci/run` does for the tests), stopped afterwards. Every database the bench
// fills is a schema of its own (bench_<random>), dropped at the end, so pointing the bench at a
// database that holds other data leaves that data alone.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { isPostgresUrl } from '../server/db/connect.js';

export interface PostgresServer {
  url: string;
  /** Where the URL came from, for the table's heading. */
  source: string;
  newSchema(): Promise<string>;
  /** Drops the schemas this run made, and stops the cluster if the bench started it. */
  close(): Promise<void>;
}

/** A server to measure on, or the reason there is none (printed instead of the PostgreSQL column). */
export async function postgresServer(root: string): Promise<PostgresServer | { reason: string }> {
  const given = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let url: string;
  let source: string;
  let stopCluster = () => {};
  if (given) {
    if (!isPostgresUrl(given)) return { reason: `${process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'DATABASE_URL'} is not a postgres:// URL` };
    url = given;
    source = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'DATABASE_URL';
  } else {
    const script = join(root, 'scripts/pg-cluster.sh');
    const started = spawnSync(script, ['start'], { cwd: root, encoding: 'utf8' });
    const out = started.stdout?.trim().split('\n').at(-1) ?? '';
    if (started.status !== 0 || !isPostgresUrl(out)) {
      const why = (started.stderr || started.error?.message || '').trim().split('\n').at(-1);
      return { reason: `no BENCH_DATABASE_URL or DATABASE_URL, and scripts/pg-cluster.sh start failed: ${why || `exit ${started.status}`}` };
    }
    url = out;
    source = 'a throw-away cluster (scripts/pg-cluster.sh: fsync off)';
    stopCluster = () => void spawnSync(script, ['stop'], { cwd: root, stdio: 'ignore' });
  }
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await admin.query('SELECT 1');
  } catch (err) {
    await admin.end();
    stopCluster();
    return { reason: `PostgreSQL at ${source} does not answer: ${(err as Error).message}` };
  }
  const made: string[] = [];
  return {
    url,
    source,
    async newSchema() {
      const schema = `bench_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      made.push(schema);
      return schema;
    },
    async close() {
      try {
        for (const schema of made) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
        stopCluster();
      }
    },
  };
}
