// The cohort dashboard: per-value scores stored at submit (and backfilled), figures per team's latest
// attempt, the anonymity threshold, a team's drill-down, and the query plans at 10,000 submissions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { cohortQueries } from '../../server/repositories/cohort.js';
import { anyUnscoredQuery } from '../../server/repositories/value-scores.js';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';
import { ON_POSTGRES } from '../helpers/postgres.js';
import { createProgrammeRepository } from '../../server/repositories/programmes.js';

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
    const stored = (await app.integration.valueScores.values(first.id))!;
    expect(Object.keys(stored)).toEqual(app.catalog.values.map((v) => v.id));
    const report = (await app.inject({ method: 'GET', url: `/api/responses/${first.id}/report`, headers: bearer(first.token) })).json();
    for (const v of report.values) {
      expect(stored[v.id][1], v.id).toBe(v.status);
      expect(stored[v.id][0] === null ? null : Math.round(stored[v.id][0]! * 10) / 10, v.id).toBe(v.score);
    }
    expect(JSON.parse(((await tables.row(app, 'SELECT knockouts FROM response_scores WHERE response_id = ?', first.id)) as any).knockouts)).toEqual([['m-dpia', 'none']]);
    const second = await retake(first, { 'm-dpia': { option: 'done' } });
    const third = await retake(second, { 'm-security': { options: ['mfa'] } });
    const teams = (await tables.rows(app, 'SELECT response_id, team_id, attempt FROM response_scores ORDER BY attempt'));
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
    const before = (await tables.rows(app, 'SELECT * FROM response_scores ORDER BY response_id'));
    // As if submitted before migration 004.
    await tables.exec(app, 'DELETE FROM response_scores');
    await app.close();

    app = await staffApp({ databasePath });
    // b is shared: back at start-up, in a's team though a itself was not filled in (the chain is walked).
    expect((await tables.row(app, 'SELECT team_id, attempt FROM response_scores WHERE response_id = ?', b.id))).toEqual({ team_id: a.id, attempt: 2 });
    expect((await tables.row(app, 'SELECT COUNT(*) AS n FROM response_scores WHERE response_id = ?', a.id))).toEqual({ n: 0 });
    // a is shared later (with the same programme); reading the figures fills it in.
    await share(app, a, p.joinCode, 'Team B');
    const admin2 = await login(app, 'admin@example.org');
    const figures = (await cohort(admin2, p.id)).json();
    expect(figures).toMatchObject({ teams: 1, submissions: 2 });
    expect((await tables.rows(app, 'SELECT * FROM response_scores ORDER BY response_id'))).toEqual(before);
    // A second start-up finds nothing to do and changes nothing.
    await app.close();
    app = await staffApp({ databasePath });
    expect((await tables.rows(app, 'SELECT * FROM response_scores ORDER BY response_id'))).toEqual(before);
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
    expect(before.knockouts).toMatchObject([{ question: 'm-dpia', option: 'none', count: 3 }]);
    expect(before.progress).toEqual({ teams: 0, suppressed: true, goal: null, precondition: null });
    const privacy = before.values.find((v: any) => v.id === 'privacy');
    expect(privacy.n).toBe(5);
    expect(privacy.distribution.median).toEqual(expect.any(Number));
    expect(Object.values(privacy.statuses).reduce((a: number, b: any) => a + b, 0)).toBe(5);
    expect(Object.values(before.profiles).reduce((a: number, b: any) => a + b, 0)).toBe(5);
    expect(before.teamList.map((t: any) => t.name)).toEqual(['Team 0', 'Team 1', 'Team 2', 'Team 3', 'Team 4']);

    // Team 0 re-takes without the knock-out and shares again: still five teams. Its row shows the new
    // attempt at once; the figures wait until five teams have shared since (see the anonymity model).
    const again = await retake(teams[0], { 'm-dpia': { option: 'done' }, 'm-security': { options: ['mfa', 'backup', 'pentest'] } });
    await share(app, again, p.joinCode, 'Team 0');
    const after = (await cohort(manager, p.id)).json();
    expect(after).toMatchObject({ teams: 5, submissions: 6, released: { teams: 5, submissions: 5, pending: 1 } });
    expect(after.knockouts).toMatchObject([{ question: 'm-dpia', option: 'none', count: 3 }]);
    expect(after.teamList.find((t: any) => t.id === teams[0].id).attempts).toBe(2);
    for (let i = 1; i < 5; i++) await share(app, await retake(teams[i], {}), p.joinCode, `Team ${i}`);
    const stepped = (await cohort(manager, p.id)).json();
    expect(stepped).toMatchObject({ teams: 5, submissions: 10, released: { teams: 5, submissions: 10, pending: 0 } });
    expect(stepped.knockouts).toMatchObject([{ question: 'm-dpia', option: 'none', count: 2 }]);

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
    expect(small).toMatchObject({ teams: 4, suppressed: true, reason: 'cohort-group-too-small', profiles: null, knockouts: null });
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
    const p = await app.staffRepos.programmes.create({ name: 'Groot', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
    const other = await app.staffRepos.programmes.create({ name: 'Ander', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
    const hash = await tables.value<string>(app, 'SELECT hash FROM questionnaire_snapshots LIMIT 1');
    const db = app.database.kysely;
    for (let start = 0; start < 20_000; start += 500) {
      const responses = [];
      const scores = [];
      for (let i = start; i < start + 500; i++) {
        const id = `r${String(i).padStart(21, '0')}`;
        const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
        responses.push({
          id, token_hash: `h${i}`, snapshot_hash: hash, questionnaire_id: 'mini', area: i % 3 ? 'ai' : 'xr', locale: 'nl' as const, status: 'submitted' as const,
          answers: '{}', created_at: at, updated_at: at, submitted_at: at, profile: 'careful', goal_score: i % 101, precondition_score: (i * 7) % 100,
          completeness: 1, knockout_count: 0, programme_id: i % 2 ? p.id : other.id, shared_name: `S${i}`, shared_at: at, review_status: 'submitted' as const,
        });
        const values = Object.fromEntries(app.catalog.values.map((v) => [v.id, [(i * 13) % 100, 'attention']]));
        scores.push({ response_id: id, team_id: id, attempt: 1, value_scores: JSON.stringify(values), knockouts: JSON.stringify(i % 5 === 0 ? [['m-dpia', 'none']] : []) });
      }
      await db.insertInto('responses').values(responses).execute();
      await db.insertInto('response_scores').values(scores).execute();
    }
    if (tables.engineOf(app) === 'sqlite') {
      // SQLite's planner is told the join order (orderedJoin); PostgreSQL's chooses by cost and may
      // rightly scan half a table, so only SQLite's plans are pinned here.
      await tables.exec(app, 'ANALYZE');
      for (const area of [undefined, 'ai']) {
        const queries = cohortQueries(db, { programmeId: p.id, area, teamId: 'x' });
        for (const [name, query] of Object.entries(queries)) {
          const compiled = query.compile(db);
          const detail = (await tables.rows<{ detail: string }>(app, `EXPLAIN QUERY PLAN ${compiled.sql}`, ...compiled.parameters)).map((r) => r.detail).join('\n');
          // The figures' query reads the responses' columns from the cohort index alone (migration
          // 023): from the rows, each lookup walked the answers' overflow pages.
          expect(detail, `${name} ${area}`).toMatch(name === 'team' ? /SEARCH s USING INDEX response_scores_team \(team_id=/
            : area ? /SEARCH r USING COVERING INDEX responses_programme_cohort \(programme_id=\? AND area=\?\)/
              : /SEARCH r USING COVERING INDEX responses_programme_cohort \(programme_id=\?\)/);
          expect(detail, `${name} ${area}`).toMatch(/SEARCH [rs] USING INDEX sqlite_autoindex_\w+ \((response_)?id=\?\)/);
          expect(detail, `${name} ${area}`).not.toMatch(/SCAN [rs]\b/);
        }
      }
      // Every read of the figures first asks whether any submission still lacks its stored scores:
      // from a programme index alone, not a read of each of the 10,000 rows.
      const probe = anyUnscoredQuery(db, p.id).compile();
      const detail = (await tables.rows<{ detail: string }>(app, `EXPLAIN QUERY PLAN ${probe.sql}`, ...probe.parameters)).map((r) => r.detail).join('\n');
      expect(detail).toMatch(/SEARCH r USING COVERING INDEX responses_programme_\w+ \(programme_id=\?\)/);
      expect(detail).toMatch(/SEARCH s USING COVERING INDEX sqlite_autoindex_response_scores_1 \(response_id=\?\)/);
    }
    expect(await app.integration.valueScores.anyUnscoredIn(p.id)).toBe(false);
    await tables.exec(app, 'DELETE FROM response_scores WHERE response_id = ?', 'r000000000000000019999');
    expect(await app.integration.valueScores.anyUnscoredIn(p.id)).toBe(true);
    expect(await app.integration.valueScores.anyUnscoredIn(other.id)).toBe(false);
    await tables.exec(app, 'DELETE FROM response_scores WHERE response_id = ?', 'r000000000000000019998');
    expect(await app.integration.valueScores.anyUnscoredIn(other.id)).toBe(true);
    const rows = await app.integration.cohort.rows(p.id);
    expect(rows.submissions).toHaveLength(9_999);
    expect((await app.integration.cohort.rows(p.id, 'xr')).submissions).toHaveLength(3_333);
  });
});

// The attacks of issue 10 item 4, tried against the dashboard and the integration API alike.
describe('anonymity model', () => {
  const later = () => new Promise((resolve) => setTimeout(resolve, 3));
  const figuresOf = (f: any) => ({ dimensions: f.dimensions, values: f.values, profiles: f.profiles, knockouts: f.knockouts, progress: f.progress });

  async function withKey(manager: Session, programmeId: string) {
    const created = await app.inject({ method: 'POST', url: `/api/programmes/${programmeId}/api-keys`, headers: manager.write, payload: { name: 'Dashboard' } });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json().key as string;
    return (query = '') => app.inject({ method: 'GET', url: `/api/integration/cohort${query}`, headers: { 'x-api-key': key } });
  }

  it('an area filter cannot be subtracted from the whole cohort to recover a small area\'s team', async () => {
    const { p, manager } = await setup();
    for (let i = 0; i < 5; i++) await share(app, await submittedResponse(app, answers(i < 2 ? 'none' : 'done', i % 2 ? ['mfa'] : ['none'])), p.joinCode, `AI ${i}`);
    // One team in another area (the test app offers only AI questionnaires, so the row is moved there).
    const lone = await submittedResponse(app, answers('none', ['mfa', 'backup', 'pentest']));
    await share(app, lone, p.joinCode, 'XR alone');
    (await tables.exec(app, "UPDATE responses SET area = 'xr' WHERE id = ?", lone.id));
    const api = await withKey(manager, p.id);
    for (const read of [(q: string) => cohort(manager, p.id, q), api]) {
      const all = (await read('')).json();
      const ai = (await read('?area=ai')).json();
      const xr = (await read('?area=xr')).json();
      expect(xr).toMatchObject({ teams: 1, suppressed: true, reason: 'cohort-group-too-small', profiles: null, knockouts: null });
      expect(JSON.stringify(xr)).not.toMatch(/"(median|q1|q3)":\d/);
      expect(xr.values.every((v: any) => v.statuses === null && v.n === 0)).toBe(true);
      // all − ai would be the XR team's figures: the XR team is in no figure, so the two are the same.
      expect(all).toMatchObject({ teams: 6, released: { teams: 5 } });
      expect(figuresOf(all)).toEqual(figuresOf(ai));
    }
  });

  it('reading before and after one more share shows the same figures; they move once k teams have shared', async () => {
    const { p, manager } = await setup();
    const api = await withKey(manager, p.id);
    for (let i = 0; i < 5; i++) await share(app, await submittedResponse(app, answers('done', ['mfa', 'backup'])), p.joinCode, `Team ${i}`);
    const before = (await cohort(manager, p.id)).json();
    const beforeApi = (await api()).json();
    expect(before.suppressed).toBe(false);
    // A sixth team, with a knock-out the other five lack: its statuses would be the difference.
    await later();
    const sixth = await submittedResponse(app, answers('none', ['none']));
    await share(app, sixth, p.joinCode, 'Team 5');
    const after = (await cohort(manager, p.id)).json();
    expect(after).toMatchObject({ teams: 6, submissions: 6, released: { teams: 5, pending: 1 } });
    expect(figuresOf(after)).toEqual(figuresOf(before));
    expect(figuresOf((await api()).json())).toEqual(figuresOf(beforeApi));
    expect(after.knockouts).toEqual([]);
    // The manager, who may see every shared submission, finds the sixth team in the team list at once.
    expect(after.teamList.map((t: any) => t.name)).toContain('Team 5');
    // Four more teams: now five have shared since the last figures, and the change covers all five.
    for (let i = 6; i < 10; i++) {
      await later();
      await share(app, await submittedResponse(app, answers('done', ['mfa'])), p.joinCode, `Team ${i}`);
    }
    const stepped = (await cohort(manager, p.id)).json();
    expect(stepped).toMatchObject({ teams: 10, released: { teams: 10, pending: 0 } });
    expect(stepped.knockouts).toMatchObject([{ question: 'm-dpia', option: 'none', count: 1 }]);
  });

  it('sharing an already shared test again (a new name) is no new share: it cannot push a pending team into the figures', async () => {
    const { p, manager } = await setup();
    const api = await withKey(manager, p.id);
    // The reader's own team (made with the join code) is one of the first five; it knows its answers.
    const own = await submittedResponse(app, answers('done', ['mfa', 'backup']));
    await share(app, own, p.joinCode, 'Own');
    for (let i = 1; i < 5; i++) {
      await later();
      await share(app, await submittedResponse(app, answers('done', ['mfa', 'backup'])), p.joinCode, `Team ${i}`);
    }
    await later();
    await share(app, await submittedResponse(app, answers('none', ['none'])), p.joinCode, 'Pending');
    const before = (await cohort(manager, p.id)).json();
    const beforeApi = (await api()).json();
    expect(before).toMatchObject({ released: { teams: 5, pending: 1 }, knockouts: [] });
    // Sharing its own test again would otherwise move it behind the pending team, and the figures would
    // swap it for that team: their difference, less its own known answers, is the pending team.
    await later();
    await share(app, own, p.joinCode, 'Own, renamed');
    const after = (await cohort(manager, p.id)).json();
    expect(after).toMatchObject({ teams: 6, released: { teams: 5, pending: 1 } });
    expect(figuresOf(after)).toEqual(figuresOf(before));
    expect(figuresOf((await api()).json())).toEqual(figuresOf(beforeApi));
    expect(after.teamList.map((t: any) => t.name)).toContain('Own, renamed');
  });

  it('a released team that withdraws keeps its place: the pending team does not enter the figures with its going', async () => {
    const { p, manager } = await setup();
    const api = await withKey(manager, p.id);
    // The reader's own team is one of the first five; it knows its answers.
    const own = await submittedResponse(app, answers('done', ['mfa', 'backup']));
    await share(app, own, p.joinCode, 'Own');
    const others = [];
    for (let i = 1; i < 10; i++) {
      await later();
      const r = await submittedResponse(app, answers('done', ['mfa', 'backup']));
      await share(app, r, p.joinCode, `Team ${i}`);
      others.push(r);
    }
    await later();
    const pending = await submittedResponse(app, answers('none', ['none']));
    await share(app, pending, p.joinCode, 'Pending');
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 10, pending: 1 }, knockouts: [] });
    // Withdrawing its own test: recounted without it, the second step closed on the pending team, whose
    // knock-out the figures then showed; less its own known answers, the difference was that team.
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${own.id}/programme`, headers: bearer(own.token) })).statusCode).toBe(200);
    const after = (await cohort(manager, p.id)).json();
    expect(after).toMatchObject({ teams: 10, released: { teams: 9, pending: 1 }, knockouts: [] });
    expect((await api()).json()).toMatchObject({ released: { teams: 9, pending: 1 }, knockouts: [] });
    // The place holds its team and time, nothing the team said.
    expect(await tables.rows(app, 'SELECT id, team_id, area FROM cohort_places')).toEqual([{ id: own.id, team_id: own.id, area: 'ai' }]);
    // Removed by the programme or deleted by the startup, the same; a pending share leaves no place.
    const removed = await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/submissions/${others[0].id}`, headers: manager.write });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${others[1].id}`, headers: bearer(others[1].token) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${pending.id}`, headers: bearer(pending.token) })).statusCode).toBe(204);
    expect((await cohort(manager, p.id)).json()).toMatchObject({ teams: 7, released: { teams: 7, pending: 0 }, knockouts: [] });
    expect((await tables.rows(app, 'SELECT id FROM cohort_places')).length).toBe(3);
  });

  it.skipIf(!ON_POSTGRES)('PostgreSQL: a share waits for a withdrawal in the same programme, so the step it closes never shows the withdrawn team', async () => {
    const { p, manager } = await setup({ cohortMinGroup: 2 });
    const teams = [];
    for (const name of ['A', 'B', 'W']) {
      await later();
      const r = await submittedResponse(app, answers('done', ['mfa', 'backup']));
      await share(app, r, p.joinCode, name);
      teams.push(r);
    }
    const [, , w] = teams;
    await later();
    const s = await submittedResponse(app, answers('none', ['none']));
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 2, pending: 1 } });
    // W withdraws (decided while it is pending: no place) while S shares, on another connection. Had S's
    // share committed before W's withdrawal, a reading in between would show W released in the step S
    // closed, and W's going without a place would reopen that step: the next team to share would close it
    // in W's stead, and W, knowing its answers, could read that team off the difference.
    let seen: unknown;
    let sharing: Promise<unknown> | undefined;
    await app.database.kysely.transaction().execute(async (trx) => {
      expect(await createProgrammeRepository(trx).withdraw(w.id, { cohortStep: 2 })).toBe(true);
      sharing = app.inject({ method: 'PUT', url: `/api/responses/${s.id}/programme`, headers: bearer(s.token), payload: { code: p.joinCode, name: 'S', confirm: true } });
      await new Promise((resolve) => setTimeout(resolve, 400));
      seen = (await cohort(manager, p.id)).json();
    });
    expect(((await sharing!) as { statusCode: number }).statusCode).toBe(200);
    expect(seen).toMatchObject({ released: { teams: 2 } });
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 2, pending: 1 } });
    expect(await tables.rows(app, 'SELECT id FROM cohort_places')).toEqual([]);
  });

  it('stamps a share behind every share already in the programme, so an instance whose clock runs behind cannot put it before a released team', async () => {
    const { p, manager } = await setup({ cohortMinGroup: 2 });
    const a = await submittedResponse(app, answers('done', ['mfa', 'backup']));
    await share(app, a, p.joinCode, 'A');
    // A was shared on an instance whose clock runs an hour ahead of this one's.
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    await tables.exec(app, 'UPDATE responses SET shared_at = ? WHERE id = ?', ahead, a.id);
    const b = await submittedResponse(app, answers('done', ['mfa', 'backup']));
    await share(app, b, p.joinCode, 'B');
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 2, pending: 0 } });
    // C, a knock-out, shares third: it must wait for the next step. Stamped by this clock, B and C came
    // before A: the step closed on them, A left the figures and C's knock-out came in, and a reading
    // before and after differed by C less A.
    const c = await submittedResponse(app, answers('none', ['none']));
    await share(app, c, p.joinCode, 'C');
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 2, pending: 1 }, knockouts: [] });
    const times = await tables.rows(app, 'SELECT shared_name, shared_at FROM responses WHERE programme_id = ? ORDER BY shared_at', p.id) as { shared_name: string }[];
    expect(times.map((r) => r.shared_name)).toEqual(['A', 'B', 'C']);
  });

  it('counts no place kept under another COHORT_MIN_GROUP, so a step cannot close on places and a single team', async () => {
    const { p, manager } = await setup({ cohortMinGroup: 3 });
    const teams = [];
    for (let i = 0; i < 8; i++) {
      await later();
      const r = await submittedResponse(app, answers('done', ['mfa', 'backup']));
      await share(app, r, p.joinCode, `Team ${i}`);
      teams.push(r);
    }
    // Two teams withdraw while COHORT_MIN_GROUP was 2: all eight were released, so both keep a place.
    for (const r of teams.slice(6)) {
      await app.database.kysely.transaction().execute((trx) => createProgrammeRepository(trx).withdraw(r.id, { cohortStep: 2 }));
    }
    expect((await tables.rows(app, 'SELECT id FROM cohort_places')).length).toBe(2);
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 6, pending: 0 } });
    // Now 3: counted, the two places made a third step that the next team alone closed, and the figures
    // before and after it differed by that one team.
    await later();
    const next = await submittedResponse(app, answers('none', ['none']));
    await share(app, next, p.joinCode, 'Next');
    expect((await cohort(manager, p.id)).json()).toMatchObject({ released: { teams: 6, pending: 1 }, knockouts: [] });
  });

  it('team rows carry only what the programme was given: no id or count of attempts kept back or shared elsewhere', async () => {
    const { admin, p, manager } = await setup();
    const elsewhere = await createProgramme(app, admin, { name: 'Ander programma', kind: 'cohort' });
    // Attempt 1 goes to another programme, attempt 2 stays unshared, attempt 3 comes to this one.
    const first = await submittedResponse(app, answers('none', ['none']));
    await share(app, first, elsewhere.joinCode, 'Elders');
    const second = await retake(first, { 'm-dpia': { option: 'partly' } });
    const third = await retake(second, { 'm-dpia': { option: 'done' } });
    await share(app, third, p.joinCode, 'Team Drie');
    const body = (await cohort(manager, p.id)).body;
    expect(body).not.toContain(first.id);
    expect(body).not.toContain(second.id);
    const listed = JSON.parse(body).teamList;
    expect(listed).toEqual([{ id: third.id, name: 'Team Drie', attempts: 1, latestAt: expect.any(String), reviewStatus: 'submitted' }]);
    const drill = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort/teams/${third.id}`, headers: manager.read });
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.body).not.toContain(first.id);
    expect(drill.json()).toMatchObject({ id: third.id, attempts: [{ id: third.id, attempt: 1 }], change: null });
    // The chain's first attempt, which this programme never received, opens nothing here.
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort/teams/${first.id}`, headers: manager.read })).statusCode).toBe(404);
  });

  it('team-level rows only for those who may read each shared submission; the integration API gets figures only', async () => {
    const { admin, p, manager } = await setup();
    const r = await submittedResponse(app, answers('none', ['none']));
    await share(app, r, p.joinCode, 'Klein team');
    await createUser(app, 'assessor@example.org', 'assessor');
    await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
    const assessor = await login(app, 'assessor@example.org');
    const teamUrl = `/api/programmes/${p.id}/cohort/teams/${r.id}`;
    expect((await app.inject({ method: 'GET', url: teamUrl, headers: assessor.read })).statusCode).toBe(403);
    // Below the threshold the manager still sees the one team: it is in their submissions list anyway.
    expect((await cohort(manager, p.id)).json().teamList).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: teamUrl, headers: manager.read })).statusCode).toBe(200);
    const figures = (await (await withKey(manager, p.id))()).json();
    expect(figures).toMatchObject({ teams: 1, suppressed: true, reason: 'cohort-group-too-small' });
    expect(figures.teamList).toBeUndefined();
    expect(JSON.stringify(figures)).not.toContain('Klein team');
    expect(JSON.stringify(figures)).not.toMatch(/"(median|score)":\d/);
  });
});

