// The assessor's list shows each team's latest attempt in the programme, read from a flag kept on the
// row (migration 021). Every way an attempt enters or leaves a programme, or gets its team late, must
// keep the flag equal to its definition: "no later attempt of the same team is shared with the same
// programme". Checked after each step against that definition, computed from scratch.
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';
import * as tables from '../helpers/db.js';
import { bearer, createProgramme, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

let app: FastifyInstance;
vi.setConfig({ testTimeout: 90_000 });
afterEach(async () => {
  await app?.close();
});

type Attempt = { id: string; token: string };

async function retake(r: Attempt): Promise<Attempt> {
  const next = (await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) })).json() as Attempt;
  expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}

/** The list's ids for a programme, and the definition's, which must agree. */
async function latest(programmeId: string): Promise<string[]> {
  const listed = (await app.staffRepos.programmes.listSubmissions({ programmeId, limit: 100, offset: 0, sort: 'shared', direction: 'asc' })).items.map((r) => r.id).sort();
  const defined = (await tables.rows<{ id: string }>(app, `SELECT r.id AS id FROM responses r LEFT JOIN response_scores s ON s.response_id = r.id
    WHERE r.programme_id = ? AND NOT EXISTS (SELECT 1 FROM response_scores s2 JOIN responses r2 ON r2.id = s2.response_id
      WHERE s2.team_id = s.team_id AND r2.programme_id = r.programme_id
        AND (s2.attempt > s.attempt OR (s2.attempt = s.attempt AND s2.response_id > s.response_id)))`, programmeId)).map((r) => r.id).sort();
  expect(listed).toEqual(defined);
  const count = await app.staffRepos.programmes.submissionCount(programmeId);
  expect(count).toBe(defined.length);
  return listed;
}

it('keeps each team\'s latest attempt per programme through shares, moves, withdrawals, deletions and late scores', async () => {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Call A', kind: 'subsidy' });
  const q = await createProgramme(app, admin, { name: 'Call B', kind: 'subsidy' });
  const first = await submittedResponse(app);
  const second = await retake(first);
  const third = await retake(second);
  const other = await submittedResponse(app);

  await share(app, first, p.joinCode, 'Fairhire');
  await share(app, other, p.joinCode, 'Lumen');
  expect(await latest(p.id)).toEqual([first.id, other.id].sort());
  await share(app, second, p.joinCode, 'Fairhire');
  expect(await latest(p.id)).toEqual([second.id, other.id].sort()); // the re-take replaces the first attempt
  await share(app, third, q.joinCode, 'Fairhire');
  expect(await latest(p.id)).toEqual([second.id, other.id].sort()); // another programme's share changes nothing here
  expect(await latest(q.id)).toEqual([third.id]);
  expect((await app.inject({ method: 'DELETE', url: `/api/responses/${second.id}/programme`, headers: bearer(second.token) })).statusCode).toBe(200);
  expect(await latest(p.id)).toEqual([first.id, other.id].sort()); // withdrawn: the first attempt is P's latest again
  await share(app, second, q.joinCode, 'Fairhire');
  expect(await latest(q.id)).toEqual([third.id]);
  expect((await app.inject({ method: 'DELETE', url: `/api/responses/${third.id}/programme`, headers: bearer(third.token) })).statusCode).toBe(200);
  expect(await latest(q.id)).toEqual([second.id]); // withdrawn: the earlier attempt is Q's latest
  expect((await app.inject({ method: 'DELETE', url: `/api/responses/${second.id}`, headers: bearer(second.token) })).statusCode).toBe(204);
  expect(await latest(q.id)).toEqual([]);
  expect(await latest(p.id)).toEqual([first.id, other.id].sort());

  // Scores stored late (a crash between submit and storing them, mended at start-up) join the team.
  const late = await retake(first);
  await share(app, late, p.joinCode, 'Fairhire');
  await tables.exec(app, 'DELETE FROM response_scores WHERE response_id = ?', late.id);
  await tables.exec(app, 'UPDATE responses SET superseded_in_programme = 0 WHERE programme_id = ?', p.id);
  const row = await app.repos.responses.find(late.id);
  const { score } = await import('../../core/scoring.js');
  const result = score((await app.repos.snapshots.get(row!.snapshot_hash))!, JSON.parse(row!.answers), app.catalog.values);
  await app.integration.valueScores.store(late.id, result);
  expect(await latest(p.id)).toEqual([late.id, other.id].sort());
});

it('migration 021 sets the flag of submissions shared before it from the same definition', async () => {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Call A', kind: 'subsidy' });
  const first = await submittedResponse(app);
  const second = await retake(first);
  const other = await submittedResponse(app);
  for (const [r, name] of [[first, 'Fairhire'], [second, 'Fairhire'], [other, 'Lumen']] as const) await share(app, r, p.joinCode, name);
  // As a database from before the migration: every row "latest".
  await tables.exec(app, 'UPDATE responses SET superseded_in_programme = 0');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = tables.engineOf(app) === 'sqlite' ? 'migrations' : 'migrations/postgres';
  const text = readFileSync(join(import.meta.dirname, '../..', dir, '021_latest_attempt_flag.sql'), 'utf8');
  const update = /UPDATE responses SET superseded_in_programme[\s\S]*?;/.exec(text)![0];
  await tables.exec(app, update);
  expect(await latest(p.id)).toEqual([second.id, other.id].sort());
});
