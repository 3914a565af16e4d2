// Assignment, quorum, side-by-side reviews and the decision (issue 14, item 4), with its mails
// (assignment, decision, the notice to the other managers). Runs on both engines.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAssignmentRepository, MAX_TASKS } from '../../server/repositories/assignments.js';
import { notifyStartupOfDecision } from '../../server/services/decisions.js';
import { SPREAD_FLAG_POINTS } from '../../server/services/review-comparison.js';
import * as tables from '../helpers/db.js';
import { startSmtp } from '../helpers/smtp.js';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

const PUBLIC_URL = 'https://toets.example.org';
// Each case builds a programme with five people and three submissions: slow on a busy machine.
const SLOW = { timeout: 120_000 };
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => { smtp = await startSmtp(); });
afterAll(async () => { await smtp.close(); });

let app: FastifyInstance;
afterEach(async () => { await app?.close(); });

interface World {
  admin: Session; m1: Session; m2: Session; a1: Session; a2: Session; a3: Session;
  ids: Record<'m1' | 'm2' | 'a1' | 'a2' | 'a3', string>;
  programme: { id: string; joinCode: string; name: string };
  subs: Array<{ id: string; token: string }>;
}

/** A programme with two managers, three assessors and three shared submissions (shared in order). */
async function world(opts: { mail?: boolean; prefix?: string } = {}): Promise<World> {
  const p = opts.prefix ?? '';
  app = await staffApp(opts.mail
    ? { publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'Zelftoets <zelftoets@example.org>', mailRetryBaseMs: 50, mailPollMs: 100, mailTimeoutMs: 5_000 }
    : {});
  const { session: admin } = await signedIn(app, `${p}admin@example.org`, 'admin');
  const programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
  const ids = {} as World['ids'];
  const sessions = {} as Record<keyof World['ids'], Session>;
  for (const [key, role] of [['m1', 'manager'], ['m2', 'manager'], ['a1', 'assessor'], ['a2', 'assessor'], ['a3', 'assessor']] as const) {
    const email = `${p}${key}@example.org`;
    ids[key] = (await createUser(app, email, role)).id;
    await assign(app, admin, programme.id, email, role);
    sessions[key] = await login(app, email);
  }
  const subs = [];
  for (const name of ['Startup Een', 'Startup Twee', 'Startup Drie']) {
    const s = await submittedResponse(app);
    await share(app, s, programme.joinCode, name);
    subs.push(s);
    await new Promise((r) => setTimeout(r, 3));
  }
  return { admin, ...sessions, ids, programme, subs } as World;
}

const assignOne = (by: Session, submissionId: string, assessorId: string) =>
  app.inject({ method: 'POST', url: `/api/submissions/${submissionId}/assignments`, headers: by.write, payload: { assessorId } });
const roundRobin = (by: Session, programmeId: string, payload: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: `/api/programmes/${programmeId}/assignments/round-robin`, headers: by.write, payload });
const tasks = async (s: Session) => {
  const res = await app.inject({ method: 'GET', url: '/api/me/tasks', headers: s.read });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ submission: { id: string; name: string }; programme: { id: string; name: string; deadline: string | null }; reviewStatus: string | null }>;
};
const valueIds = () => app.catalog.values.map((v) => v.id);
async function review(s: Session, submissionId: string, scores: Record<string, number | null>, judgement: string, submit = true) {
  const res = await app.inject({
    method: 'PUT', url: `/api/submissions/${submissionId}/review`, headers: s.write,
    payload: { scores: Object.fromEntries(Object.entries(scores).map(([v, score]) => [v, { score, comment: `c-${v}-${score}` }])), judgement, comment: 'overall', submit },
  });
  expect(res.statusCode, res.body).toBe(200);
}
const decisionView = (s: Session, id: string) => app.inject({ method: 'GET', url: `/api/submissions/${id}/decision`, headers: s.read });
const decide = (s: Session, id: string, outcome: string, rationale: string) =>
  app.inject({ method: 'PUT', url: `/api/submissions/${id}/decision`, headers: s.write, payload: { outcome, rationale } });

