import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readMigrations } from '../../server/db/database.js';
import { ROOT, testApp } from '../helpers/app.js';
import * as tables from '../helpers/db.js';
import { sqliteOf } from '../helpers/db.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await testApp();
});
afterEach(async () => {
  await app.close();
});

async function start(body: Record<string, unknown> = { questionnaireId: 'mini' }) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: body });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string; resumePath: string; response: any };
}
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('a respondent\'s response', () => {
  it('starts with an unguessable token that is stored only as a hash', async () => {
    const { id, token, resumePath, response } = await start();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resumePath).toBe(`/resume#${id}.${token}`);
    expect(response.status).toBe('open');
    const row = (await tables.row(app, 'SELECT * FROM responses WHERE id = ?', id)) as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('saves answers partially, any number of times, and merges them', async () => {
    const { id, token } = await start();
    let res = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-personal-data': { option: 'yes' } } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().revision).toBe(1);
    res = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-dpia': { option: 'partly', note: 'draft ready' } } } });
    expect(res.json().revision).toBe(2);
    res = await app.inject({ method: 'GET', url: `/api/responses/${id}`, headers: auth(token) });
    expect(res.json().answers).toEqual({ 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly', note: 'draft ready' } });
    // null removes an answer
    res = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-dpia': null } } });
    res = await app.inject({ method: 'GET', url: `/api/responses/${id}`, headers: auth(token) });
    expect(res.json().answers).toEqual({ 'm-personal-data': { option: 'yes' } });
  });

  it('refuses answers that do not fit the questionnaire, naming the question, and keeps what was stored', async () => {
    const { id, token } = await start();
    await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-personal-data': { option: 'yes' } } } });
    const cases: Array<[unknown, RegExp]> = [
      [{ 'no-such-question': { option: 'yes' } }, /no-such-question: unknown question/],
      [{ 'm-dpia': { option: 'maybe' } }, /m-dpia: unknown option "maybe"/],
      [{ 'm-security': { option: 'mfa' } }, /m-security: a multiple-choice question takes/],
      [{ 'm-retention': { notApplicable: true } }, /m-retention: this question does not allow "not applicable"/],
      [{ 'm-dpia': { option: 'done', text: 'x' } }, /m-dpia: an answer holds one of/],
      [{ 'm-dpia': { option: 5 } }, /body\/answers\/m-dpia\/option must be string/],
      [{ 'm-dpia': { option: 'done', extra: 1 } }, /must NOT have additional properties/],
      [{ 'm-dpia': { note: 'x'.repeat(4001) } }, /note must NOT have more than 4000 characters/],
    ];
    for (const [answers, message] of cases) {
      const res = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers } });
      expect(res.statusCode, JSON.stringify(answers)).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.json().message).toMatch(message);
    }
    const res = await app.inject({ method: 'GET', url: `/api/responses/${id}`, headers: auth(token) });
    expect(res.json().answers).toEqual({ 'm-personal-data': { option: 'yes' } });
    expect(res.json().revision).toBe(1);
  });

  it('locks on submit: a later edit or second submit gets 409', async () => {
    const { id, token } = await start({ questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'no' } } });
    const submitted = await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: auth(token) });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('submitted');
    expect(submitted.json().submittedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const edit = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-context': { text: 'late' } } } });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toMatch(/submitted/);
    const again = await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: auth(token) });
    expect(again.statusCode).toBe(409);
  });

  it('scores what it submits: a save landing between reading and submitting is scored, not the answers before it', async () => {
    const { id, token } = await start({ questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'done' } } });
    const repo = app.repos.responses;
    const submit = repo.submit.bind(repo);
    let saves = 0;
    // Another tab saves a knock-out answer just before this submit's first write.
    repo.submit = async (...args: Parameters<typeof submit>) => {
      if (saves++ === 0) {
        const saved = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-dpia': { option: 'none' } } } });
        expect(saved.statusCode).toBe(200);
      }
      return submit(...args);
    };
    const res = await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: auth(token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().answers['m-dpia']).toEqual({ option: 'none' });
    const row = await tables.row(app, 'SELECT knockout_count, answers FROM responses WHERE id = ?', id) as { knockout_count: number; answers: string };
    expect(JSON.parse(row.answers)['m-dpia']).toEqual({ option: 'none' });
    // The knock-out of the saved answer is in the stored scores, the report and the list's columns alike.
    expect(row.knockout_count).toBe(1);
    const report = (await app.inject({ url: `/api/responses/${id}/report`, headers: auth(token) })).json();
    expect(report.knockouts).toHaveLength(1);
  });

  it('submits nothing while answers keep changing, with 409 answers-changed', async () => {
    const { id, token } = await start({ questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } } });
    const repo = app.repos.responses;
    const submit = repo.submit.bind(repo);
    let n = 0;
    repo.submit = async (...args: Parameters<typeof submit>) => {
      await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-context': { text: `edit ${n++}` } } } });
      return submit(...args);
    };
    const res = await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: auth(token) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('answers-changed');
    const row = await tables.row(app, 'SELECT status, answers FROM responses WHERE id = ?', id) as { status: string; answers: string };
    expect(row.status).toBe('open');
    expect(JSON.parse(row.answers)['m-context']).toEqual({ text: `edit ${n - 1}` });
  });

  it('reports the score in the chosen language with knock-outs first and recommendations', async () => {
    const { id, token } = await start({
      questionnaireId: 'mini',
      answers: {
        'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'none', note: 'planned for Q3' },
        'm-security': { options: ['mfa'] }, 'm-energy': { option: 'yes' }, 'm-context': { text: 'A chatbot' },
      },
    });
    const nl = (await app.inject({ method: 'GET', url: `/api/responses/${id}/report`, headers: auth(token) })).json();
    expect(nl.locale).toBe('nl');
    expect(nl.knockouts).toEqual([expect.objectContaining({ question: 'm-dpia', option: 'none', message: 'Geen DPIA.', answer: 'Nee' })]);
    const privacy = nl.values.find((v: any) => v.id === 'privacy');
    expect(privacy).toMatchObject({ status: 'critical', name: 'Privacy en gegevensbescherming', score: 16.7 });
    expect(privacy.contributions.map((c: any) => [c.question, c.weight, c.score])).toEqual([['m-dpia', 2, 0], ['m-security', 1, 0.5]]);
    expect(nl.answers.find((a: any) => a.question === 'm-dpia').note).toBe('planned for Q3');
    const en = (await app.inject({ method: 'GET', url: `/api/responses/${id}/report?locale=en`, headers: auth(token) })).json();
    expect(en.values.find((v: any) => v.id === 'privacy').name).toBe('Privacy and data protection');
    expect(en.knockouts[0].message).toBe('No DPIA.');
  });

  it('shows a recommendation with its instruments for a weak value', async () => {
    const { id, token } = await start({ questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-retention': { option: 'dont-know' } } });
    const report = (await app.inject({ method: 'GET', url: `/api/responses/${id}/report?locale=en`, headers: auth(token) })).json();
    const privacy = report.values.find((v: any) => v.id === 'privacy');
    expect(privacy.status).toBe('insufficient'); // 100 × (2·0.5 + 0) / 3 = 33.3
    expect(privacy.score).toBe(33.3);
    expect(privacy.recommendation).toBeNull(); // the fixture only recommends for "attention"
    const { id: id2, token: token2 } = await start({ questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } } });
    const report2 = (await app.inject({ method: 'GET', url: `/api/responses/${id2}/report?locale=en`, headers: auth(token2) })).json();
    const rec = report2.values.find((v: any) => v.id === 'privacy').recommendation;
    expect(rec.step).toBe('Do a DPIA.');
    expect(rec.instruments[0]).toBe('dpia');
    expect(report2.instruments.dpia).toMatchObject({ name: expect.stringContaining('DPIA'), url: expect.any(String) });
  });

  it('refuses every route without the right token, and does not tell which ids exist', async () => {
    const { id, token } = await start();
    const other = await start();
    const routes = [
      ['GET', `/api/responses/${id}`], ['GET', `/api/responses/${id}/questionnaire`], ['GET', `/api/responses/${id}/report`],
      ['PATCH', `/api/responses/${id}/answers`], ['POST', `/api/responses/${id}/submit`], ['DELETE', `/api/responses/${id}`],
    ] as const;
    for (const [method, url] of routes) {
      const payload = method === 'PATCH' ? { answers: {} } : undefined;
      expect((await app.inject({ method, url, payload })).statusCode, `${method} ${url} anonymous`).toBe(401);
      expect((await app.inject({ method, url, payload, headers: auth(other.token) })).statusCode, `${method} ${url} other token`).toBe(404);
      expect((await app.inject({ method, url, payload, headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
      expect((await app.inject({ method, url: url.replace(id, 'A'.repeat(22)), payload, headers: auth(token) })).statusCode).toBe(404);
    }
    // Nothing happened to the response.
    const res = await app.inject({ method: 'GET', url: `/api/responses/${id}`, headers: auth(token) });
    expect(res.json()).toMatchObject({ status: 'open', revision: 0 });
  });

  it('deletes a response for the token holder', async () => {
    const { id, token } = await start();
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${id}`, headers: auth(token) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${id}`, headers: auth(token) })).statusCode).toBe(404);
  });

  it('refuses bad start requests with a 4xx naming the fault', async () => {
    const bad = [
      [{ questionnaireId: 'nope' }, 404, /no questionnaire "nope"/],
      [{}, 400, /questionnaireId/],
      [{ questionnaireId: 'mini', locale: 'de' }, 400, /locale/],
      [{ questionnaireId: 'mini', answers: { 'm-dpia': { option: 'x' } } }, 400, /m-dpia: unknown option/],
    ] as const;
    for (const [payload, status, message] of bad) {
      const res = await app.inject({ method: 'POST', url: '/api/responses', payload });
      expect(res.statusCode).toBe(status);
      expect(res.json().message).toMatch(message);
    }
    const notJson = await app.inject({ method: 'POST', url: '/api/responses', headers: { 'content-type': 'application/json' }, payload: '{"questionnaireId":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const tooBig = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', pad: 'x'.repeat(1024 * 1024) } });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().statusCode).toBe(413);
  });
});

