// One startup, many attempts (issue 14 item 1): the submissions list grouped per team, counts that agree
// on every screen and in the integration API, the integration API's team/attempt/reviews/Bearer, search
// that ignores accents, and "what changed since the attempt I reviewed" with the blind-review rule.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
// Each test has eight respondents submit and share: slow on a shared machine, not stuck.
vi.setConfig({ testTimeout: 90_000 });
afterEach(async () => {
  await app?.close();
});

const answers = (dpia: string, security: string[]) => ({
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: dpia }, 'm-retention': { option: 'yes' }, 'm-security': { options: security },
});

async function retake(r: { id: string; token: string }, changes: Record<string, unknown>) {
  const started = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) });
  expect(started.statusCode, started.body).toBe(201);
  const next = started.json() as { id: string; token: string };
  expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: changes } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}

/** A programme with a manager and two assessors; Fairhire shares three attempts, Lumen two, Ümlaut one. */
async function setup() {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Cohort 2026', kind: 'cohort' });
  const people: Record<string, Session> = {};
  for (const [email, role] of [['manager@example.org', 'manager'], ['a1@example.org', 'assessor'], ['a2@example.org', 'assessor']] as const) {
    await createUser(app, email, role);
    await assign(app, admin, p.id, email, role);
    people[email.split('@')[0]] = await login(app, email);
  }
  const f1 = await submittedResponse(app, answers('none', ['none']));
  await share(app, f1, p.joinCode, 'Fairhire AI');
  const l1 = await submittedResponse(app, answers('partly', ['mfa']));
  await share(app, l1, p.joinCode, 'Lumen Labs');
  const f2 = await retake(f1, { 'm-dpia': { option: 'partly' } });
  await share(app, f2, p.joinCode, 'Fairhire AI');
  const l2 = await retake(l1, {});
  await share(app, l2, p.joinCode, 'Lumen Labs');
  const f3 = await retake(f2, { 'm-dpia': { option: 'done' }, 'm-security': { options: ['mfa', 'backup'] } });
  await share(app, f3, p.joinCode, 'Fairhire AI');
  const k1 = await submittedResponse(app, answers('done', ['mfa', 'backup']));
  await share(app, k1, p.joinCode, 'Kwantum Krypto Ümlaut');
  return { admin, p, manager: people.manager, a1: people.a1, a2: people.a2, f1, f2, f3, l1, l2, k1 };
}

const list = (s: Session, id: string, query = '') => app.inject({ method: 'GET', url: `/api/programmes/${id}/submissions${query}`, headers: s.read });
const review = (score: number, judgement: string, comment: string) => ({
  scores: { privacy: { score, comment: `${comment} (privacy)` } }, judgement, comment, submit: true,
});

