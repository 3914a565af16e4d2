// Serving questionnaire versions from the database (issue 17, items 1 and 5; docs/editor.md, "Serving
// versions"): new responses get the latest published version, open responses keep their snapshot until
// the respondent moves them, submitted ones never change, and every instance serves what one published.
// Runs on both engines (TEST_ENGINE=postgres).
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture } from '../helpers/app.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { createProgramme, createUser, login, signedIn, staffApp, TEST_HASH_COST, type Session } from '../helpers/staff.js';

const apps: FastifyInstance[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
  while (cleanups.length) await cleanups.pop()!();
});

const call = (app: FastifyInstance, s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: method === 'GET' ? s.read : s.write, ...(payload === undefined ? {} : { payload: payload as object }) });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function editors(app: FastifyInstance) {
  return { editor: (await signedIn(app, 'eva@example.org', 'editor')).session, second: (await signedIn(app, 'erik@example.org', 'editor')).session };
}

/** Draft (from a version, or a new questionnaire), submit, approve by the second editor, publish. */
async function publish(app: FastifyInstance, editor: Session, second: Session, start: object, change: (doc: any) => void) {
  const draft = (await call(app, editor, 'POST', '/api/editor/drafts', start)).json();
  change(draft.document);
  const saved = await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: draft.document, revision: draft.version.revision });
  expect(saved.json().faults).toEqual([]);
  const submitted = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/submit`);
  expect(submitted.statusCode).toBe(200);
  expect((await call(app, second, 'POST', `/api/editor/drafts/${draft.version.id}/approve`, { revision: submitted.json().version.revision })).statusCode).toBe(200);
  const published = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return published.json().version as { id: string; version: string; hash: string };
}

async function shippedMini(app: FastifyInstance, s: Session) {
  const versions = (await call(app, s, 'GET', '/api/editor/versions')).json().versions as { id: string; questionnaireId: string }[];
  return versions.find((v) => v.questionnaireId === 'mini')!.id;
}

/** Version 2: m-energy removed, option "pentest" and "dont-know" removed, the DPIA question reworded. */
function version2(doc: any) {
  const practice = doc.sections.find((s: any) => s.id === 'practice');
  practice.questions = practice.questions.filter((q: any) => q.id !== 'm-energy');
  const byId = (id: string) => practice.questions.find((q: any) => q.id === id);
  byId('m-security').options = byId('m-security').options.filter((o: any) => o.id !== 'pentest');
  byId('m-retention').options = byId('m-retention').options.filter((o: any) => o.id !== 'dont-know');
  byId('m-dpia').prompt = { nl: 'Heeft u een gegevensbeschermingseffectbeoordeling gedaan?', en: 'Did you do a data protection impact assessment?' };
}

const answers = {
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-security': { options: ['mfa', 'pentest'] },
  'm-retention': { option: 'dont-know' }, 'm-energy': { option: 'yes' }, 'm-context': { text: 'A chatbot' },
};

async function startResponse(app: FastifyInstance, questionnaireId = 'mini', body: object = { answers }) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; response: { questionnaire: { version: string; hash: string } } };
}
const stateOf = async (app: FastifyInstance, r: { id: string; token: string }) => (await app.inject({ url: `/api/responses/${r.id}`, headers: bearer(r.token) })).json();
const move = (app: FastifyInstance, r: { id: string; token: string }, payload: object = {}) =>
  app.inject({ method: 'POST', url: `/api/responses/${r.id}/move`, headers: bearer(r.token), payload });

describe('serving the latest published version', () => {
  it('gives new responses a published version at once; an open response keeps its snapshot until it moves', async () => {
    const app = await staffApp();
    apps.push(app);
    const { editor, second } = await editors(app);
    const before = await startResponse(app);
    expect(before.response.questionnaire.version).toBe('1.0.0');
    expect((await stateOf(app, before)).newerVersion).toBeNull();

    const v2 = await publish(app, editor, second, { from: await shippedMini(app, editor) }, version2);
    expect(v2.version).toBe('2.0.0');
    const listed = (await app.inject({ url: '/api/questionnaires?locale=en' })).json();
    expect(listed).toEqual([expect.objectContaining({ id: 'mini', version: '2.0.0', questionCount: 5 })]);
    expect((await app.inject({ url: '/api/questionnaires/mini' })).json().version).toBe('2.0.0');

    const after = await startResponse(app, 'mini', {});
    expect(after.response.questionnaire).toMatchObject({ version: '2.0.0', hash: v2.hash });
    // The snapshot row was written when it was published: the response's questionnaire is that document.
    const served = (await app.inject({ url: `/api/responses/${after.id}/questionnaire`, headers: bearer(after.token) })).json();
    expect(served.version).toBe('2.0.0');
    expect(JSON.stringify(served)).not.toContain('m-energy');
    expect((await stateOf(app, after)).newerVersion).toBeNull();

    // The older open response still answers against 1.0.0, and is told a newer version exists.
    const old = await stateOf(app, before);
    expect(old.questionnaire.version).toBe('1.0.0');
    expect(old.newerVersion).toEqual({ version: '2.0.0' });
    expect(JSON.stringify((await app.inject({ url: `/api/responses/${before.id}/questionnaire`, headers: bearer(before.token) })).json())).toContain('m-energy');
    const saved = await app.inject({ method: 'PATCH', url: `/api/responses/${before.id}/answers`, headers: bearer(before.token), payload: { answers: { 'm-energy': { option: 'no' } } } });
    expect(saved.statusCode, saved.body).toBe(200);

    const dry = await move(app, before, { dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const summary = dry.json();
    expect(summary).toMatchObject({ version: '2.0.0', dryRun: true });
    expect(summary.response).toBeUndefined();
    expect(summary.dropped).toEqual([
      { question: 'm-retention', prompt: { nl: 'Bewaartermijn vastgelegd?', en: 'Retention period set?' }, reason: 'options-removed' },
      { question: 'm-energy', prompt: expect.objectContaining({ en: expect.stringContaining('energy') }), reason: 'question-removed' },
    ]);
    expect(summary.changed).toEqual([
      { question: 'm-dpia', prompt: { nl: 'Heeft u een gegevensbeschermingseffectbeoordeling gedaan?', en: 'Did you do a data protection impact assessment?' }, reason: 'reworded' },
      { question: 'm-security', prompt: expect.any(Object), reason: 'options-removed' },
    ]);
    // A dry run changes nothing.
    expect((await stateOf(app, before)).questionnaire.version).toBe('1.0.0');

    const moved = await move(app, before);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ version: '2.0.0', dryRun: false, dropped: summary.dropped, changed: summary.changed });
    const now = await stateOf(app, before);
    expect(now.questionnaire).toMatchObject({ version: '2.0.0', hash: v2.hash });
    expect(now.newerVersion).toBeNull();
    expect(now.answers).toEqual({
      'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-security': { options: ['mfa'] }, 'm-context': { text: 'A chatbot' },
    });
    const again = await move(app, before);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('no-newer-version');
    // The report is now against 2.0.0 and can be submitted.
    expect((await app.inject({ method: 'POST', url: `/api/responses/${before.id}/submit`, headers: bearer(before.token), payload: {} })).statusCode).toBe(200);
  });

  it('moves only as the dry run said: a version published since, or an answer since to a question the move drops, is refused and nothing moves', async () => {
    const app = await staffApp();
    apps.push(app);
    const { editor, second } = await editors(app);
    const r = await startResponse(app, 'mini', { answers: { 'm-personal-data': { option: 'yes' } } });
    const v11 = await publish(app, editor, second, { from: await shippedMini(app, editor) }, (doc) => {
      doc.sections.find((x: any) => x.id === 'practice').questions.find((q: any) => q.id === 'm-dpia').help = { nl: 'Een DPIA.', en: 'A DPIA.' };
    });
    const dry = (await move(app, r, { dryRun: true })).json();
    expect(dry).toMatchObject({ version: v11.version, dropped: [] });
    const seen = { version: dry.version, dropped: [] };

    // An answer given after the look, to a question the next version removes, which is published meanwhile.
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${r.id}/answers`, headers: bearer(r.token), payload: { answers: { 'm-energy': { option: 'yes' } } } })).statusCode).toBe(200);
    const v2 = await publish(app, editor, second, { from: v11.id }, version2);
    const refused = await move(app, r, { seen });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().code).toBe('move-preview-stale');
    expect((await stateOf(app, r)).questionnaire.version).toBe('1.0.0');
    expect((await stateOf(app, r)).answers['m-energy']).toEqual({ option: 'yes' });

    // Looked at again, it moves as shown.
    const again = (await move(app, r, { dryRun: true })).json();
    expect(again.version).toBe(v2.version);
    expect(again.dropped.map((d: { question: string }) => d.question)).toContain('m-energy');
    const moved = await move(app, r, { seen: { version: again.version, dropped: again.dropped.map((d: { question: string }) => d.question) } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await stateOf(app, r)).questionnaire.version).toBe(v2.version);
  });

  it('never moves a submitted response: its report stays as it was', async () => {
    const app = await staffApp();
    apps.push(app);
    const { editor, second } = await editors(app);
    const r = await startResponse(app);
    expect((await app.inject({ method: 'POST', url: `/api/responses/${r.id}/submit`, headers: bearer(r.token), payload: {} })).statusCode).toBe(200);
    const report = (await app.inject({ url: `/api/responses/${r.id}/report?locale=en`, headers: bearer(r.token) })).json();
    await publish(app, editor, second, { from: await shippedMini(app, editor) }, version2);
    expect((await stateOf(app, r)).newerVersion).toBeNull();
    for (const payload of [{}, { dryRun: true }]) {
      const res = await move(app, r, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ statusCode: 409, code: 'response-submitted' });
    }
    const still = (await app.inject({ url: `/api/responses/${r.id}/report?locale=en`, headers: bearer(r.token) })).json();
    expect(still.questionnaire.version).toBe('1.0.0');
    expect(still.answers).toEqual(report.answers);
  });

  it('offers a new area published in the editor, with the title of its document; a retired version is no longer offered', async () => {
    const app = await staffApp();
    apps.push(app);
    const { editor, second } = await editors(app);
    const bio = await publish(app, editor, second, { questionnaireId: 'bio', area: 'bio' }, (doc) => {
      doc.title = { nl: 'Biotechnologie', en: 'Biotechnology' };
    });
    expect(bio.version).toBe('1.0.0');
    const listed = (await app.inject({ url: '/api/questionnaires?locale=nl' })).json();
    expect(listed.map((q: any) => [q.id, q.area, q.title])).toEqual([['bio', 'bio', 'Biotechnologie'], ['mini', 'ai', expect.any(String)]]);
    expect(listed[0]).toMatchObject({ questionCount: 1, quickScan: null });
    const r = await startResponse(app, 'bio', { answers: { 'question-1': { text: 'Gene editing' } } });
    expect(r.response.questionnaire).toMatchObject({ version: '1.0.0', hash: bio.hash });

    // Programmes may take the new area.
    const admin = (await signedIn(app, 'ada@example.org', 'admin')).session;
    const programme = await createProgramme(app, admin, { name: 'Bio cohort', areas: ['bio'] });
    expect((await app.inject({ url: `/api/join/${programme.joinCode}` })).json().questionnaires).toEqual([
      { id: 'bio', area: 'bio', title: { nl: 'Biotechnologie', en: 'Biotechnology' } },
    ]);

    expect((await call(app, editor, 'POST', `/api/editor/versions/${bio.id}/retire`)).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/questionnaires' })).json().map((q: any) => q.id)).toEqual(['mini']);
    const refused = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'bio' } });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('questionnaire-not-found');
    // The response started before keeps its snapshot.
    expect((await stateOf(app, r)).questionnaire.version).toBe('1.0.0');
  });

  it('serves a version published on one instance from another at once (one database)', async () => {
    const pg = ON_POSTGRES ? await freshSchema() : null;
    if (pg) cleanups.push(pg.drop);
    const db = pg ? { databaseUrl: TEST_DATABASE_URL!, databaseSchema: pg.schema, databasePoolSize: 2 } : { databasePath: join(mkdtempSync(join(tmpdir(), 'zt-serve-')), 'db.sqlite') };
    const config = defaultConfig({ ...db, questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), clientDir: null, rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST });
    const a = await buildApp(config);
    apps.push(a);
    const b = await buildApp(config);
    apps.push(b);
    // b has served (and cached) 1.0.0 before the publication on a.
    expect((await b.inject({ url: '/api/questionnaires' })).json()[0].version).toBe('1.0.0');
    const open = await startResponse(b);
    await createUser(a, 'eva@example.org', 'editor');
    await createUser(a, 'erik@example.org', 'editor');
    const editor = await login(a, 'eva@example.org');
    const second = await login(a, 'erik@example.org');
    const v2 = await publish(a, editor, second, { from: await shippedMini(a, editor) }, version2);

    expect((await b.inject({ url: '/api/questionnaires' })).json()[0].version).toBe('2.0.0');
    const started = await startResponse(b, 'mini', {});
    expect(started.response.questionnaire.hash).toBe(v2.hash);
    expect((await stateOf(b, open)).newerVersion).toEqual({ version: '2.0.0' });
    const moved = await move(b, open);
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await stateOf(a, open)).questionnaire.version).toBe('2.0.0');
  });

  it('reads which versions are published from the index alone (no 250 KB documents per request)', async () => {
    const app = await staffApp();
    apps.push(app);
    const sql = "SELECT questionnaire_id, version, hash FROM questionnaire_versions WHERE status = 'published' ORDER BY questionnaire_id LIMIT 500";
    if (app.database.engine === 'sqlite') {
      const plan = app.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('USING COVERING INDEX questionnaire_versions_served');
    }
    // Listing twice parses nothing the second time: the same document objects come back.
    const [first] = await app.served.all();
    const [again] = await app.served.all();
    expect(again.document).toBe(first.document);
  });
});
