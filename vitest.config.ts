import { configDefaults, defineConfig } from 'vitest/config';

// The second run (TEST_ENGINE=postgres, scripts/test-postgres.mjs) repeats every test that touches
// the database. Tests that never open one (pure functions, the scoring engine, client logic) prove
// nothing new on another engine and are not run twice.
const onPostgres = process.env.TEST_ENGINE === 'postgres';
const databaseFree = ['test/unit/**', 'test/fuzz/engine.fuzz.test.ts'];
// What only SQLite has, so the PostgreSQL run has nothing to test there (each has its PostgreSQL
// counterpart elsewhere, or the concern does not exist on PostgreSQL):
const sqliteOnly = [
  // The WAL checkpoint worker; PostgreSQL checkpoints by itself.
  'test/api/checkpointer.test.ts',
  // SIGKILL during saves with the WAL on a file (synchronous=NORMAL); PostgreSQL's durability is its own.
  'test/api/crash.test.ts',
  // Another process holding SQLite's file lock (the write gate); PostgreSQL locks rows, not the database.
  'test/api/database-busy.test.ts',
  // The file backup/restore CLIs; PostgreSQL's go through pg_dump/pg_restore (test/api/backup-postgres.test.ts).
  'test/api/backup.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: onPostgres ? [...configDefaults.exclude, ...databaseFree, ...sqliteOnly] : configDefaults.exclude,
    environment: 'node',
    // Browser tests start Chromium; give them room on a 2-core machine without slowing the fast tests.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // expect.poll waits for background work (webhook and mail workers, a second instance, the browser).
    // Its 1 s default is a moment on a 2-core machine running both halves of the suite: under that load
    // a poll on a webhook's delivery state ran out although the delivery came. A longer wait costs
    // nothing when the condition holds, and a condition that never holds still fails.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
});
