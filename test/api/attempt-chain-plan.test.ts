// A response's earlier attempts are read on every report, export and submit. They must be found by
// walking the re-take chain, never by reading every response: with an inner join SQLite's planner
// scanned the whole table for each call (80 ms a report at 20,000 responses in the bench).
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { earlierAttemptsQuery } from '../../server/repositories/responses.js';
import * as tables from '../helpers/db.js';
import { bearer, staffApp, submittedResponse } from '../helpers/staff.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function retake(r: { id: string; token: string }, submit: boolean) {
  const next = (await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) })).json() as { id: string; token: string };
  if (submit) expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}

it('finds the submitted earlier attempts newest first, through the chain and not by scanning the responses', async () => {
  app = await staffApp();
  const first = await submittedResponse(app, { 'm-personal-data': { option: 'yes' } });
  const second = await retake(first, true);
  const third = await retake(second, false);
  // Unrelated responses the query must not touch.
  for (let i = 0; i < 3; i++) await submittedResponse(app, { 'm-personal-data': { option: 'no' } });

  const ids = async (id: string) => (await earlierAttemptsQuery(app.database.kysely, id).execute()).map((r) => r.id);
  expect(await ids(third.id)).toEqual([second.id, first.id]);
  expect(await ids(second.id)).toEqual([first.id]);
  expect(await ids(first.id)).toEqual([]);

  // SQLite's plan, before and after statistics: the outer join looks responses up by id.
  if (tables.engineOf(app) === 'sqlite') {
    const plan = async () => {
      const { sql, parameters } = earlierAttemptsQuery(app.database.kysely, third.id).compile();
      return (await tables.rows<{ detail: string }>(app, `EXPLAIN QUERY PLAN ${sql}`, ...parameters)).map((r) => r.detail).join('\n');
    };
    for (const when of ['fresh', 'analysed']) {
      if (when === 'analysed') await tables.exec(app, 'ANALYZE');
      const detail = await plan();
      expect(detail, when).not.toMatch(/SCAN r\b/);
      expect(detail, when).toMatch(/SEARCH r USING INDEX sqlite_autoindex_responses_1 \(id=\?\)/);
    }
  }
});
