// Reports of responses submitted under scoring version 1 stay as they were after the upgrade to
// version 2 (docs/scoring.md, "Versions"): migration 007 marks them, and the engine re-scores each
// response by the version it was submitted with.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/db/database.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { hashToken } from '../../server/repositories/responses.js';
import { fixtureDir, readFixture, ROOT, testApp } from '../helpers/app.js';
import * as tables from '../helpers/db.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
// A knock-out on m-dpia with everything else high: P = (3·33.3 + 2·100) / 5 = 60 and G = 100, so
// version 1 says "valuable" beside the knock-out and version 2 caps it to "promising-with-risks".
const answers = {
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'none' }, 'm-security': { options: ['mfa', 'pentest', 'backup'] },
  'm-energy': { option: 'yes' }, 'm-context': { text: 'A chatbot' },
};

/** The migrations as they were before scoring version 2. */
function migrationsBeforeV2(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zelftoets-mig-'));
  for (const f of readdirSync(join(ROOT, 'migrations'))) if (f.endsWith('.sql') && Number(f.slice(0, 3)) < 7) cpSync(join(ROOT, 'migrations', f), join(dir, f));
  return dir;
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('scoring versions of stored responses', () => {
  it('re-scores a response submitted under version 1 by version 1 after the upgrade, and says so', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'zelftoets-v1-')), 'z.db');
    // Before the upgrade: the schema of migrations 001-006, and rows as the version-1 code wrote them.
    const db = openDatabase(databasePath);
    migrate(db, migrationsBeforeV2());
    const mini = loadCatalog(fixtureDir({ 'mini.json': readFixture('mini.json') })).questionnaires.get('mini')!;
    db.prepare('INSERT INTO questionnaire_snapshots (hash, questionnaire_id, version, area, document, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(mini.hash, mini.document.id, mini.document.version, mini.document.area, mini.canonical, '2026-01-01T00:00:00.000Z');
    const at = '2026-01-01T00:00:00.000Z';
    const insert = db.prepare(
      `INSERT INTO responses (id, token_hash, snapshot_hash, questionnaire_id, area, locale, status, answers, revision, created_at, updated_at,
         submitted_at, profile, goal_score, precondition_score, completeness, knockout_count)
       VALUES (?, ?, ?, 'mini', 'ai', 'nl', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const old = { id: 'v1SubmittedResponse000', token: 'a'.repeat(43) };
    const stillOpen = { id: 'v1OpenResponse00000000', token: 'b'.repeat(43) };
    insert.run(old.id, hashToken(old.token), mini.hash, 'submitted', JSON.stringify(answers), at, at, at, 'valuable', 100, 60, 1, 1);
    insert.run(stillOpen.id, hashToken(stillOpen.token), mini.hash, 'open', JSON.stringify(answers), at, at, null, null, null, null, null, null);
    db.close();

    app = await testApp({ databasePath });
    expect((await tables.rows(app, 'SELECT id, scoring_version FROM responses ORDER BY scoring_version')))
      .toEqual(expect.arrayContaining([{ id: old.id, scoring_version: 1 }, { id: stillOpen.id, scoring_version: null }]));

    const report = (await app.inject({ method: 'GET', url: `/api/responses/${old.id}/report`, headers: auth(old.token) })).json();
    expect(report.scoringVersion).toBe(1);
    expect(report.profile).toBe('valuable');
    expect(report.profileCapped).toBe(false);
    expect(report.dimensions).toMatchObject({ goal: { score: 100 }, precondition: { score: 60 } });
    expect(report.values.find((v: any) => v.id === 'privacy')).toMatchObject({ score: 33.3, status: 'critical' });
    expect(report.knockouts.map((k: any) => k.question)).toEqual(['m-dpia']);
    expect(report.unknownRisks).toEqual([]);
    expect(report.actions).toEqual([]);

    // A re-take is scored by the current version; its history scores the earlier attempt by that attempt's own version.
    const retake = (await app.inject({ method: 'POST', url: `/api/responses/${old.id}/retake`, headers: auth(old.token) })).json();
    await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/submit`, headers: auth(retake.token) });
    const second = (await app.inject({ method: 'GET', url: `/api/responses/${retake.id}/report`, headers: auth(retake.token) })).json();
    expect(second).toMatchObject({ scoringVersion: 2, profile: 'promising-with-risks', profileCapped: true });
    expect(second.history).toEqual([expect.objectContaining({ id: old.id, profile: 'valuable', precondition: 60 })]);

    // An open response submits under the current version: the same answers now get the capped profile.
    const submitted = await app.inject({ method: 'POST', url: `/api/responses/${stillOpen.id}/submit`, headers: auth(stillOpen.token) });
    expect(submitted.statusCode).toBe(200);
    const row = (await tables.row(app, 'SELECT profile, scoring_version FROM responses WHERE id = ?', stillOpen.id));
    expect(row).toEqual({ profile: 'promising-with-risks', scoring_version: 2 });
    const now = (await app.inject({ method: 'GET', url: `/api/responses/${stillOpen.id}/report`, headers: auth(stillOpen.token) })).json();
    expect(now).toMatchObject({ scoringVersion: 2, profile: 'promising-with-risks', profileCapped: true });
    expect(now.actions[0]).toMatchObject({ question: 'm-dpia', kind: 'knockout', priority: 6, answer: ['Nee'], text: null, instruments: [] });
  });

  it('gives the report of a version-2 response its unknown risks and action list with texts and instruments', async () => {
    app = await testApp({ questionnairesDir: fixtureDir({ 'mini-v2.json': readFixture('mini-v2.json') }) });
    const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini-v2', locale: 'en' } })).json();
    await app.inject({
      method: 'PATCH', url: `/api/responses/${started.id}/answers`, headers: auth(started.token),
      payload: { answers: { 'v-dpia': { option: 'dont-know' }, 'v-content': { option: 'no-content' }, 'v-security': { options: ['mfa', 'pentest'] }, 'v-energy': { option: 'yes' } } },
    });
    const report = (await app.inject({ method: 'GET', url: `/api/responses/${started.id}/report?locale=en`, headers: auth(started.token) })).json();
    expect(report.scoringVersion).toBe(2);
    expect(report.unknownRisks).toEqual([{
      question: 'v-dpia', option: 'dont-know', values: ['privacy'], prompt: 'Did you do a DPIA?', answer: "Don't know",
      message: 'Not ruled out that a DPIA is required.',
    }]);
    expect(report.profileCapped).toBe(true);
    expect(report.actions).toHaveLength(1);
    expect(report.actions[0]).toMatchObject({
      question: 'v-dpia', kind: 'unknown-risk', priority: 6, values: ['privacy'], answer: ["Don't know"],
      text: 'Find out whether a DPIA is required.',
    });
    expect(report.actions[0].instruments).toEqual(['dpia', 'avg']);
    expect(report.instruments.dpia).toMatchObject({ name: expect.any(String), description: expect.any(String) });
    expect(report.values.find((v: any) => v.id === 'democracy')).toMatchObject({ score: null, status: 'unscored' });
  });
});