describe('storage', () => {
  it('keeps acknowledged answers across a restart and reports against the stored snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-db-'));
    const databasePath = join(dir, 'z.db');
    const first = await testApp({ databasePath });
    const started = (await first.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    await first.inject({ method: 'PATCH', url: `/api/responses/${started.id}/answers`, headers: auth(started.token), payload: { answers: { 'm-personal-data': { option: 'no' } } } });
    await first.close();
    const second = await testApp({ databasePath });
    const res = await second.inject({ method: 'GET', url: `/api/responses/${started.id}`, headers: auth(started.token) });
    expect(res.json().answers).toEqual({ 'm-personal-data': { option: 'no' } });
    expect(sqliteOf(second).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqliteOf(second).pragma('foreign_keys', { simple: true })).toBe(1);
    // Every migration file ran exactly once, in order, and a second start ran none again.
    const recorded = ((await tables.rows(second, 'SELECT id FROM schema_migrations ORDER BY id')) as Array<{ id: string }>).map((r) => r.id);
    expect(recorded).toEqual(readMigrations(join(ROOT, 'migrations')).map((m) => m.id));
    expect(recorded[0]).toBe('001_responses');
    await second.close();
  });
});

describe('concurrent saves', () => {
  it('lose nothing when many saves of one response and of others land in the same moment', async () => {
    const app = await testApp();
    const a = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    const b = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    const saves = [
      ['m-personal-data', { option: 'yes' }], ['m-dpia', { option: 'done' }], ['m-retention', { option: 'yes' }],
      ['m-security', { options: ['mfa', 'backup'] }], ['m-energy', { notApplicable: true }], ['m-context', { text: 'x' }],
    ] as const;
    // All requests are in flight together, so they are written in shared transactions.
    const results = await Promise.all(saves.flatMap(([q, answer]) => [a, b].map((r) =>
      app.inject({ method: 'PATCH', url: `/api/responses/${r.id}/answers`, headers: { authorization: `Bearer ${r.token}` }, payload: { answers: { [q]: answer } } }))));
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200));
    for (const r of [a, b]) {
      const state = (await app.inject({ url: `/api/responses/${r.id}`, headers: { authorization: `Bearer ${r.token}` } })).json();
      expect(state.answers).toEqual(Object.fromEntries(saves));
      expect(state.revision).toBe(saves.length);
      // Every acknowledged revision is distinct: no save overwrote another.
    }
    const revisions = results.filter((_, i) => i % 2 === 0).map((r) => r.json().revision).sort((x, y) => x - y);
    expect(revisions).toEqual([1, 2, 3, 4, 5, 6]);
    await app.close();
  });
});

describe('the questionnaire of a response', () => {
  it('is the stored snapshot, byte for byte, even after the file changes', async () => {
    const app = await testApp();
    const { id, token } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    const res = await app.inject({ url: `/api/responses/${id}/questionnaire`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const hash = (await app.inject({ url: `/api/responses/${id}`, headers: { authorization: `Bearer ${token}` } })).json().questionnaire.hash;
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(res.body).digest('hex')).toBe(hash);
    expect(res.json().sections[0].questions[0].id).toBe('m-personal-data');
    await app.close();
  });
});
