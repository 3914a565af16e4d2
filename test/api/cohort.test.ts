// The cohort dashboard: per-value scores stored at submit (and backfilled), figures per team's latest
// attempt, the anonymity threshold, a team's drill-down, and the query plans at 10,000 submissions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { cohortSql } from '../../server/repositories/cohort.js';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

const answers = (dpia: string, security: string[]) => ({
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: dpia }, 'm-retention': { option: 'yes' }, 'm-security': { options: security },
});

async function setup(overrides = {}) {
  app = await staffApp(overrides);
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Cohort 2026', kind: 'cohort' });
  await createUser(app, 'manager@example.org', 'manager');
  await assign(app, admin, p.id, 'manager@example.org', 'manager');
  const manager = await login(app, 'manager@example.org');
  return { admin, p, manager };
}

async function retake(r: { id: string; token: string }, changes: Record<string, unknown>) {
  const started = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) });
  expect(started.statusCode, started.body).toBe(201);
  const next = started.json() as { id: string; token: string };
  expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: changes } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}

const cohort = (s: Session, id: string, query = '') => app.inject({ method: 'GET', url: `/api/programmes/${id}/cohort${query}`, headers: s.read });

describe('per-value scores stored at submit', () => {
  it('stores every value, the knock-outs and the team of each attempt', async () => {
    app = await staffApp();
    const first = await submittedResponse(app, answers('none', ['none']));
    const stored = app.integration.valueScores.values(first.id)!;
    expect(Object.keys(stored)).toEqual(app.catalog.values.map((v) => v.id));
    const report = (await app.inject({ method: 'GET', url: `/api/responses/${first.id}/report`, headers: bearer(first.token) })).json();
    for (const v of report.values) {
      expect(stored[v.id][1], v.id).toBe(v.status);
      expect(stored[v.id][0] === null ? null : Math.round(stored[v.id][0]! * 10) / 10, v.id).toBe(v.score);
    }
    expect(JSON.parse((app.db.prepare('SELECT knockouts FROM response_scores WHERE response_id = ?').get(first.id) as any).knockouts)).toEqual([['m-dpia', 'none']]);
    const second = await retake(first, { 'm-dpia': { option: 'done' } });
    const third = await retake(second, { 'm-security': { options: ['mfa'] } });
    const teams = app.db.prepare('SELECT response_id, team_id, attempt FROM response_scores ORDER BY attempt').all();
    expect(teams).toEqual([
      { response_id: first.id, team_id: first.id, attempt: 1 },
      { response_id: second.id, team_id: first.id, attempt: 2 },
      { response_id: third.id, team_id: first.id, attempt: 3 },
    ]);
  });

  it('fills in responses submitted before the scores were stored: shared ones at start-up, others when their programme is read', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'zelftoets-cohort-')), 'db.sqlite');
    app = await staffApp({ databasePath });
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Oud cohort', kind: 'cohort' });
    const a = await submittedResponse(app, answers('none', ['none']));
    const b = await retake(a, { 'm-dpia': { option: 'done' } });
    await share(app, b, p.joinCode, 'Team B');
    const before = app.db.prepare('SELECT * FROM response_scores ORDER BY response_id').all();
    // As if submitted before migration 004.
    app.db.exec('DELETE FROM response_scores');
    await app.close();

    app = await staffApp({ databasePath });
    // b is shared: back at start-up, in a's team though a itself was not filled in (the chain is walked).
    expect(app.db.prepare('SELECT team_id, attempt FROM response_scores WHERE response_id = ?').get(b.id)).toEqual({ team_id: a.id, attempt: 2 });
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM response_scores WHERE response_id = ?').get(a.id)).toEqual({ n: 0 });
    // a is shared later (with the same programme); reading the figures fills it in.
    await share(app, a, p.joinCode, 'Team B');
    const admin2 = await login(app, 'admin@example.org');
    const figures = (await cohort(admin2, p.id)).json();
    expect(figures).toMatchObject({ teams: 1, submissions: 2 });
    expect(app.db.prepare('SELECT * FROM response_scores ORDER BY response_id').all()).toEqual(before);
    // A second start-up finds nothing to do and changes nothing.
    await app.close();
    app = await staffApp({ databasePath });
    expect(app.db.prepare('SELECT * FROM response_scores ORDER BY response_id').all()).toEqual(before);
  });
});

