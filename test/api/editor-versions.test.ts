// Questionnaire versions as content (issue 17, server foundation; docs/editor.md): the start-up import,
// drafts with optimistic concurrency, validation, four-eyes review, semantic versions at publish,
// export, Markdown and retirement. Runs on both engines (TEST_ENGINE=postgres).
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { migrate } from '../../server/db/database.js';
import { canonicalJson, sha256 } from '../../server/questionnaires/catalog.js';
import { newId } from '../../server/auth/tokens.js';
import { MAX_PUBLISHED } from '../../server/repositories/questionnaire-versions.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { signedIn, staffApp, type Session } from '../helpers/staff.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
});

async function setUp() {
  const app = await staffApp();
  apps.push(app);
  const editor = (await signedIn(app, 'eva@example.org', 'editor')).session;
  const second = (await signedIn(app, 'erik@example.org', 'editor')).session;
  return { app, editor, second };
}

const call = (app: FastifyInstance, s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: method === 'GET' ? s.read : s.write, ...(payload === undefined ? {} : { payload: payload as object }) });

async function shipped(app: FastifyInstance, s: Session) {
  const res = await call(app, s, 'GET', '/api/editor/versions');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().versions as Array<{ id: string; questionnaireId: string; version: string; status: string; hash: string; revision: number }>;
}

/** Draft, submit, approve by the second editor, publish: the published version. */
async function publishChange(app: FastifyInstance, editor: Session, second: Session, fromId: string, change: (doc: any) => void) {
  const draft = (await call(app, editor, 'POST', '/api/editor/drafts', { from: fromId })).json();
  const doc = draft.document;
  change(doc);
  const saved = await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: doc, revision: draft.version.revision });
  expect(saved.statusCode, saved.body).toBe(200);
  expect(saved.json().faults).toEqual([]);
  const submitted = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/submit`);
  expect(submitted.statusCode).toBe(200);
  expect((await call(app, second, 'POST', `/api/editor/drafts/${draft.version.id}/approve`, { revision: submitted.json().version.revision })).statusCode).toBe(200);
  const published = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return published.json().version as { id: string; questionnaireId: string; version: string; status: string; hash: string };
}

describe('start-up import', () => {
  /** Two starts on one database (a SQLite file, or one PostgreSQL schema), the second with `dir`. */
  async function twoStarts(first: string, second: string) {
    const pg = ON_POSTGRES ? await freshSchema() : null;
    const db = pg ? { databaseUrl: TEST_DATABASE_URL!, databaseSchema: pg.schema, databasePoolSize: 2 } : { databasePath: join(mkdtempSync(join(tmpdir(), 'zt-ed-')), 'db.sqlite') };
    const start = (dir: string) => buildApp(defaultConfig({ ...db, questionnairesDir: dir, clientDir: null, rateLimitPerMinute: 0 }));
    const rows = async (app: FastifyInstance) => app.database.kysely.selectFrom('questionnaire_versions').select(['id', 'questionnaire_id', 'version', 'status', 'hash']).orderBy('version').execute();
    const a = await start(first);
    // Two instances starting together: both import, one row results.
    const b = await start(first);
    const afterFirst = await rows(a);
    await Promise.all([a.close(), b.close()]);
    const c = await start(first);
    const again = await rows(c);
    await c.close();
    const d = await start(second);
    const afterChange = await rows(d);
    await d.close();
    await pg?.drop();
    return { afterFirst, again, afterChange };
  }

  it('stores each shipped file once as a published version, and a changed file as one more', async () => {
    const mini = readFixture('mini.json');
    const changed = { ...mini, version: '1.0.1', title: { nl: 'Mini-toets (herzien)', en: 'Mini test (revised)' } };
    const { afterFirst, again, afterChange } = await twoStarts(fixtureDir({ 'mini.json': mini }), fixtureDir({ 'mini.json': changed }));
    expect(afterFirst).toEqual([expect.objectContaining({ questionnaire_id: 'mini', version: '1.0.0', status: 'published', hash: sha256(canonicalJson(mini)) })]);
    expect(again).toEqual(afterFirst);
    expect(afterChange).toEqual([afterFirst[0], expect.objectContaining({ version: '1.0.1', status: 'published', hash: sha256(canonicalJson(changed)) })]);
  });

  it('adds the editor role to SQLite without losing sessions or anything else that points at users', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    // Up to 017 as an installation has it today.
    const upTo017 = mkdtempSync(join(tmpdir(), 'zt-mig17-'));
    for (const f of readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql') && f < '018')) cpSync(join(ROOT, 'migrations', f), join(upTo017, f));
    migrate(db, upTo017);
    const at = new Date().toISOString();
    db.prepare(`INSERT INTO users (id, email, role, created_at, updated_at) VALUES ('u1', 'a@example.org', 'manager', ?, ?)`).run(at, at);
    db.prepare(`INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ('s1', 'u1', 'c', ?, ?)`).run(at, at);
    cpSync(join(ROOT, 'migrations', '018_questionnaire_versions.sql'), join(upTo017, '018_questionnaire_versions.sql'));
    expect(migrate(db, upTo017)).toEqual(['018_questionnaire_versions']);
    expect(db.prepare('SELECT user_id FROM sessions').all()).toEqual([{ user_id: 'u1' }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare(`INSERT INTO users (id, email, role, created_at, updated_at) VALUES ('u2', 'e@example.org', 'editor', ?, ?)`).run(at, at);
    expect(() => db.prepare(`INSERT INTO users (id, email, role, created_at, updated_at) VALUES ('u3', 'x@example.org', 'owner', ?, ?)`).run(at, at)).toThrow(/CHECK/);
    // Deleting a user still cascades: the foreign keys point at the new table.
    db.prepare(`DELETE FROM users WHERE id = 'u1'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });
});