describe('assignment', SLOW, () => {
  it('a manager assigns a submission to an assessor of the programme by hand, and unassigns', async () => {
    const w = await world();
    const s = w.subs[0].id;
    const res = await assignOne(w.m1, s, w.ids.a1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().assignees.map((a: { id: string }) => a.id)).toEqual([w.ids.a1]);
    // Again: nothing changes.
    expect((await assignOne(w.m1, s, w.ids.a1)).json().assignees).toHaveLength(1);
    // Only assessors of the programme; a manager is not one, nor is an unknown id.
    const notAssessor = await assignOne(w.m1, s, w.ids.m2);
    expect(notAssessor.statusCode).toBe(404);
    expect(notAssessor.json().code).toBe('assessor-not-in-programme');
    // Assessors do not assign.
    expect((await assignOne(w.a1, s, w.ids.a2)).statusCode).toBe(403);
    const audit = await tables.rows(app, "SELECT action, detail FROM audit_log WHERE action LIKE 'assignment.%' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['assignment.add']);
    const del = await app.inject({ method: 'DELETE', url: `/api/submissions/${s}/assignments/${w.ids.a1}`, headers: w.m1.write });
    expect(del.statusCode, del.body).toBe(204);
    const again = await app.inject({ method: 'DELETE', url: `/api/submissions/${s}/assignments/${w.ids.a1}`, headers: w.m1.write });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('assignment-not-found');
    expect(await tasks(w.a1)).toEqual([]);
  });

  it('round-robin balances on open assignments, deterministically (ties by email), over all unassigned or a selection', async () => {
    const w = await world();
    const [s1, s2, s3] = w.subs.map((s) => s.id);
    await assignOne(w.m1, s1, w.ids.a1);
    const all = await roundRobin(w.m1, w.programme.id);
    expect(all.statusCode, all.body).toBe(200);
    // Open before: a1 1, a2 0, a3 0. s2 takes the two least loaded (a2, a3); then all have 1 and s3 takes a1, a2.
    expect(all.json().assigned).toEqual([
      { submissionId: s2, assessorId: w.ids.a2 }, { submissionId: s2, assessorId: w.ids.a3 },
      { submissionId: s3, assessorId: w.ids.a1 }, { submissionId: s3, assessorId: w.ids.a2 },
    ]);
    // A selection tops s1 up to the programme's 2 with the least loaded (a3: 1 open).
    const sel = await roundRobin(w.m1, w.programme.id, { submissionIds: [s1] });
    expect(sel.json().assigned).toEqual([{ submissionId: s1, assessorId: w.ids.a3 }]);
    // Nothing left to do: nothing assigned.
    expect((await roundRobin(w.m1, w.programme.id)).json().assigned).toEqual([]);
    // A submitted review closes an assignment, so its assessor counts as less loaded next time.
    const counts = await tables.rows(app, 'SELECT assessor_id, COUNT(*) AS n FROM review_assignments GROUP BY assessor_id');
    expect(Object.fromEntries(counts.map((c) => [c.assessor_id, Number(c.n)]))).toEqual({ [w.ids.a1]: 2, [w.ids.a2]: 2, [w.ids.a3]: 2 });
    expect((await roundRobin(w.a1, w.programme.id)).statusCode).toBe(403);
    const foreign = await roundRobin(w.m1, w.programme.id, { submissionIds: ['x'.repeat(22)] });
    expect(foreign.statusCode).toBe(404);
  });

  it('round-robin gives a submission whose assessor was taken off the programme an active one, also among "unassigned"', async () => {
    const w = await world();
    const [s1] = w.subs.map((s) => s.id);
    const first = await roundRobin(w.m1, w.programme.id, { perSubmission: 1 });
    expect(first.json().assigned).toEqual([
      { submissionId: s1, assessorId: w.ids.a1 }, { submissionId: w.subs[1].id, assessorId: w.ids.a2 }, { submissionId: w.subs[2].id, assessorId: w.ids.a3 },
    ]);
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${w.programme.id}/members/${w.ids.a1}`, headers: w.admin.write })).statusCode).toBe(204);
    // s1's only assessor is gone: it counts as unassigned again, and is topped up with an active one.
    const again = await roundRobin(w.m1, w.programme.id, { perSubmission: 1 });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().assigned).toEqual([{ submissionId: s1, assessorId: w.ids.a2 }]);
    expect((await roundRobin(w.m1, w.programme.id, { perSubmission: 1 })).json().assigned).toEqual([]);
  });

  it('each assessor has a to-do list across their programmes with their review state and the deadline', async () => {
    const w = await world();
    const deadline = new Date(Date.now() + 7 * 86400_000).toISOString();
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.m1.write, payload: { deadline } })).statusCode).toBe(200);
    await assignOne(w.m1, w.subs[0].id, w.ids.a1);
    await assignOne(w.m1, w.subs[1].id, w.ids.a1);
    let list = await tasks(w.a1);
    expect(list.map((t) => [t.submission.id, t.submission.name, t.reviewStatus])).toEqual([[w.subs[0].id, 'Startup Een', null], [w.subs[1].id, 'Startup Twee', null]]);
    expect(list[0].programme).toMatchObject({ id: w.programme.id, name: 'Subsidie AI 2026', deadline });
    await review(w.a1, w.subs[0].id, {}, 'positive', false);
    await review(w.a1, w.subs[1].id, {}, 'positive', true);
    list = await tasks(w.a1);
    expect(list.map((t) => t.reviewStatus)).toEqual(['draft', 'submitted']);
    expect(await tasks(w.a2)).toEqual([]);
    // A withdrawn submission leaves the list.
    await app.inject({ method: 'DELETE', url: `/api/responses/${w.subs[0].id}/programme`, headers: bearer(w.subs[0].token) });
    expect((await tasks(w.a1)).map((t) => t.submission.id)).toEqual([w.subs[1].id]);
  });

  // The list was the oldest MAX_TASKS assignments, done ones included: once an assessor had reviewed
  // that many, every new assignment fell past the cut and the to-do list showed only finished work.
  it('shows open tasks before finished ones, so work done never pushes a new assignment off the list', async () => {
    const w = await world();
    const assignments = createAssignmentRepository(app.database.kysely);
    const { questionnaire } = (await app.inject({ url: `/api/responses/${w.subs[0].id}`, headers: bearer(w.subs[0].token) })).json();
    const served = (await app.served.get(questionnaire.id))!;
    for (let i = 0; i < MAX_TASKS; i++) {
      const started = await app.repos.responses.create({ snapshotHash: served.hash, questionnaireId: served.document.id, area: served.document.area, locale: 'nl' });
      await tables.exec(app, "UPDATE responses SET status = 'submitted', submitted_at = updated_at WHERE id = ?", started.id);
      expect(await app.staffRepos.programmes.share(started.id, w.programme.id, `Eerder ${i}`)).toBe(true);
      await assignments.add(started.id, w.programme.id, w.ids.a1, w.ids.m1);
      await app.staffRepos.reviews.save({ responseId: started.id, programmeId: w.programme.id, assessorId: w.ids.a1, scores: {}, judgement: 'positive', comment: '', submit: true });
    }
    await new Promise((r) => setTimeout(r, 3));
    expect((await assignOne(w.m1, w.subs[0].id, w.ids.a1)).statusCode).toBe(200);
    const list = await tasks(w.a1);
    expect(list).toHaveLength(MAX_TASKS);
    expect(list[0]).toMatchObject({ submission: { id: w.subs[0].id }, reviewStatus: null });
  });
});

describe('quorum and side by side', SLOW, () => {
  it('reviews needed is a programme setting 1..10, default 2, for its managers', async () => {
    const w = await world();
    const get = async () => (await app.inject({ method: 'GET', url: `/api/programmes/${w.programme.id}`, headers: w.m1.read })).json();
    expect(await get()).toMatchObject({ reviewsNeeded: 2, showDecisionToStartups: false });
    for (const bad of [0, 11, 2.5, '3']) {
      const res = await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.m1.write, payload: { reviewsNeeded: bad } });
      expect(res.statusCode, String(bad)).toBe(400);
    }
    const ok = await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.m1.write, payload: { reviewsNeeded: 3, showDecisionToStartups: true } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await get()).toMatchObject({ reviewsNeeded: 3, showDecisionToStartups: true });
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.a1.write, payload: { reviewsNeeded: 1 } })).statusCode).toBe(403);
  });

  it('before the quorum the manager sees only how many are in and cannot decide; after it, every review per value with mean and a flagged spread', async () => {
    const w = await world();
    const s = w.subs[0].id;
    const [v1, v2, v3] = valueIds();
    await review(w.a1, s, { [v1]: 50, [v2]: 50, [v3]: null }, 'positive');
    let view = await decisionView(w.m1, s);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().quorum).toEqual({ needed: 2, submitted: 1, reached: false });
    expect(view.json().comparison).toBeNull();
    // Nothing the review said (random ids may contain "c-", so the whole comments are looked for).
    for (const said of [`c-${v1}-50`, `c-${v2}-50`, `c-${v3}-null`, 'overall', 'positive']) expect(view.body).not.toContain(said);
    const early = await decide(w.m1, s, 'fund', 'Sterk team');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('quorum-not-reached');
    // A draft does not count.
    await review(w.a2, s, { [v1]: 75 }, 'negative', false);
    expect((await decisionView(w.m1, s)).json().quorum.submitted).toBe(1);
    await review(w.a2, s, { [v1]: 75, [v2]: 60, [v3]: 40 }, 'negative');
    view = await decisionView(w.m1, s);
    const body = view.json();
    expect(body.quorum).toEqual({ needed: 2, submitted: 2, reached: true });
    expect(body.comparison.threshold).toBe(SPREAD_FLAG_POINTS);
    const byId = Object.fromEntries(body.comparison.values.map((v: { id: string }) => [v.id, v]));
    expect(byId[v1]).toMatchObject({ mean: 62.5, spread: 25, flagged: true });
    expect(byId[v1].reviews).toEqual([
      { assessorId: w.ids.a1, score: 50, comment: `c-${v1}-50` }, { assessorId: w.ids.a2, score: 75, comment: `c-${v1}-75` },
    ]);
    expect(byId[v2]).toMatchObject({ mean: 55, spread: 10, flagged: false });
    // One score: a mean, no spread.
    expect(byId[v3]).toMatchObject({ mean: 40, spread: null, flagged: false });
    expect(body.comparison.judgementsDiffer).toBe(true);
    expect(body.reviewers.map((r: { id: string }) => r.id)).toEqual([w.ids.a1, w.ids.a2]);
  });
});

describe('decision', SLOW, () => {
  it('is recorded after the quorum, changeable with its history kept, audited, sent by webhook and in the integration API', async () => {
    const w = await world();
    const s = w.subs[0].id;
    await app.integration.webhooks.create({ programmeId: w.programme.id, url: 'https://hooks.example.org/x', events: ['submission.decided'], createdBy: w.ids.m1 });
    const { key } = await app.integration.apiKeys.create({ programmeId: w.programme.id, name: 'crm', createdBy: w.ids.m1 });
    await review(w.a1, s, {}, 'positive');
    await review(w.a2, s, {}, 'conditional');
    for (const bad of [{ outcome: 'maybe', rationale: 'x' }, { outcome: 'fund', rationale: '   ' }, { outcome: 'fund', rationale: 'x'.repeat(5001) }]) {
      const res = await decide(w.m1, s, bad.outcome, bad.rationale);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 60)).toBe(400);
    }
    const first = await decide(w.m1, s, 'fund_with_conditions', 'Sterk team; DPIA afronden');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().decision).toMatchObject({ outcome: 'fund_with_conditions', rationale: 'Sterk team; DPIA afronden', version: 1, decidedBy: 'm1@example.org' });
    const second = await decide(w.admin, s, 'fund', 'DPIA is af');
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().history.map((d: { outcome: string }) => d.outcome)).toEqual(['fund', 'fund_with_conditions']);
    const audit = await tables.rows<{ action: string; detail: string }>(app, "SELECT action, detail FROM audit_log WHERE action = 'decision.record' ORDER BY id");
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      { outcome: 'fund_with_conditions', rationale: 'Sterk team; DPIA afronden', version: 1, previous: null },
      { outcome: 'fund', rationale: 'DPIA is af', version: 2, previous: 'fund_with_conditions' },
    ]);
    const deliveries = await tables.rows<{ payload: string }>(app, "SELECT payload FROM webhook_deliveries WHERE event = 'submission.decided' ORDER BY created_at");
    expect(deliveries).toHaveLength(2);
    const payload = JSON.parse(deliveries[1].payload);
    expect(payload).toMatchObject({ event: 'submission.decided', programmeId: w.programme.id, data: { submission: { id: s, name: 'Startup Een' }, decision: { outcome: 'fund', rationale: 'DPIA is af', version: 2 } } });
    // No assessor identities or scores travel with it.
    expect(deliveries[1].payload).not.toContain('a1@example.org');
    const api = await app.inject({ method: 'GET', url: '/api/integration/submissions', headers: { 'x-api-key': key } });
    expect(api.statusCode, api.body).toBe(200);
    const items = api.json().items as Array<{ id: string; decision: unknown }>;
    expect(items.find((i) => i.id === s)!.decision).toMatchObject({ outcome: 'fund', rationale: 'DPIA is af' });
    expect(items.find((i) => i.id === w.subs[1].id)!.decision).toBeNull();
  });

  it('is shown to the startup only when the programme chooses so: outcome and rationale, never assessors or scores', async () => {
    const w = await world();
    const s = w.subs[0];
    const [v1] = valueIds();
    await review(w.a1, s.id, { [v1]: 10 }, 'positive');
    await review(w.a2, s.id, { [v1]: 90 }, 'positive');
    const startupView = () => app.inject({ method: 'GET', url: `/api/responses/${s.id}/decision`, headers: bearer(s.token) });
    expect((await startupView()).json()).toEqual({ decision: null });
    await decide(w.m1, s.id, 'decline', 'Past niet bij de call');
    // Off by default.
    expect((await startupView()).json()).toEqual({ decision: null });
    await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.m1.write, payload: { showDecisionToStartups: true } });
    const shown = await startupView();
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ decision: { programme: 'Subsidie AI 2026', outcome: 'decline', rationale: 'Past niet bij de call', decidedAt: expect.any(String) } });
    expect(shown.body).not.toMatch(/example\.org|score|assessor/);
    // Another startup's token gets nothing of it.
    expect((await app.inject({ method: 'GET', url: `/api/responses/${s.id}/decision`, headers: bearer(w.subs[1].token) })).statusCode).toBe(404);
  });

  it('blind rule: an assessor sees neither the decision page nor the decision in the audit trail before submitting their own review', async () => {
    const w = await world();
    const s = w.subs[0].id;
    await review(w.a1, s, {}, 'positive');
    await review(w.a2, s, {}, 'negative');
    expect((await decide(w.m1, s, 'fund', 'Geheime motivering')).statusCode).toBe(200);
    const before = await decisionView(w.a3, s);
    expect(before.statusCode).toBe(403);
    expect(before.body).not.toContain('Geheime');
    const page = await app.inject({ method: 'GET', url: `/api/submissions/${s}`, headers: w.a3.read });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Geheime');
    expect(page.json().audit.map((a: { action: string }) => a.action)).not.toContain('decision.record');
    // Assessors never decide.
    expect((await decide(w.a1, s, 'decline', 'x')).statusCode).toBe(403);
    await review(w.a3, s, {}, 'positive');
    const after = await decisionView(w.a3, s);
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json()).toMatchObject({ canDecide: false, decision: { outcome: 'fund', rationale: 'Geheime motivering' } });
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${s}`, headers: w.a3.read })).json().audit.map((a: { action: string }) => a.action)).toContain('decision.record');
  });
});