describe('attempts grouped per team', () => {
  it('staff #2: one row per team with its latest attempt and attempt count; earlier attempts by team or "all"', async () => {
    const { p, a1, f1, f2, f3, l2, k1 } = await setup();
    const res = await list(a1, p.id, '?sort=name&dir=asc');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((s: any) => [s.name, s.id, s.attempt, s.attemptCount, s.latestAttempt, s.latest])).toEqual([
      ['Fairhire AI', f3.id, 3, 3, 3, true],
      ['Kwantum Krypto Ümlaut', k1.id, 1, 1, 1, true],
      ['Lumen Labs', l2.id, 2, 2, 2, true],
    ]);
    expect(body.items[0].teamId).toBe(f1.id);

    const all = (await list(a1, p.id, '?attempts=all&sort=name&dir=asc')).json();
    expect(all.total).toBe(6);
    const team = (await list(a1, p.id, `?team=${f1.id}&sort=shared&dir=asc`)).json();
    expect(team.items.map((s: any) => [s.id, s.attempt, s.latest])).toEqual([[f1.id, 1, false], [f2.id, 2, false], [f3.id, 3, true]]);
    expect(team.total).toBe(3);
    expect((await list(a1, p.id, '?attempts=some')).statusCode).toBe(400);
    expect((await list(a1, p.id, '?team=x%27')).statusCode).toBe(400);
  });

  it('a team is the programme\'s own: named by its first attempt shared here and numbered among those, in the list, the team filter, the CSV, the integration API and the staff files', async () => {
    app = await staffApp();
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const a = await createProgramme(app, admin, { name: 'Programme A', kind: 'cohort' });
    const b = await createProgramme(app, admin, { name: 'Programme B', kind: 'cohort' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, a.id, 'manager@example.org', 'manager');
    const manager = await login(app, 'manager@example.org');
    // Attempt 1 goes to B, attempt 2 is kept back, attempts 3 and 4 go to A.
    const r1 = await submittedResponse(app, answers('none', ['none']));
    await share(app, r1, b.joinCode, 'Name in B');
    const r2 = await retake(r1, { 'm-dpia': { option: 'partly' } });
    const r3 = await retake(r2, { 'm-dpia': { option: 'done' } });
    await share(app, r3, a.joinCode, 'Name in A');
    const first = (await list(manager, a.id)).json();
    expect(first.items.map((s: any) => [s.id, s.teamId, s.attempt, s.attemptCount, s.latestAttempt, s.latest])).toEqual([[r3.id, r3.id, 1, 1, 1, true]]);
    const r4 = await retake(r3, { 'm-security': { options: ['mfa', 'backup'] } });
    await share(app, r4, a.joinCode, 'Name in A');
    const latest = (await list(manager, a.id)).json();
    expect(latest.items.map((s: any) => [s.id, s.teamId, s.attempt, s.attemptCount, s.latestAttempt, s.latest])).toEqual([[r4.id, r3.id, 2, 2, 2, true]]);
    // The team filter takes the id the list gives, and no id of an attempt the programme was not given.
    const team = (await list(manager, a.id, `?team=${r3.id}&sort=shared&dir=asc`)).json();
    expect(team.items.map((s: any) => [s.id, s.attempt, s.latest])).toEqual([[r3.id, 1, false], [r4.id, 2, true]]);
    for (const other of [r1.id, r2.id]) expect((await list(manager, a.id, `?team=${other}`)).json().total).toBe(0);
    const csv = (await app.inject({ method: 'GET', url: `/api/programmes/${a.id}/export.csv?attempts=all`, headers: manager.read })).body;
    expect(csv).toContain(r3.id);
    for (const hidden of [r1.id, r2.id]) expect(csv).not.toContain(hidden);
    const key = (await app.inject({ method: 'POST', url: `/api/programmes/${a.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } })).json().key;
    const integration = (await app.inject({ method: 'GET', url: '/api/integration/submissions?attempts=all', headers: { 'x-api-key': key } })).json();
    expect(integration.items.map((s: any) => [s.id, s.teamId, s.attempt]).sort()).toEqual([[r3.id, r3.id, 1], [r4.id, r3.id, 2]].sort());
    expect(JSON.stringify(integration)).not.toContain(r1.id);
    // The staff file's name says the attempt as the programme counts it.
    const docx = await app.inject({ method: 'GET', url: `/api/submissions/${r4.id}/report.docx`, headers: manager.read });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toMatch(/-poging-2\.docx/);
    // The cohort page's team and the list's team are the same id, so its link to the list works.
    const cohort = (await app.inject({ method: 'GET', url: `/api/programmes/${a.id}/cohort`, headers: manager.read })).json();
    expect(cohort.teamList.map((t: any) => t.id)).toEqual([r3.id]);
  });

  it('one attempt re-taken twice (two devices): the two new attempts are numbered apart, one of them is the latest, the team is named the same everywhere', async () => {
    app = await staffApp();
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Twice', kind: 'cohort' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    const manager = await login(app, 'manager@example.org');
    const first = await submittedResponse(app, answers('none', ['none']));
    // Both re-takes from the first attempt; the first attempt itself is kept back, so the team starts at a tie.
    const a = await retake(first, { 'm-dpia': { option: 'partly' } });
    const b = await retake(first, { 'm-dpia': { option: 'done' } });
    await share(app, a, p.joinCode, 'Twice AI');
    await share(app, b, p.joinCode, 'Twice AI');
    const all = (await list(manager, p.id, '?attempts=all&sort=shared&dir=asc')).json();
    const rows = all.items.map((s: any) => ({ id: s.id, teamId: s.teamId, attempt: s.attempt, count: s.attemptCount, latest: s.latest }));
    expect(rows.map((r: any) => r.attempt).sort()).toEqual([1, 2]);
    expect(rows.every((r: any) => r.count === 2)).toBe(true);
    expect(rows.filter((r: any) => r.latest)).toHaveLength(1);
    expect(new Set(rows.map((r: any) => r.teamId)).size).toBe(1);
    // Numbered in the order they were submitted, as the cohort orders them: the team is named by the first.
    const one = rows.find((r: any) => r.attempt === 1);
    const two = rows.find((r: any) => r.attempt === 2);
    expect([one.id, two.id]).toEqual([a.id, b.id]);
    expect(one.teamId).toBe(a.id);
    expect(two.latest).toBe(true);
    const cohortTeam = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort/teams/${a.id}`, headers: manager.read })).json();
    expect(cohortTeam.attempts.map((x: any) => x.id)).toEqual([a.id, b.id]);
    // The default list shows that latest attempt, once.
    const latest = (await list(manager, p.id)).json();
    expect(latest.total).toBe(1);
    expect(latest.items.map((s: any) => [s.id, s.attempt, s.latest])).toEqual([[two.id, 2, true]]);
  });

  it('a re-take of one of two re-takes submitted before the other: the list, the latest flag and the cohort\'s team agree on the order', async () => {
    app = await staffApp();
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Order', kind: 'cohort' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    const manager = await login(app, 'manager@example.org');
    const first = await submittedResponse(app, answers('none', ['none']));
    const a = await retake(first, { 'm-dpia': { option: 'partly' } });
    // The second re-take of the first attempt is started now and submitted last, after a re-take of the first re-take.
    const started = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) })).json() as { id: string; token: string };
    const third = await retake(a, { 'm-dpia': { option: 'done' } });
    expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: bearer(started.token) })).statusCode).toBe(200);
    for (const r of [first, a, started, third]) await share(app, r, p.joinCode, 'Order AI');
    const team = (await list(manager, p.id, `?team=${first.id}&attempts=all`)).json();
    const numbered = team.items.map((s: any) => [s.attempt, s.id, s.latest]).sort((x: any, y: any) => x[0] - y[0]);
    // By place in the chain, then submission: the re-take of a re-take is the latest, attempt 4.
    expect(numbered).toEqual([[1, first.id, false], [2, a.id, false], [3, started.id, false], [4, third.id, true]]);
    const cohortTeam = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort/teams/${first.id}`, headers: manager.read })).json();
    expect(cohortTeam.attempts.map((x: any) => x.id)).toEqual([first.id, a.id, started.id, third.id]);
  });

  it('staff #2: a withdrawn latest attempt hands the row to the previous shared one, and it is not counted', async () => {
    const { p, a1, f2, f3 } = await setup();
    const withdrawn = await app.inject({ method: 'DELETE', url: `/api/responses/${f3.id}/programme`, headers: bearer(f3.token) });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const body = (await list(a1, p.id, '?sort=name&dir=asc')).json();
    expect(body.items[0]).toMatchObject({ id: f2.id, attempt: 2, attemptCount: 2, latestAttempt: 2, latest: true });
    expect(body.total).toBe(3);
  });

  it('staff #2: the list, the programme list, the cohort page and the integration API count teams the same way', async () => {
    const { p, manager } = await setup();
    const total = (await list(manager, p.id)).json().total;
    const programmes = (await app.inject({ method: 'GET', url: '/api/programmes', headers: manager.read })).json();
    const programme = (Array.isArray(programmes) ? programmes : programmes.items).find((x: any) => x.id === p.id);
    const cohort = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort`, headers: manager.read })).json();
    const key = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } })).json().key;
    const integration = (await app.inject({ method: 'GET', url: '/api/integration/submissions', headers: { 'x-api-key': key } })).json();
    expect([total, programme.submissionCount, cohort.teams, integration.total, integration.items.length]).toEqual([3, 3, 3, 3, 3]);
    const everything = (await app.inject({ method: 'GET', url: '/api/integration/submissions?attempts=all', headers: { 'x-api-key': key } })).json();
    expect(everything.total).toBe(6);
  });

  it('staff #14: search ignores accents and case, and names shared before migration 014 are found after start-up', async () => {
    const { p, a1, k1 } = await setup();
    for (const q of ['umlaut', 'ÜMLAUT', 'Ümlaut', 'krypto um']) {
      const body = (await list(a1, p.id, `?q=${encodeURIComponent(q)}`)).json();
      expect(body.items.map((s: any) => s.id), q).toEqual([k1.id]);
    }
    expect((await list(a1, p.id, '?q=%25')).json().total).toBe(0);
    // A row as migration 014 leaves it (no key yet): the start-up backfill folds it in JS.
    await tables.exec(app, 'UPDATE responses SET shared_name_key = NULL');
    expect(await app.staffRepos.programmes.backfillSearchKeys(2)).toBe(6);
    expect((await list(a1, p.id, '?q=umlaut')).json().items.map((s: any) => s.id)).toEqual([k1.id]);
  });
});