describe('drafts, review and publication', () => {
  it('copies a shipped version into a draft, saves it, and refuses a stale revision without overwriting', async () => {
    const { app, editor, second } = await setUp();
    const [mini] = await shipped(app, editor);
    expect(mini).toMatchObject({ questionnaireId: 'mini', version: '1.0.0', status: 'published' });
    const created = await call(app, editor, 'POST', '/api/editor/drafts', { from: mini.id });
    expect(created.statusCode, created.body).toBe(201);
    const { version, document } = created.json();
    expect(version).toMatchObject({ status: 'draft', basedOn: mini.id, revision: 1, version: '1.0.0' });
    expect(document).toEqual(readFixture('mini.json'));

    document.title.en = 'Mini test, first edit';
    const first = await call(app, editor, 'PUT', `/api/editor/drafts/${version.id}`, { document, revision: 1 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: { revision: 2 }, faults: [] });

    const stale = await call(app, second, 'PUT', `/api/editor/drafts/${version.id}`, { document: { ...document, title: { nl: 'x', en: 'overwritten' } }, revision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'draft-conflict', details: [{ pointer: '/revision', message: '2' }] });
    const now = (await call(app, editor, 'GET', `/api/editor/versions/${version.id}`)).json();
    expect(now.version.revision).toBe(2);
    expect(now.document.title.en).toBe('Mini test, first edit');

    // A draft may be saved with faults (autosave); they come back with their pointers.
    const broken = structuredClone(document);
    broken.sections[1].questions[0].options[0].unknownRisk = { nl: 'x', en: 'x' };
    const autosave = await call(app, editor, 'PUT', `/api/editor/drafts/${version.id}`, { document: broken, revision: 2 });
    expect(autosave.statusCode, autosave.body).toBe(200);
    expect(autosave.json().faults).toContainEqual({ pointer: '/sections/1/questions/0/options/0/unknownRisk', message: expect.stringContaining('both a knock-out and an unknown risk') });

    const validated = await call(app, editor, 'POST', '/api/editor/validate', { document: broken });
    expect(validated.statusCode).toBe(200);
    expect(validated.json().faults).toEqual(autosave.json().faults);
    expect((await call(app, editor, 'POST', '/api/editor/validate', { document: { id: 'x' } })).json().faults).toContainEqual({ pointer: '/version', message: 'is required' });

    const blocked = await call(app, editor, 'POST', `/api/editor/drafts/${version.id}/submit`);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json()).toMatchObject({ code: 'draft-invalid', details: expect.arrayContaining([expect.objectContaining({ pointer: '/sections/1/questions/0/options/0/unknownRisk' })]) });
    expect((await call(app, editor, 'GET', `/api/editor/versions/${version.id}`)).json().version.status).toBe('draft');
  });

  it('needs a second person to approve, numbers publications by the semver rule, and audits each step', async () => {
    const { app, editor, second } = await setUp();
    const [mini] = await shipped(app, editor);

    const draft = (await call(app, editor, 'POST', '/api/editor/drafts', { from: mini.id })).json();
    const doc = draft.document;
    doc.sections[0].questions.push({ id: 'm-team', type: 'text', prompt: { nl: 'Wie zit in het team?', en: 'Who is on the team?' } });
    expect((await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: doc, revision: 1 })).json().faults).toEqual([]);
    expect((await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`)).json().code).toBe('version-wrong-status');
    const submitted = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().version).toMatchObject({ status: 'in_review', submittedBy: expect.any(String) });
    expect((await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: doc, revision: 3 })).json().code).toBe('version-not-draft');

    const own = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/approve`, { revision: submitted.json().version.revision });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('approver-is-author');
    expect((await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`)).json().code).toBe('version-not-approved');

    // Withdrawing lets the approval lapse; submitted again, the second editor approves.
    expect((await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/withdraw`)).json().version.status).toBe('draft');
    const again = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/submit`);
    expect(again.statusCode).toBe(200);
    const approved = await call(app, second, 'POST', `/api/editor/drafts/${draft.version.id}/approve`, { revision: again.json().version.revision });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().version.approvedBy).not.toBeNull();

    const diff = await call(app, editor, 'GET', `/api/editor/diff?from=${mini.id}&to=${draft.version.id}`);
    expect(diff.json()).toMatchObject({ bump: 'minor', questions: { added: [{ id: 'm-team', prompt: { nl: 'Wie zit in het team?', en: 'Who is on the team?' } }] } });

    const published = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    const minor = published.json().version;
    expect(minor).toMatchObject({ status: 'published', version: '1.1.0', publishedAt: expect.any(String) });
    const stored = (await call(app, editor, 'GET', `/api/editor/versions/${minor.id}`)).json();
    expect(stored.document.version).toBe('1.1.0');
    expect(minor.hash).toBe(sha256(canonicalJson(stored.document)));

    // A changed option score is a major change.
    const major = await publishChange(app, editor, second, minor.id, (d) => { d.sections[1].questions[0].options[1].score = 0.4; });
    expect(major.version).toBe('2.0.0');

    const actions = await app.database.kysely.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'version.%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'version.create', 'version.submit', 'version.withdraw', 'version.submit', 'version.approve', 'version.publish',
      'version.create', 'version.submit', 'version.approve', 'version.publish',
    ]);
    expect(JSON.parse(actions[5].detail)).toEqual({ version: minor.id, questionnaire: 'mini', number: '1.1.0' });

    // Retiring: published only, once.
    const retired = await call(app, editor, 'POST', `/api/editor/versions/${minor.id}/retire`);
    expect(retired.json().version.status).toBe('retired');
    expect((await call(app, editor, 'POST', `/api/editor/versions/${minor.id}/retire`)).json().code).toBe('version-wrong-status');
    expect((await app.database.kysely.selectFrom('audit_log').select('action').where('action', '=', 'version.retire').execute()).length).toBe(1);
    // The next number counts retired versions too.
    const patch = await publishChange(app, editor, second, major.id, (d) => { d.sections[1].questions[0].prompt.en = 'Have you done a DPIA?'; });
    expect(patch.version).toBe('2.0.1');
  });

  it('refuses to publish past the bound of published versions, which the served list reads whole', async () => {
    const { app, editor, second } = await setUp();
    const [mini] = await shipped(app, editor);
    // Fill up with published versions of another questionnaire (the shipped mini is one already).
    const at = new Date().toISOString();
    const document = JSON.stringify({ ...readFixture('mini.json'), id: 'filler' });
    const ids = Array.from({ length: MAX_PUBLISHED - 1 }, () => newId());
    await app.database.kysely.insertInto('questionnaire_versions').values(ids.map((id, i) => ({
      id, questionnaire_id: 'filler', area: 'ai', version: `1.0.${i}`, status: 'published' as const, document,
      hash: `filler-hash-${i}`, created_at: at, updated_at: at, published_at: at,
    }))).execute();
    const draft = (await call(app, editor, 'POST', '/api/editor/drafts', { from: mini.id })).json();
    draft.document.title.en = 'Mini test, full';
    const saved = await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: draft.document, revision: 1 });
    expect(saved.statusCode, saved.body).toBe(200);
    const submitted = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect((await call(app, second, 'POST', `/api/editor/drafts/${draft.version.id}/approve`, { revision: submitted.json().version.revision })).statusCode).toBe(200);
    const refused = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('too-many-published');
    // Nothing changed: still approved and in review, and the shipped version is still the one served.
    expect((await call(app, editor, 'GET', `/api/editor/versions/${draft.version.id}`)).json().version).toMatchObject({ status: 'in_review', approvedBy: expect.any(String) });
    expect((await app.inject({ method: 'GET', url: '/api/questionnaires/mini' })).json().version).toBe(mini.version);
    // Retiring one makes room.
    expect((await call(app, editor, 'POST', `/api/editor/versions/${ids[0]}/retire`)).statusCode).toBe(200);
    const published = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/questionnaires/mini' })).json().version).toBe(published.json().version.version);
  });

  it('starts a new questionnaire at 1.0.0, exports files that round-trip, renders Markdown', async () => {
    const { app, editor, second } = await setUp();
    const fresh = await call(app, editor, 'POST', '/api/editor/drafts', { questionnaireId: 'robotics', area: 'robotics' });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(fresh.json().version).toMatchObject({ questionnaireId: 'robotics', area: 'robotics', version: '', basedOn: null });
    expect((await call(app, editor, 'POST', '/api/editor/validate', { document: fresh.json().document })).json().faults).toEqual([]);
    const published = await publishChange(app, editor, second, fresh.json().version.id, (d) => { d.title = { nl: 'Robotica', en: 'Robotics' }; });
    expect(published.version).toBe('1.0.0');

    const mini = (await shipped(app, editor)).find((v) => v.questionnaireId === 'mini')!;
    for (const v of [mini, published]) {
      const file = await call(app, editor, 'GET', `/api/editor/versions/${v.id}/export`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^application\/json/);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="${v.questionnaireId}-${v.version}.json"`);
      expect(file.body.endsWith('}\n')).toBe(true);
      const parsed = JSON.parse(file.body);
      expect(file.body).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
      expect(sha256(canonicalJson(parsed))).toBe(v.hash);
      expect(app.catalog.validate(parsed, 'export')).toEqual([]);
    }

    const md = await call(app, editor, 'GET', `/api/editor/versions/${mini.id}/markdown`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.body).toContain('# Mini-toets');
    expect(md.body).toContain('`m-dpia`');
  });

  it('answers unknown ids with 404 and bad input with 400', async () => {
    const { app, editor } = await setUp();
    const missing = 'AAAAAAAAAAAAAAAAAAAAAA';
    for (const url of [`/api/editor/versions/${missing}`, `/api/editor/versions/${missing}/export`, `/api/editor/diff?from=${missing}&to=${missing}`]) {
      expect((await call(app, editor, 'GET', url)).json()).toMatchObject({ statusCode: 404, code: 'version-not-found' });
    }
    expect((await call(app, editor, 'POST', '/api/editor/drafts', { from: missing })).statusCode).toBe(404);
    expect((await call(app, editor, 'POST', '/api/editor/drafts', {})).json()).toMatchObject({ statusCode: 400, code: 'invalid-request' });
    expect((await call(app, editor, 'PUT', `/api/editor/drafts/${missing}`, { document: [], revision: 1 })).statusCode).toBe(400);
    // A revision past PostgreSQL's integer column was bound as such and answered 500 there.
    const [mini] = await shipped(app, editor);
    const draft = (await call(app, editor, 'POST', '/api/editor/drafts', { from: mini.id })).json();
    for (const revision of [2 ** 31, 2 ** 53, 1e20]) {
      const res = await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: { ...draft.document, title: { nl: 'x', en: 'x' } }, revision });
      expect(res.json(), `revision ${revision}`).toMatchObject({ statusCode: 400, code: 'invalid-request' });
    }
    expect((await call(app, editor, 'GET', `/api/editor/versions/${draft.version.id}`)).json()).toMatchObject({ version: { revision: 1 }, document: draft.document });
    const big = { document: { padding: 'x'.repeat(1024 * 1024) } };
    expect((await call(app, editor, 'POST', '/api/editor/validate', big)).json()).toMatchObject({ statusCode: 413, code: 'too-large' });
  });
});

