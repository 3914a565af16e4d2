// The programme list's indexes (migration 022) hold the responses shared with a programme and no
// others: a test that is never shared (most of them, and every one at the moment it is submitted)
// costs them nothing when it is started or submitted. The list's and the cohort's query plans, which
// must still use them, are pinned in programmes.test.ts and cohort.test.ts.
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';
import * as tables from '../helpers/db.js';
import { createProgramme, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

let app: FastifyInstance;
vi.setConfig({ testTimeout: 60_000 });
afterEach(async () => {
  await app?.close();
});

const INDEXES = ['shared', 'name', 'goal', 'precondition', 'completeness', 'knockouts', 'status', 'area'].map((s) => `responses_programme_${s}`);

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
