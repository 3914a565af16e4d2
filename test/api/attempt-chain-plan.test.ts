// A response's earlier attempts are read on every report, export and submit. They must be found by
// walking the re-take chain, never by reading every response: with an inner join SQLite's planner
// scanned the whole table for each call (80 ms a report at 20,000 responses in the bench).
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Db } from '../../server/db/connect.js';
import type { Schema } from '../../server/db/schema.js';
import { createResponseRepository, earlierAttemptsQuery } from '../../server/repositories/responses.js';
import { createValueScoreRepository } from '../../server/repositories/value-scores.js';
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
  const first = await submittedResponse(app, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } });
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

/** The same database as the app's, through a Kysely instance that records every statement it runs. */
function recording(app: FastifyInstance) {
  const statements: string[] = [];
  const dialect = app.database.engine === 'sqlite' ? new SqliteDialect({ database: app.database.sqlite }) : new PostgresDialect({ pool: app.database.pool });
  // Never destroyed: that would close the app's own handle or pool.
  const kysely = new Kysely<Schema>({ dialect, log: (e) => { if (e.level === 'query') statements.push(e.query.sql); } });
  return { kysely, statements };
}

it('walks no chain for a first attempt, the most common submit and report, and one step per earlier attempt otherwise', async () => {
  app = await staffApp();
  const first = await submittedResponse(app, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } });
  const second = await retake(first, true);
  const { kysely, statements } = recording(app);
  const result = { values: [], knockouts: [] };
  const team = (id: string) => tables.row<{ team_id: string; attempt: number }>(app, 'SELECT team_id, attempt FROM response_scores WHERE response_id = ?', id);

  const valueScores = createValueScoreRepository(kysely);
  await valueScores.store(first.id, result, { programmeId: null, previousResponseId: null });
  expect(statements.join('\n')).not.toMatch(/recursive|previous_response_id/i);
  expect(await team(first.id)).toEqual({ team_id: first.id, attempt: 1 });
  statements.length = 0;
  await valueScores.store(second.id, result, { programmeId: null, previousResponseId: first.id });
  expect(statements.join('\n')).not.toMatch(/recursive/i);
  expect(await team(second.id)).toEqual({ team_id: first.id, attempt: 2 });

  const responses = createResponseRepository({ ...app.database, kysely } as Db);
  statements.length = 0;
  expect(await responses.earlierAttempts({ id: first.id, previous_response_id: null })).toEqual([]);
  expect(statements).toEqual([]);
  expect((await responses.earlierAttempts({ id: second.id, previous_response_id: first.id })).map((r) => r.id)).toEqual([first.id]);
  // Without the row the chain is walked: the same answer.
  expect((await responses.earlierAttempts({ id: first.id })).map((r) => r.id)).toEqual([]);
  expect(statements.filter((s) => /recursive/i.test(s))).toHaveLength(2);
});