describe('GET /api/programmes/:id/cohort', () => {
  it('shows distributions, statuses, profiles, knock-outs and progress over each team\'s latest attempt', async () => {
    const { p, manager } = await setup();
    const teams: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < 5; i++) {
      const r = await submittedResponse(app, answers(i < 3 ? 'none' : 'done', i % 2 ? ['mfa', 'backup'] : ['none']));
      await share(app, r, p.joinCode, `Team ${i}`);
      teams.push(r);
    }
    const before = (await cohort(manager, p.id)).json();
    expect(before).toMatchObject({ teams: 5, submissions: 5, suppressed: false, threshold: 5 });
    expect(before.knockouts).toEqual([{ question: 'm-dpia', option: 'none', count: 3 }]);
    expect(before.progress).toEqual({ teams: 0, suppressed: true, goal: null, precondition: null });
    const privacy = before.values.find((v: any) => v.id === 'privacy');
    expect(privacy.n).toBe(5);
    expect(privacy.distribution.median).toEqual(expect.any(Number));
    expect(Object.values(privacy.statuses).reduce((a: number, b: any) => a + b, 0)).toBe(5);
    expect(Object.values(before.profiles).reduce((a: number, b: any) => a + b, 0)).toBe(5);
    expect(before.reviewStatuses).toEqual({ submitted: 5 });
    expect(before.teamList.map((t: any) => t.name)).toEqual(['Team 0', 'Team 1', 'Team 2', 'Team 3', 'Team 4']);

    // Team 0 re-takes without the knock-out and shares again: still five teams, one knock-out fewer.
    const again = await retake(teams[0], { 'm-dpia': { option: 'done' }, 'm-security': { options: ['mfa', 'backup', 'pentest'] } });
    await share(app, again, p.joinCode, 'Team 0');
    const after = (await cohort(manager, p.id)).json();
    expect(after).toMatchObject({ teams: 5, submissions: 6 });
    expect(after.knockouts).toEqual([{ question: 'm-dpia', option: 'none', count: 2 }]);
    expect(after.teamList.find((t: any) => t.id === teams[0].id).attempts).toBe(2);

    const drill = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort/teams/${teams[0].id}`, headers: manager.read });
    expect(drill.statusCode, drill.body).toBe(200);
    const team = drill.json();
    expect(team.attempts.map((a: any) => a.id)).toEqual([teams[0].id, again.id]);
    expect(team.change.precondition).toBeCloseTo(team.attempts[1].precondition - team.attempts[0].precondition, 0);
    expect(team.change.precondition).toBeGreaterThan(0);
    expect(team.attempts[1].values.privacy.score).toBeGreaterThan(team.attempts[0].values.privacy.score);
    const unknown = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort/teams/${'x'.repeat(22)}`, headers: manager.read });
    expect(unknown.statusCode).toBe(404);
  });

  it('hides every figure of a group smaller than the threshold, which is configurable', async () => {
    const { p, manager } = await setup();
    for (let i = 0; i < 4; i++) await share(app, await submittedResponse(app, answers('none', ['none'])), p.joinCode, `Team ${i}`);
    const small = (await cohort(manager, p.id)).json();
    expect(small).toMatchObject({ teams: 4, suppressed: true, profiles: null, reviewStatuses: null, knockouts: null });
    expect(small.values.every((v: any) => v.suppressed && v.distribution === null && v.statuses === null)).toBe(true);
    expect(small.dimensions.every((d: any) => d.distribution === null)).toBe(true);
    // No figure leaks through the body at all: only counts of teams.
    expect(JSON.stringify(small)).not.toMatch(/"median":\d/);
    // An area filter makes a group too: the programme takes only "ai" tests, so "xr" has no teams.
    const xr = (await cohort(manager, p.id, '?area=xr')).json();
    expect(xr).toMatchObject({ area: 'xr', teams: 0, suppressed: true });
    expect((await cohort(manager, p.id, '?area=AI')).statusCode).toBe(400);
    await app.close();

    const lower = await setup({ cohortMinGroup: 2 });
    for (let i = 0; i < 2; i++) await share(app, await submittedResponse(app, answers('none', ['none'])), lower.p.joinCode, `T${i}`);
    const shown = (await cohort(lower.manager, lower.p.id)).json();
    expect(shown).toMatchObject({ threshold: 2, teams: 2, suppressed: false, knockouts: [{ question: 'm-dpia', option: 'none', count: 2 }] });
  });

  it('is for managers and admins: assessors are refused, other programmes\' people see nothing', async () => {
    const { admin, p } = await setup();
    await createUser(app, 'assessor@example.org', 'assessor');
    await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
    const assessor = await login(app, 'assessor@example.org');
    expect((await cohort(assessor, p.id)).statusCode).toBe(403);
    expect((await cohort(admin, p.id)).statusCode).toBe(200);
    const other = await createProgramme(app, admin, { name: 'Ander' });
    const { session: outsider } = await signedIn(app, 'm2@example.org', 'manager');
    await assign(app, admin, other.id, 'm2@example.org', 'manager');
    expect((await cohort(outsider, p.id)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort` })).statusCode).toBe(401);
  });

  it('reads a 10,000-submission cohort through indexes, never scanning all responses', async () => {
    app = await staffApp();
    const p = app.staffRepos.programmes.create({ name: 'Groot', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
    const other = app.staffRepos.programmes.create({ name: 'Ander', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
    const hash = (app.db.prepare('SELECT hash FROM questionnaire_snapshots LIMIT 1').get() as { hash: string }).hash;
    const insert = app.db.prepare(
      `INSERT INTO responses (id, token_hash, snapshot_hash, questionnaire_id, area, locale, status, answers, created_at, updated_at, submitted_at,
         profile, goal_score, precondition_score, completeness, knockout_count, programme_id, shared_name, shared_at, review_status)
       VALUES (?, ?, ?, 'mini', ?, 'nl', 'submitted', '{}', ?, ?, ?, 'careful', ?, ?, 1, 0, ?, ?, ?, 'submitted')`,
    );
    const scores = app.db.prepare('INSERT INTO response_scores VALUES (?, ?, 1, ?, ?)');
    app.db.transaction(() => {
      for (let i = 0; i < 20_000; i++) {
        const id = `r${String(i).padStart(21, '0')}`;
        const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
        insert.run(id, `h${i}`, hash, i % 3 ? 'ai' : 'xr', at, at, at, i % 101, (i * 7) % 100, i % 2 ? p.id : other.id, `S${i}`, at);
        const values = Object.fromEntries(app.catalog.values.map((v) => [v.id, [(i * 13) % 100, 'attention']]));
        scores.run(id, id, JSON.stringify(values), JSON.stringify(i % 5 === 0 ? [['m-dpia', 'none']] : []));
      }
    })();
    app.db.exec('ANALYZE');
    for (const withArea of [false, true]) {
      const sql = cohortSql(withArea);
      for (const [name, text] of Object.entries(sql)) {
        const params = name === 'team' ? { programmeId: p.id, teamId: 'x' } : withArea ? { programmeId: p.id, area: 'ai' } : { programmeId: p.id };
        const detail = (app.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
        expect(detail, `${name} ${withArea}`).toMatch(name === 'team' ? /SEARCH s USING INDEX response_scores_team \(team_id=/ : /SEARCH r USING (COVERING )?INDEX responses_programme_\w+ \(programme_id=/);
        expect(detail, `${name} ${withArea}`).toMatch(/SEARCH [rs] USING INDEX sqlite_autoindex_\w+ \((response_)?id=\?\)/);
        expect(detail, `${name} ${withArea}`).not.toMatch(/SCAN [rs]\b/);
      }
    }
    const rows = app.integration.cohort.rows(p.id);
    expect(rows.submissions).toHaveLength(10_000);
    expect(app.integration.cohort.rows(p.id, 'xr').submissions).toHaveLength(3_333);
  });
});
