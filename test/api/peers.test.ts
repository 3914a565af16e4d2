// Issue 16, items 4 and 5: the opt-in anonymous peer pool (consent, threshold, differencing, revocation
// by deletion, one row per team) and the cohort's pool and plan figures on the dashboard and the API.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';
import { releasedPool } from '../../server/integration/peers.js';
import { createPeerPoolRepository, teamTurnKey } from '../../server/repositories/peer-pool.js';
import { takeNamedTurn } from '../../server/db/dialect.js';
import { ON_POSTGRES } from '../helpers/postgres.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

const answers = (dpia: string, security: string[]) => ({
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: dpia }, 'm-retention': { option: 'yes' }, 'm-security': { options: security },
});
const VARIANTS = [answers('none', ['none']), answers('partly', ['mfa']), answers('done', ['mfa', 'backup']), answers('mostly', ['mfa', 'backup', 'pentest'])];

type R = { id: string; token: string };

/** Starts and submits a response, with or without consent. */
async function submitted(a: Record<string, unknown>, peerConsent?: boolean): Promise<R> {
  const started = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: a } });
  expect(started.statusCode, started.body).toBe(201);
  const r = started.json() as R;
  const res = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/submit`, headers: bearer(r.token), ...(peerConsent === undefined ? {} : { payload: { peerConsent } }) });
  expect(res.statusCode, res.body).toBe(200);
  return r;
}

const peers = async (r: R) => {
  const res = await app.inject({ method: 'GET', url: `/api/responses/${r.id}/peers`, headers: bearer(r.token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const poolSize = async () => Number((await tables.row(app, 'SELECT COUNT(*) AS n FROM peer_pool') as { n: number | string }).n);
const del = async (r: R) => expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(204);

describe('peer pool: consent', () => {
  it('keeps a report out of the pool without consent, puts only its scores in with it, and refuses a bad body', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 2 });
    const none = await submitted(VARIANTS[0]);
    const no = await submitted(VARIANTS[0], false);
    expect(await poolSize()).toBe(0);
    expect((await peers(none)).consented).toBe(false);
    const yes = await submitted(VARIANTS[1], true);
    expect(await poolSize()).toBe(1);
    expect((await peers(yes)).consented).toBe(true);
    expect((await peers(no)).consented).toBe(false);
    const row = await tables.row(app, 'SELECT * FROM peer_pool') as Record<string, unknown>;
    // Scores only: no name, no answers, no token; response_id only to revoke.
    expect(Object.keys(row).sort()).toEqual(['area', 'created_at', 'goal', 'major_version', 'precondition', 'response_id', 'scoring_version', 'value_scores']);
    expect(row).toMatchObject({ area: 'ai', major_version: 1, response_id: yes.id });
    // No answer (the option "mfa" of VARIANTS[1]); the random response id left out, which could hold the letters by chance.
    expect(JSON.stringify({ ...row, response_id: null })).not.toContain('mfa');

    const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: VARIANTS[0] } })).json() as R;
    const bad = await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: bearer(started.token), payload: { peerConsent: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
    const open = await app.inject({ method: 'GET', url: `/api/responses/${started.id}/peers`, headers: bearer(started.token) });
    expect(open.statusCode).toBe(409);
    expect(open.json().code).toBe('response-not-submitted');
  });

  it('revokes by deletion, and keeps one row per team: a consented re-take replaces the earlier one', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 2 });
    const first = await submitted(VARIANTS[0], true);
    const started = await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) });
    const next = started.json() as R;
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: VARIANTS[3] } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token), payload: { peerConsent: true } })).statusCode).toBe(200);
    expect(await tables.rows(app, 'SELECT response_id FROM peer_pool')).toEqual([{ response_id: next.id }]);
    await del(next);
    expect(await poolSize()).toBe(0);
  });
});

describe('peer pool: threshold and differencing', () => {
  it('shows nothing, not even the size, below PEER_MIN_POOL; compares with the released pool without the reader\'s own row; one report more or less below or at the threshold changes nothing', async () => {
    app = await staffApp({ peerMinPool: 4, cohortMinGroup: 2 });
    const me = await submitted(VARIANTS[1], true);
    const others: R[] = [];
    for (let i = 0; i < 2; i++) others.push(await submitted(VARIANTS[i % 4], true));
    // 3 rows in the pool, mine included: below the threshold.
    expect(await poolSize()).toBe(3);
    const below = await peers(me);
    expect(below).toEqual({ area: 'ai', majorVersion: 1, consented: true, available: false, size: null, needed: 4, dimensions: null, values: null });
    // One report fewer below the threshold: the same answer.
    await del(others.pop()!);
    expect(await peers(me)).toEqual(below);
    others.push(await submitted(VARIANTS[2], true));
    others.push(await submitted(VARIANTS[3], true));
    // 4 rows: the step is released, and mine is compared with the other 3 of it.
    const at = await peers(me);
    expect(at).toMatchObject({ available: true, size: 3, needed: 4 });
    const goal = at.dimensions.find((d: { id: string }) => d.id === 'goal');
    const pre = at.dimensions.find((d: { id: string }) => d.id === 'precondition');
    for (const d of [goal, pre]) {
      if (d.suppressed) continue;
      expect(d.percentile).toBeGreaterThanOrEqual(0);
      expect(d.percentile).toBeLessThanOrEqual(100);
      // Bins merge until each holds at least COHORT_MIN_GROUP reports, covering 0-100.
      expect(d.bins.every((b: { count: number }) => b.count >= 2)).toBe(true);
      expect(d.bins.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(d.n);
      expect(d.bins[0].from).toBe(0);
      expect(d.bins[d.bins.length - 1].to).toBe(100);
    }
    expect(at.values.length).toBe(app.catalog.values.length);
    // One report more at the threshold: nothing moves (it waits for a whole step).
    const extra = await submitted(VARIANTS[0], true);
    expect(await peers(me)).toEqual(at);
    // And taken away again: nothing moves either.
    await del(extra);
    expect(await peers(me)).toEqual(at);
    // Another report's view of the same pool does not include itself, and mine is in theirs.
    const theirs = await peers(others[0]);
    expect(theirs).toMatchObject({ available: true, size: 3 });
    // Without consent the comparison is still there to read; the report just is not in the pool.
    const reader = await submitted(VARIANTS[0]);
    expect(await peers(reader)).toMatchObject({ consented: false, available: true, size: 4 });
  });
});

describe('peer pool: a report that leaves', () => {
  const places = async () => Number((await tables.row(app, 'SELECT COUNT(*) AS n FROM peer_pool_places') as { n: number | string }).n);

  it('keeps the place of a released report that is deleted, so the first pending report does not enter the figures in its place', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 1 });
    const pool: R[] = [];
    for (let i = 0; i < 6; i++) pool.push(await submitted(VARIANTS[i % 4], true));
    const pending = await submitted(VARIANTS[3], true);
    const reader = await submitted(VARIANTS[0]);
    // Two steps of three released; the seventh waits for the next step.
    expect(await peers(reader)).toMatchObject({ available: true, size: 6 });
    // Deleting a released report: its founder, who knows its scores, must not see the pending one take its
    // place. Counted without a place, the steps closed one report later and the reader saw 6 again.
    await del(pool[0]);
    expect(await peers(reader)).toMatchObject({ available: true, size: 5 });
    expect(await places()).toBe(1);
    // The place has no scores; the pending report enters with the next whole step.
    expect(Object.keys(await tables.row(app, 'SELECT * FROM peer_pool_places') as object).sort()).toEqual(['area', 'created_at', 'id', 'major_version', 'step']);
    for (let i = 0; i < 2; i++) await submitted(VARIANTS[i], true);
    expect(await peers(reader)).toMatchObject({ available: true, size: 8 });
    expect(await peers(pending)).toMatchObject({ available: true, size: 7 });
  });

  it('keeps the place of a released report that its team\'s re-take replaces; a pending report leaves without one', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 1 });
    const pool: R[] = [];
    for (let i = 0; i < 3; i++) pool.push(await submitted(VARIANTS[i], true));
    const pending = await submitted(VARIANTS[3], true);
    const reader = await submitted(VARIANTS[0]);
    expect(await peers(reader)).toMatchObject({ available: true, size: 3 });
    // A pending report that is deleted leaves no place: no step has closed over it.
    await del(pending);
    expect(await places()).toBe(0);
    const next = (await app.inject({ method: 'POST', url: `/api/responses/${pool[0].id}/retake`, headers: bearer(pool[0].token) })).json() as R;
    expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token), payload: { peerConsent: true } })).statusCode).toBe(200);
    // The earlier attempt's row is gone and its place kept: two reports and a place released, the re-take pending.
    expect(await places()).toBe(1);
    expect(await tables.rows(app, 'SELECT response_id FROM peer_pool WHERE response_id = ?', pool[0].id)).toEqual([]);
    expect(await peers(reader)).toMatchObject({ available: false, size: null });
  });
});

describe('peer pool: joining order', () => {
  it('puts a report that joins after others behind them, even when it was submitted before they joined', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 1 });
    const pool: R[] = [];
    for (let i = 0; i < 4; i++) pool.push(await submitted(VARIANTS[i], true));
    const released = async () => releasedPool(await app.integration.peers.rows('ai', 1), 3).map((r) => r.responseId).sort();
    expect(await released()).toEqual(pool.slice(0, 3).map((r) => r.id).sort());
    // A submit's joining time was its submit time, fixed before the scores and the statement were stored:
    // a request that submitted before the third report joined and joined after it (two requests at once,
    // or two instances) went in before the third, so the step closed on it and the third, released and
    // read already, left the figures again. The difference of two readings was the late report less the
    // third, whose founder knows it.
    const late = await submitted(VARIANTS[0]);
    const third = await tables.row(app, 'SELECT * FROM peer_pool WHERE response_id = ?', pool[2].id) as Record<string, any>;
    const before = new Date(Date.parse(third.created_at) - 1).toISOString();
    await app.integration.peers.join({
      responseId: late.id, area: 'ai', majorVersion: 1, scoringVersion: Number(third.scoring_version), goal: third.goal, precondition: third.precondition,
      values: JSON.parse(third.value_scores), createdAt: before,
    });
    expect(await released()).toEqual(pool.slice(0, 3).map((r) => r.id).sort());
    await submitted(VARIANTS[1], true);
    // The next step: the fourth, the late one and the one after it.
    expect((await released()).length).toBe(6);
  });
});

describe('peer pool: one row per team, also when two attempts join at once', () => {
  it.skipIf(!ON_POSTGRES)('PostgreSQL: a re-take that joins while its earlier attempt is joining replaces it', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 1 });
    const first = await submitted(VARIANTS[0]);
    const next = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) })).json() as R;
    const { team_id: team } = await tables.row(app, 'SELECT team_id FROM response_scores WHERE response_id = ?', first.id) as { team_id: string };
    // The first attempt's join, caught between its insert and its commit (another request, or another
    // instance), while the re-take submits with consent. The re-take read the team's earlier rows before
    // any turn, saw none, and both rows stayed: the team counted twice, and one report could move a step.
    let submitting: Promise<{ statusCode: number; body: string }> | undefined;
    await app.database.kysely.transaction().execute(async (trx) => {
      await takeNamedTurn(trx, teamTurnKey(team));
      await trx.insertInto('peer_pool').values({
        response_id: first.id, area: 'ai', major_version: 1, scoring_version: 2, goal: 50, precondition: 50, value_scores: '{}', created_at: new Date().toISOString(),
      }).execute();
      submitting = app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token), payload: { peerConsent: true } });
      await new Promise((resolve) => setTimeout(resolve, 400));
    });
    const res = await submitting!;
    expect(res.statusCode, res.body).toBe(200);
    expect(await tables.rows(app, 'SELECT response_id FROM peer_pool')).toEqual([{ response_id: next.id }]);
  });
});

describe('peer pool: a changed PEER_MIN_POOL', () => {
  it('counts no place kept under another step, so a step cannot close on places and a single report', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 1 });
    const pool: R[] = [];
    for (let i = 0; i < 8; i++) pool.push(await submitted(VARIANTS[i % 4], true));
    // Two reports leave while PEER_MIN_POOL was 2: all eight were released, so both keep a place.
    const underTwo = createPeerPoolRepository(app.database.kysely, { minPool: 2 });
    for (const r of pool.slice(6)) await app.database.kysely.transaction().execute((trx) => underTwo.leave(r.id, trx));
    expect(Number((await tables.row(app, 'SELECT COUNT(*) AS n FROM peer_pool_places') as { n: number | string }).n)).toBe(2);
    const released = async () => releasedPool(await app.integration.peers.rows('ai', 1), 3).length;
    expect(await released()).toBe(6);
    // Now 3: counted, the two places made a third step that the next report alone closed, so the readings
    // before and after it differed by that one report.
    await submitted(VARIANTS[0], true);
    expect(await released()).toBe(6);
    await submitted(VARIANTS[1], true);
    await submitted(VARIANTS[2], true);
    expect(await released()).toBe(9);
  });
});

describe('cohort against the pool, and plan progress (item 5)', () => {
  async function programme() {
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Cohort 2026', kind: 'cohort' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    return { p, manager: await login(app, 'manager@example.org') };
  }
  let n = 0;
  const plan = (responseId: string, question: string, values: string[], status: string, due: string | null) => tables.exec(app,
    'INSERT INTO plan_items (id, response_id, question_id, kind, values_json, owner, due_date, status, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    `plan-${++n}`, responseId, question, 'improve', JSON.stringify(values), '', due, status, '', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');

  it('gives per area the cohort and pool medians under the thresholds, and adopted/done/overdue per value for at least k teams, on the dashboard and the integration API', async () => {
    app = await staffApp({ peerMinPool: 3, cohortMinGroup: 2 });
    const { p, manager } = await programme();
    const teams: R[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await submittedResponse(app, VARIANTS[i + 1]);
      await share(app, r, p.joinCode, `Team ${i}`);
      teams.push(r);
    }
    const read = async () => {
      const res = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort`, headers: manager.read });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    // Pool below its threshold: the cohort's medians are not shown against it.
    let c = await read();
    expect(c.peers).toEqual([{ area: 'ai', majorVersion: 1, available: false, size: null, needed: 3, dimensions: [{ id: 'goal', cohort: null, pool: null }, { id: 'precondition', cohort: null, pool: null }] }]);
    for (let i = 0; i < 3; i++) await submitted(VARIANTS[i], true);
    c = await read();
    expect(c.peers[0]).toMatchObject({ available: true, size: 3 });
    const pre = c.peers[0].dimensions.find((d: { id: string }) => d.id === 'precondition');
    expect(pre.pool).toEqual(expect.any(Number));
    expect(pre.cohort).toBe(c.dimensions.find((d: { id: string }) => d.id === 'precondition').distribution.median);

    // Plans: one team's actions alone are never shown; two teams' are.
    await plan(teams[0].id, 'm-dpia', ['privacy'], 'done', null);
    await plan(teams[0].id, 'm-security', ['privacy', 'security'], 'open', '2020-01-01');
    c = await read();
    expect(c.plans.teams).toBe(1);
    expect(c.plans.values.find((v: { id: string }) => v.id === 'privacy')).toEqual({ id: 'privacy', suppressed: true, adopted: null, done: null, overdue: null });
    await plan(teams[1].id, 'm-dpia', ['privacy'], 'in_progress', '2999-01-01');
    c = await read();
    expect(c.plans.teams).toBe(2);
    expect(c.plans.values.find((v: { id: string }) => v.id === 'privacy')).toEqual({ id: 'privacy', suppressed: false, adopted: 3, done: 1, overdue: 1 });
    expect(c.plans.values.find((v: { id: string }) => v.id === 'security')).toMatchObject({ suppressed: true, adopted: null });

    const created = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } });
    const api = await app.inject({ method: 'GET', url: '/api/integration/cohort', headers: { 'x-api-key': created.json().key } });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json().plans).toEqual(c.plans);
    expect(api.json().peers).toEqual(c.peers);
    expect(api.json().progress).toEqual(c.progress);
  });
});
