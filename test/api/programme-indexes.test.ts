// The programme list's indexes (migration 022) and the cohort figures' (023) hold the responses shared
// with a programme and no others: a test that is never shared (most of them, and every one at the moment it is submitted)
// costs them nothing when it is started or submitted. The list's and the cohort's query plans, which
// must still use them, are pinned in programmes.test.ts and cohort.test.ts; here, that SQLite's
// statistics of an index analysed while it was empty do not send the list's look-ups through it.
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';
import { optimizeSqlite } from '../../server/db/migrate.js';
import { submissionListQuery } from '../../server/repositories/programmes.js';
import * as tables from '../helpers/db.js';
import { ON_POSTGRES } from '../helpers/postgres.js';
import { createProgramme, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

let app: FastifyInstance;
vi.setConfig({ testTimeout: 60_000 });
afterEach(async () => {
  await app?.close();
});

const INDEXES = ['shared', 'name', 'goal', 'precondition', 'completeness', 'knockouts', 'status', 'area', 'cohort'].map((s) => `responses_programme_${s}`);

/** How many entries an index holds: SQLite's dbstat cells, PostgreSQL's count after VACUUM. */
async function entries(index: string): Promise<number> {
  if (tables.engineOf(app) === 'sqlite') {
    return tables.value<number>(app, "SELECT COALESCE(SUM(ncell), 0) FROM dbstat WHERE name = ? AND pagetype = 'leaf'", index);
  }
  return Number(await tables.value(app, 'SELECT reltuples::bigint FROM pg_class WHERE relname = $1', index));
}

it('index only the responses shared with a programme', async () => {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Call A', kind: 'subsidy' });
  const shared = await submittedResponse(app);
  await submittedResponse(app);
  await submittedResponse(app);
  const open = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } });
  expect(open.statusCode, open.body).toBe(201);
  await share(app, shared, p.joinCode, 'Fairhire');
  if (tables.engineOf(app) === 'postgres') await tables.exec(app, 'VACUUM responses');

  expect(Number(await tables.value(app, 'SELECT COUNT(*) FROM responses'))).toBe(4);
  for (const index of INDEXES) expect(await entries(index), index).toBe(1);
});

// SQLite's statistics only: PostgreSQL's autovacuum analyses a table as its rows change.
it.skipIf(ON_POSTGRES)('SQLite: statistics taken before anything was shared do not turn the list\'s look-ups by id into programme scans', async () => {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Call A', kind: 'subsidy' });
  const attempts = [await submittedResponse(app), await submittedResponse(app), await submittedResponse(app)];
  // Analysed while no test was shared: the programme indexes are empty ("0" rows).
  await tables.exec(app, 'ANALYZE');
  for (const [i, r] of attempts.entries()) await share(app, r, p.joinCode, `Team ${i}`);
  // At open and in housekeeping; the table's row count did not change, so nothing is analysed again.
  optimizeSqlite(tables.sqliteOf(app));
  const { sql, parameters } = submissionListQuery(app.database.kysely, { programmeId: p.id, limit: 25, offset: 0, sort: 'shared', direction: 'desc' }).compile();
  const plan = (await tables.rows<{ detail: string }>(app, `EXPLAIN QUERY PLAN ${sql}`, ...parameters)).map((r) => r.detail).join('\n');
  // The team's id and the attempt counts look each attempt of the team up by its id, not through the programme's index.
  for (const alias of ['r3', 'r5', 'r6']) expect(plan).toMatch(new RegExp(`SEARCH ${alias} USING INDEX sqlite_autoindex_responses_1 \\(id=\\?\\)`));
  expect(plan).toMatch(/SEARCH r USING COVERING INDEX responses_programme_shared \(programme_id=\? AND superseded_in_programme=\?\)/);
  expect((await app.staffRepos.programmes.listSubmissions({ programmeId: p.id, limit: 25, offset: 0, sort: 'shared', direction: 'desc' })).items).toHaveLength(3);
});