// A questionnaire document in the editor is an open object checked by code, not by the route's
// schema: nesting that overflows JSON.stringify's stack answered 500, and a long list of junk kept
// ajv (allErrors) busy for minutes. Both are now refused up front, as POST /api/score refuses them.
describe('questionnaire documents in the editor', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const junk = (n: number) => `[${Array(n).fill('{"id":1,"questions":[1]}').join(',')}]`;
  let app: FastifyInstance;
  let admin: Session;
  beforeAll(async () => {
    app = await staffApp();
    admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
  });
  afterAll(async () => {
    await app.close();
  });
  async function draft() {
    const d = (await app.inject({ method: 'POST', url: '/api/editor/drafts', headers: admin.write, payload: { questionnaireId: 'deep', area: 'ai' } })).json();
    return { admin, id: d.version.id as string, revision: d.version.revision as number };
  }

  it('a draft nested 10,000 deep is refused with a 400 naming where, and the stored draft is kept', async () => {
    const { admin, id, revision } = await draft();
    const before = (await app.inject({ url: `/api/editor/versions/${id}`, headers: admin.read })).json();
    const res = await app.inject({
      method: 'PUT', url: `/api/editor/drafts/${id}`, headers: { ...admin.write, 'content-type': 'application/json' },
      payload: `{"revision":${revision},"document":{"id":"deep","x":${deep(10_000)}}}`,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid-request', details: [{ pointer: expect.stringMatching(/^\/body\/document\/x\/0\/0/), message: expect.stringMatching(/deeper than/) }] });
    const after = (await app.inject({ url: `/api/editor/versions/${id}`, headers: admin.read })).json();
    expect(after).toEqual(before);
    // Checking one without saving it says the same.
    const checked = await app.inject({ method: 'POST', url: '/api/editor/validate', headers: { ...admin.write, 'content-type': 'application/json' }, payload: `{"document":{"x":${deep(10_000)}}}` });
    expect(checked.statusCode, checked.body.slice(0, 300)).toBe(400);
    expect(checked.json().code).toBe('invalid-request');
  });

  it('a list of 20,000 junk sections is refused at once instead of validated for minutes', async () => {
    const { admin, id, revision } = await draft();
    const started = Date.now();
    for (const [url, method, payload] of [
      ['/api/editor/validate', 'POST', `{"document":{"sections":${junk(20_000)}}}`],
      [`/api/editor/drafts/${id}`, 'PUT', `{"revision":${revision},"document":{"sections":${junk(20_000)}}}`],
    ] as const) {
      const res = await app.inject({ method, url, headers: { ...admin.write, 'content-type': 'application/json' }, payload });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid-request', details: [{ pointer: '/body/document/sections', message: expect.stringMatching(/20000 items/) }] });
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    // A real document still saves.
    const ok = await app.inject({ method: 'PUT', url: `/api/editor/drafts/${id}`, headers: admin.write, payload: { revision, document: { id: 'deep', version: '0.0.0', area: 'ai', title: { nl: 'x', en: 'x' }, sections: [] } } });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
  });
});