describe('integration API', () => {
  it('staff #27: teamId and attempt, rounded goalScore, submitted reviews only, and Authorization: Bearer', async () => {
    const { p, manager, a1, a2, f1, f3 } = await setup();
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${f3.id}/review`, headers: a1.write, payload: review(62, 'conditional', 'Goed op weg') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${f3.id}/review`, headers: a2.write, payload: { ...review(10, 'negative', 'concept'), submit: false } })).statusCode).toBe(200);
    const key = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } })).json().key;
    const res = await app.inject({ method: 'GET', url: '/api/integration/submissions', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json().items.find((s: any) => s.id === f3.id);
    expect(item).toMatchObject({ teamId: f1.id, attempt: 3, attemptCount: 3, latest: true });
    // The walkthrough's unrounded goal score, rounded like the per-value scores.
    await tables.exec(app, 'UPDATE responses SET goal_score = 80.47575757575758, precondition_score = 29.75 WHERE id = ?', f3.id);
    const again = (await app.inject({ method: 'GET', url: '/api/integration/submissions', headers: { 'x-api-key': key } })).json();
    expect(again.items.find((s: any) => s.id === f3.id)).toMatchObject({ goalScore: 80.5, preconditionScore: 29.8 });
    expect(item.reviews).toHaveLength(1);
    expect(item.reviews[0]).toMatchObject({ judgement: 'conditional', scores: { privacy: 62 } });
    expect(JSON.stringify(item.reviews)).not.toContain('concept');
    for (const authorization of ['Bearer nope', 'Basic abc', `Bearer${key}`]) {
      expect((await app.inject({ method: 'GET', url: '/api/integration/submissions', headers: { authorization } })).statusCode, authorization).toBe(401);
    }
  });
});

