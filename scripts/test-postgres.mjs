// The suite's PostgreSQL half: runs vitest again with TEST_ENGINE=postgres against TEST_DATABASE_URL.
// `npm test` calls it with --if-configured, so without a PostgreSQL server the SQLite half is all
// that runs (and this says so); `npm run test:postgres` insists on one.
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  if (process.argv.includes('--if-configured')) {
    console.log('TEST_DATABASE_URL is not set: the PostgreSQL half of the suite was skipped (see README, Tests).');
    process.exit(0);
  }
  console.error('Set TEST_DATABASE_URL to a PostgreSQL database the tests may fill (scripts/pg-cluster.sh start prints one).');
  process.exit(1);
}
console.log('Running the suite again on PostgreSQL (TEST_ENGINE=postgres)…');
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2).filter((a) => a !== '--if-configured')], {
  stdio: 'inherit',
  env: { ...process.env, TEST_ENGINE: 'postgres' },
});
process.exit(run.status ?? 1);