describe('cohort page words (staff walkthrough)', () => {
  async function withKey(manager: Session, programmeId: string) {
    const created = await app.inject({ method: 'POST', url: `/api/programmes/${programmeId}/api-keys`, headers: manager.write, payload: { name: 'Dashboard' } });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json().key as string;
    return () => app.inject({ method: 'GET', url: '/api/integration/cohort', headers: { 'x-api-key': key } });
  }
  it('staff #4: knock-outs carry the question and the option in words, in both languages, also in the integration API', async () => {
    const { p, manager } = await setup({ cohortMinGroup: 1 });
    await share(app, await submittedResponse(app, answers('none', ['none'])), p.joinCode, 'Team KO');
    const { knockouts } = (await cohort(manager, p.id)).json();
    expect(knockouts).toEqual([{
      question: 'm-dpia', option: 'none', count: 1,
      questionText: { nl: 'Heeft u een DPIA gedaan?', en: 'Did you do a DPIA?' }, optionLabel: { nl: 'Nee', en: 'No' },
    }]);
    expect((await (await withKey(manager, p.id))()).json().knockouts).toEqual(knockouts);
  });

  it('staff #19: the team list carries the review status of each team\'s latest attempt', async () => {
    const { p, manager } = await setup();
    const r = await submittedResponse(app, answers('done', ['mfa']));
    await share(app, r, p.joinCode, 'Team Status');
    expect((await cohort(manager, p.id)).json().teamList).toEqual([expect.objectContaining({ name: 'Team Status', reviewStatus: 'submitted' })]);
  });
});