describe('what changed since the attempt I reviewed', () => {
  const since = (s: Session, id: string) => app.inject({ method: 'GET', url: `/api/submissions/${id}/since-my-review?locale=en`, headers: s.read });

  it('item 1: shows the assessor the answers and score deltas since their own earlier review, and that review', async () => {
    const { a1, f2, f3 } = await setup();
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${f2.id}/review`, headers: a1.write, payload: review(40, 'negative', 'DPIA ontbreekt') })).statusCode).toBe(200);
    const res = await since(a1, f3.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json().since;
    expect(body.submission).toMatchObject({ id: f2.id, attempt: 2 });
    expect(body.review).toMatchObject({ judgement: 'negative', comment: 'DPIA ontbreekt', scores: { privacy: { score: 40 } } });
    expect(body.answers.sections.flatMap((s: any) => s.changes.map((c: any) => c.question)).sort()).toEqual(['m-dpia', 'm-security']);
    const privacy = body.scores.values.find((v: any) => v.id === 'privacy');
    expect(privacy.change).toBe(Math.round((privacy.after - privacy.before) * 10) / 10);
    const pre = body.scores.precondition;
    expect(pre.change).toBe(pre.before === null || pre.after === null ? null : Math.round((pre.after - pre.before) * 10) / 10);
    expect(body.scores.values.some((v: any) => v.change !== null && v.change !== 0)).toBe(true);
    // Nothing to compare on the first attempt of a team.
    expect((await since(a1, f2.id)).json().since).toBeNull();
  });

  it('item 1 blind rule: never another assessor\'s review, never a draft; a manager gets none; outside the programme 404', async () => {
    const { admin, a1, a2, manager, f2, f3 } = await setup();
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${f2.id}/review`, headers: a1.write, payload: review(40, 'negative', 'geheim oordeel') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${f2.id}/review`, headers: a2.write, payload: { ...review(70, 'positive', 'draft'), submit: false } })).statusCode).toBe(200);
    for (const who of [a2, manager]) {
      const res = await since(who, f3.id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().since).toBeNull();
    }
    const other = await createProgramme(app, admin, { name: 'Other' });
    await createUser(app, 'outsider@example.org', 'assessor');
    await assign(app, admin, other.id, 'outsider@example.org', 'assessor');
    const outsider = await login(app, 'outsider@example.org');
    expect((await since(outsider, f3.id)).statusCode).toBe(404);
    // An earlier attempt withdrawn from the programme is out of reach, with the answers it held.
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${f2.id}/programme`, headers: bearer(f2.token) })).statusCode).toBe(200);
    expect((await since(a1, f3.id)).json().since).toBeNull();
  });
});
