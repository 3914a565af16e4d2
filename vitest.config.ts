import { configDefaults, defineConfig } from 'vitest/config';

// The second run (TEST_ENGINE=postgres, scripts/test-postgres.mjs) repeats every test that touches
// the database. Tests that never open one (pure functions, the scoring engine, client logic) prove
// nothing new on another engine and are not run twice.
const onPostgres = process.env.TEST_ENGINE === 'postgres';
const databaseFree = ['test/unit/**', 'test/fuzz/engine.fuzz.test.ts'];
// Files whose code has not yet moved to the engine-neutral data layer (issue 12, stage 2); each
// leaves this list as its repositories are converted, and the list then goes.
const notYetOnPostgres = [
  'test/api/api-keys.test.ts',
  'test/api/auth.test.ts',
  'test/api/authz-matrix.test.ts',
  'test/api/backup.test.ts',
  'test/api/checkpointer.test.ts',
  'test/api/cohort.test.ts',
  'test/api/crash.test.ts',
  'test/api/database-busy.test.ts',
  'test/api/embed.test.ts',
  'test/api/integration-creator.test.ts',
  'test/api/manager-accounts.test.ts',
  'test/api/programmes.test.ts',
  'test/api/report-features.test.ts',
  'test/api/response-deletion.test.ts',
  'test/api/responses.test.ts',
  'test/api/review-scoping.test.ts',
  'test/api/score.test.ts',
  'test/api/scoring-version.test.ts',
  'test/api/staff-pdf.test.ts',
  'test/api/static.test.ts',
  'test/api/webhook-queue.test.ts',
  'test/api/webhook-ssrf.test.ts',
  'test/api/webhooks.test.ts',
  'test/browser/embed.test.ts',
  'test/browser/report.test.ts',
  'test/browser/respondent.test.ts',
  'test/browser/staff.test.ts',
  'test/fuzz/routes.fuzz.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: onPostgres ? [...configDefaults.exclude, ...databaseFree, ...notYetOnPostgres] : configDefaults.exclude,
    environment: 'node',
    // Browser tests start Chromium; give them room on a 2-core machine without slowing the fast tests.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
