// The review screen's server side (issue 14, item 2): scores with one decimal ("55,5" on screen), status
// changes refused with a clear code, audit entries that say from which status to which, and report
// answers that name their values so the screen can put them next to each value's score field.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgramme, share, signedIn, staffApp, submittedResponse, memberOf, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

const member = (programmeId: string, email: string, role: 'manager' | 'assessor') => memberOf(app, programmeId, email, role);

async function setup() {
  const p = await createProgramme(app, admin, { name: 'Decimalen' });
  const alice = await member(p.id, 'alice@example.org', 'assessor');
  const bob = await member(p.id, 'bob@example.org', 'assessor');
  const manager = await member(p.id, 'manager@example.org', 'manager');
  const r = await submittedResponse(app);
  await share(app, r, p.joinCode, 'Acme');
  return { p, alice, bob, manager, r };
}

const putReview = (who: Session, id: string, score: unknown, submit = false) =>
  app.inject({
    method: 'PUT', url: `/api/submissions/${id}/review`, headers: who.write,
    payload: { scores: { privacy: { score, comment: 'ok' } }, judgement: submit ? 'positive' : null, comment: '', submit },
  });
const setStatus = (who: Session, id: string, status: string) =>
  app.inject({ method: 'PUT', url: `/api/submissions/${id}/status`, headers: who.write, payload: { status } });

describe('review scores with one decimal (staff #15)', () => {
  it('staff #15: stores 55.5, refuses two decimals and out-of-range with a 400, and the CSV mean stays right', async () => {
    const { p, alice, bob, manager, r } = await setup();
    const saved = await putReview(alice, r.id, 55.5, true);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().scores.privacy.score).toBe(55.5);

    for (const bad of [55.55, 100.5, -0.5, 101]) {
      const res = await putReview(bob, r.id, bad);
      expect(res.statusCode, `${bad}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.json().message).toMatch(/scores\/privacy/);
    }
    expect((await putReview(bob, r.id, 60, true)).statusCode).toBe(200);

    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: manager.read })).json();
    expect(detail.otherReviews.map((x: { scores: { privacy: { score: number } } }) => x.scores.privacy.score).sort()).toEqual([55.5, 60]);
    // (55.5 + 60) / 2 = 57.75, one decimal: 57.8; Dutch with a decimal comma.
    const nl = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv?locale=nl`, headers: manager.read })).body;
    expect(nl).toContain(';57,8;');
    const en = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv?locale=en`, headers: manager.read })).body;
    expect(en).toMatch(/57\.8/);
  });

  it('staff #15: a float that is one decimal in disguise (0.1 + 0.2) is kept as 0.3', async () => {
    const { alice, r } = await setup();
    const res = await putReview(alice, r.id, 0.1 + 0.2);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().scores.privacy.score).toBe(0.3);
  });
});

describe('status changes (staff #1, #17)', () => {
  it('staff #1: "reviewed" without a submitted review is a 409 with a code, and the typed draft is kept', async () => {
    const { alice, r } = await setup();
    expect((await putReview(alice, r.id, 42)).statusCode).toBe(200);
    const refused = await setStatus(alice, r.id, 'reviewed');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ statusCode: 409, code: 'review-required' });
    const wrongStep = await setStatus(alice, r.id, 'submitted');
    expect(wrongStep.statusCode).toBe(200);
    expect((await setStatus(alice, r.id, 'reviewed')).json()).toMatchObject({ code: 'status-transition-invalid' });
    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: alice.read })).json();
    expect(detail.ownReview.scores.privacy).toEqual({ score: 42, comment: 'ok' });
  });

  it('staff #17: every status change in the audit trail says from which status to which', async () => {
    const { alice, manager, r } = await setup();
    expect((await setStatus(manager, r.id, 'in_review')).statusCode).toBe(200);
    expect((await putReview(alice, r.id, 70, true)).statusCode).toBe(200);
    expect((await setStatus(manager, r.id, 'reviewed')).statusCode).toBe(200);
    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: manager.read })).json();
    const changes = detail.audit.filter((a: { action: string }) => a.action === 'status.change').map((a: { detail: unknown }) => a.detail);
    expect(changes).toEqual([{ from: 'submitted', to: 'in_review' }, { from: 'in_review', to: 'reviewed' }]);
  });
});

// The history was the oldest 500 entries: once a submission had that many (every saved review draft is
// one), what happened last, a status change or a decision, was no longer shown.
describe('audit trail of a long-reviewed submission', () => {
  it('staff #17: shows the newest 500 entries, oldest first, so the latest change is always in it', async () => {
    const { p, alice, manager, r } = await setup();
    for (let i = 0; i < 510; i++) {
      await app.staffRepos.audit.record({ actorType: 'system', actorId: null, action: 'review.save', programmeId: p.id, responseId: r.id, detail: { n: i } });
    }
    expect((await putReview(alice, r.id, 70, true)).statusCode).toBe(200);
    expect((await setStatus(manager, r.id, 'reviewed')).statusCode).toBe(200);
    const audit = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: manager.read })).json().audit;
    expect(audit).toHaveLength(500);
    expect(audit.at(-1)).toMatchObject({ action: 'status.change', detail: { from: 'in_review', to: 'reviewed' } });
    expect(audit.map((a: { at: string }) => a.at)).toEqual(audit.map((a: { at: string }) => a.at).sort());
  });
});

describe('answers per value (staff #5)', () => {
  it('staff #5: each answer in the staff report names the values its question counts for', async () => {
    const { alice, r } = await setup();
    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: alice.read })).json();
    const byQuestion = new Map(detail.report.answers.map((a: { question: string; values: string[] }) => [a.question, a.values]));
    expect(byQuestion.get('m-dpia')).toEqual(['privacy']);
    expect(byQuestion.get('m-security')).toEqual(['security', 'privacy']);
    expect(byQuestion.get('m-context')).toEqual([]);
  });
});
