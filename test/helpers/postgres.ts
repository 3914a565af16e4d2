// PostgreSQL for the tests: TEST_DATABASE_URL names a database (scripts/pg-cluster.sh start makes a
// throw-away one); every app or test gets a schema of its own in it, dropped afterwards, so test files
// running in parallel never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;
/** The suite's second run: `TEST_ENGINE=postgres` puts every test app on PostgreSQL. */
export const ON_POSTGRES = process.env.TEST_ENGINE === 'postgres';

if (ON_POSTGRES && !TEST_DATABASE_URL) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL (see README, Tests)');

let admin: pg.Pool | null = null;
function adminPool(): pg.Pool {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  admin ??= new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2, allowExitOnIdle: true });
  return admin;
}

/** A new, empty schema; returns its name and a function that drops it with everything in it. */
export async function freshSchema(): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(8).toString('hex')}`;
  await adminPool().query(`CREATE SCHEMA ${schema}`);
  return { schema, drop: async () => void (await adminPool().query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
}