describe('mails', SLOW, () => {
  it('assignment mail to the assessor in their language: programme, count and a link to their to-do list, no startup name', async () => {
    const w = await world({ mail: true, prefix: 'as-' });
    await tables.exec(app, "UPDATE users SET locale = 'en' WHERE id = ?", w.ids.a2);
    await roundRobin(w.m1, w.programme.id, { perSubmission: 1 });
    // a1, a2, a3 each get one submission; one mail each.
    const mail = await smtp.mailFor('as-a2@example.org');
    expect(mail.subject).toBe('New reviews for Subsidie AI 2026');
    expect(mail.text).toContain('1 submission of Subsidie AI 2026 was assigned to you');
    expect(mail.text).toContain(`${PUBLIC_URL}/staff/tasks`);
    expect(mail.text).not.toMatch(/Startup (Een|Twee|Drie)/);
    const nl = await smtp.mailFor('as-a1@example.org');
    expect(nl.subject).toBe('Nieuwe beoordelingen voor Subsidie AI 2026');
    await assignOne(w.m1, w.subs[1].id, w.ids.a1);
    expect((await smtp.mailFor('as-a1@example.org', 2)).text).toContain('Er is 1 inzending van Subsidie AI 2026 aan u toegewezen');
    // Only an assessor who cannot sign in yet is told how to get in.
    expect(mail.text).not.toContain('password');
    expect(nl.text).not.toContain('wachtwoord');
  });

  it('an assessor invited who has not set a password yet is told, in the assignment mail, how to get in', async () => {
    const w = await world({ mail: true, prefix: 'np-' });
    await tables.exec(app, 'UPDATE users SET password_hash = NULL WHERE id = ?', w.ids.a1);
    await tables.exec(app, "UPDATE users SET password_hash = NULL, locale = 'en' WHERE id = ?", w.ids.a2);
    await assignOne(w.m1, w.subs[0].id, w.ids.a1);
    await assignOne(w.m1, w.subs[0].id, w.ids.a2);
    expect((await smtp.mailFor('np-a1@example.org')).text).toContain('U heeft nog geen wachtwoord ingesteld. Gebruik eerst de link in uw uitnodiging, of vraag op de inlogpagina een nieuwe aan met "Wachtwoord vergeten?".');
    expect((await smtp.mailFor('np-a2@example.org')).text).toContain('You have not set a password yet.');
  });

  it('a decision notice goes to the programme\'s other managers; the startup is mailed only with an address and the programme\'s consent', async () => {
    const w = await world({ mail: true, prefix: 'dn-' });
    const s = w.subs[0].id;
    await review(w.a1, s, {}, 'positive');
    await review(w.a2, s, {}, 'positive');
    await decide(w.m1, s, 'fund', 'Goed plan');
    const notice = await smtp.mailFor('dn-m2@example.org');
    expect(notice.subject).toBe('Besluit genomen: Startup Een (Subsidie AI 2026)');
    expect(notice.text).toContain(`${PUBLIC_URL}/staff/submissions/${s}/decision`);
    const toDecider = await tables.value<number>(app, "SELECT COUNT(*) FROM mail_outbox WHERE recipient = ? AND template = 'decision-notice'", 'dn-m1@example.org');
    expect(Number(toDecider)).toBe(0);
    // This startup left no address, so no decision mail goes to it (test/api/wire.test.ts: one that did).
    expect(await tables.value(app, "SELECT COUNT(*) FROM mail_outbox WHERE template = 'decision'").then(Number)).toBe(0);
    const p = (await app.staffRepos.programmes.find(w.programme.id))!;
    const decision = { outcome: 'fund' as const, rationale: 'Goed plan' };
    const known = async () => ({ email: 'founder@example.org', locale: 'en' as const, unsubscribePath: '/unsubscribe#x' });
    expect(await notifyStartupOfDecision(app, { programme: p, responseId: s, decision, addressOf: known })).toBeNull();
    await tables.exec(app, 'UPDATE programmes SET show_decision = 1 WHERE id = ?', p.id);
    const shown = (await app.staffRepos.programmes.find(p.id))!;
    expect(await notifyStartupOfDecision(app, { programme: shown, responseId: s, decision, addressOf: async () => null })).toBeNull();
    expect(await notifyStartupOfDecision(app, { programme: shown, responseId: s, decision, addressOf: known })).toMatchObject({ state: 'queued' });
    const mail = await smtp.mailFor('founder@example.org');
    expect(mail.subject).toBe('Decision of Subsidie AI 2026');
    expect(mail.text).toContain('funded');
    expect(mail.text).toContain('Goed plan');
    expect(mail.text).not.toMatch(/dn-a\d@example\.org/);
  });
});
