// Reviews belong to the programme they were written in (issue 10, item 1), the blind-review rule holds
// in the audit trail and the CSV too (item 3), and staff see only the earlier attempts shared with
// their own programme (item 9).
import type { FastifyInstance } from 'fastify';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../server/db/database.js';
import { ROOT } from '../helpers/app.js';
import {
  bearer, createProgramme, share, signedIn, staffApp, submittedResponse, memberOf, type Session } from '../helpers/staff.js';

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

const review = (judgement: string, comment: string, score: number, submit = true) => ({
  scores: { privacy: { score, comment: `${comment} (privacy)` } }, judgement, comment, submit,
});

async function putReview(who: Session, id: string, body: ReturnType<typeof review>) {
  return app.inject({ method: 'PUT', url: `/api/submissions/${id}/review`, headers: who.write, payload: body });
}
const get = async (who: Session, url: string) => app.inject({ method: 'GET', url, headers: who.read });
const withdraw = async (r: { id: string; token: string }) => {
  const res = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) });
  expect(res.statusCode, res.body).toBe(200);
};

describe('reviews are scoped to the programme they were written in', () => {
  it('does not carry programme A\'s reviews, status or audit to programme B after a withdrawal and re-share', async () => {
    const a = await createProgramme(app, admin, { name: 'A' });
    const b = await createProgramme(app, admin, { name: 'B' });
    const assessorA = await member(a.id, 'assessor-a@example.org', 'assessor');
    const managerB = await member(b.id, 'manager-b@example.org', 'manager');
    const assessorB = await member(b.id, 'assessor-b@example.org', 'assessor');
    const r = await submittedResponse(app);

    await share(app, r, a.joinCode, 'Acme');
    expect((await putReview(assessorA, r.id, review('negative', 'A-secret', 12))).statusCode).toBe(200);
    const done = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/status`, headers: assessorA.write, payload: { status: 'reviewed' } });
    expect(done.json().reviewStatus).toBe('reviewed');

    await withdraw(r);
    await share(app, r, b.joinCode, 'Acme');

    const seen = (await get(managerB, `/api/submissions/${r.id}`)).json();
    expect(seen.otherReviews).toEqual([]);
    expect(seen.submission).toMatchObject({ reviewStatus: 'submitted', reviewsSubmitted: 0 });
    expect(JSON.stringify(seen)).not.toContain('assessor-a@example.org');
    const list = (await get(managerB, `/api/programmes/${b.id}/submissions`)).json();
    expect(list.items[0]).toMatchObject({ reviewStatus: 'submitted', reviewsSubmitted: 0 });
    expect((await get(managerB, `/api/programmes/${b.id}/submissions?status=reviewed`)).json().total).toBe(0);
    const csv = (await get(managerB, `/api/programmes/${b.id}/export.csv`)).body;
    expect(csv).not.toContain('A-secret');
    expect(csv).not.toContain('assessor-a@example.org');
    expect(csv).not.toContain(';12;');

    // B cannot call it reviewed on A's review: it needs one of its own.
    const status = (to: string) => app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/status`, headers: managerB.write, payload: { status: to } });
    expect((await status('in_review')).statusCode).toBe(200);
    expect((await status('reviewed')).statusCode).toBe(409);
    expect((await get(assessorB, `/api/submissions/${r.id}`)).json()).toMatchObject({ othersHidden: 0, otherReviews: [], ownReview: null });
    expect((await putReview(assessorB, r.id, review('positive', 'B-view', 80))).statusCode).toBe(200);
    expect((await status('reviewed')).statusCode).toBe(200);

    // Back to A: A's review is A's again, B's stays in B; A has to confirm "reviewed" anew.
    await withdraw(r);
    await share(app, r, a.joinCode, 'Acme');
    const inA = (await get(assessorA, `/api/submissions/${r.id}`)).json();
    expect(inA.ownReview).toMatchObject({ judgement: 'negative', comment: 'A-secret' });
    expect(inA.otherReviews).toEqual([]);
    expect(inA.submission).toMatchObject({ reviewStatus: 'in_review', reviewsSubmitted: 1 });
    expect(JSON.stringify(inA)).not.toContain('B-view');
  });

  it('lets an assessor of both programmes review the submission afresh in the second', async () => {
    const a = await createProgramme(app, admin, { name: 'A' });
    const b = await createProgramme(app, admin, { name: 'B' });
    const both = await member(a.id, 'both@example.org', 'assessor');
    await member(b.id, 'both@example.org', 'assessor');
    const managerB = await member(b.id, 'manager-b@example.org', 'manager');
    const r = await submittedResponse(app);
    await share(app, r, a.joinCode, 'Acme');
    expect((await putReview(both, r.id, review('negative', 'in A', 10))).statusCode).toBe(200);
    await withdraw(r);
    await share(app, r, b.joinCode, 'Acme');

    expect((await get(both, `/api/submissions/${r.id}`)).json().ownReview).toBeNull();
    const again = await putReview(both, r.id, review('positive', 'in B', 90));
    expect(again.statusCode, again.body).toBe(200);
    const inB = (await get(managerB, `/api/submissions/${r.id}`)).json();
    expect(inB.otherReviews.map((x: any) => [x.judgement, x.comment])).toEqual([['positive', 'in B']]);
  });
});

describe('blind review holds in every view', () => {
  it('hides other assessors\' review work from the audit trail and the CSV until one\'s own review is submitted', async () => {
    const p = await createProgramme(app, admin);
    const a1 = await member(p.id, 'a1@example.org', 'assessor');
    const a2 = await member(p.id, 'a2@example.org', 'assessor');
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Acme');
    expect((await putReview(a1, r.id, review('conditional', 'draft-thought', 30, false))).statusCode).toBe(200);
    expect((await putReview(a1, r.id, review('negative', 'final-thought', 20))).statusCode).toBe(200);

    const seen = (await get(a2, `/api/submissions/${r.id}`)).json();
    expect(seen.otherReviews).toEqual([]);
    const others = seen.audit.filter((e: any) => e.actor === 'a1@example.org');
    expect(others).toEqual([]);
    const text = JSON.stringify(seen.audit);
    expect(text).not.toContain('negative');
    expect(text).not.toContain('conditional');
    const csv = (await get(a2, `/api/programmes/${p.id}/export.csv`)).body;
    expect(csv).not.toContain('a1@example.org');
    expect(csv).not.toContain('negative');
    expect(csv).not.toContain('final-thought');

    // Once a2 has submitted, a1's submitted work shows; a1's drafts never show their judgement to others.
    expect((await putReview(a2, r.id, review('positive', 'mine', 70))).statusCode).toBe(200);
    const after = (await get(a2, `/api/submissions/${r.id}`)).json();
    const byA1 = after.audit.filter((e: any) => e.actor === 'a1@example.org');
    expect(byA1.map((e: any) => [e.action, e.detail])).toEqual([['review.save', {}], ['review.submit', { judgement: 'negative' }]]);
    // The author sees their own draft's judgement.
    const own = (await get(a1, `/api/submissions/${r.id}`)).json().audit.filter((e: any) => e.actor === 'a1@example.org');
    expect(own[0]).toMatchObject({ action: 'review.save', detail: { judgement: 'conditional' } });
  });
});

describe('report history for staff', () => {
  it('shows only earlier attempts shared with (and not withdrawn from) the viewer\'s programme', async () => {
    const p = await createProgramme(app, admin);
    const other = await createProgramme(app, admin, { name: 'Elders' });
    const manager = await member(p.id, 'manager@example.org', 'manager');
    const first = await submittedResponse(app);
    const retake = async (from: { id: string; token: string }, answers: Record<string, unknown>) => {
      const started = await app.inject({ method: 'POST', url: `/api/responses/${from.id}/retake`, headers: bearer(from.token) });
      expect(started.statusCode, started.body).toBe(201);
      const { id, token } = started.json();
      await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: bearer(token), payload: { answers } });
      expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) })).statusCode).toBe(200);
      return { id, token };
    };
    const second = await retake(first, { 'm-security': { options: ['mfa'] } });
    const third = await retake(second, { 'm-retention': { option: 'no' } });

    // Nothing earlier shared with p: no history, no change against an attempt p never saw.
    await share(app, first, other.joinCode, 'Acme');
    await share(app, third, p.joinCode, 'Acme');
    let report = (await get(manager, `/api/submissions/${third.id}`)).json().report;
    expect(report.history).toEqual([]);
    expect(report.dimensions.goal.change).toBeNull();
    expect(report.dimensions.precondition.change).toBeNull();

    // The second attempt shared with p shows; withdrawn, it goes again.
    await share(app, second, p.joinCode, 'Acme');
    report = (await get(manager, `/api/submissions/${third.id}`)).json().report;
    expect(report.history.map((h: any) => h.id)).toEqual([second.id]);
    await withdraw(second);
    report = (await get(manager, `/api/submissions/${third.id}`)).json().report;
    expect(report.history).toEqual([]);

    // The startup itself still sees every attempt.
    const own = (await app.inject({ method: 'GET', url: `/api/responses/${third.id}/report`, headers: bearer(third.token) })).json();
    expect(own.history.map((h: any) => h.id)).toEqual([first.id, second.id]);
  });
});

describe('migration 005 attributes existing reviews to a programme', () => {
  it('uses the review\'s own audit entries, then the share in force when it was written, then membership', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-mig-'));
    const all = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
    for (const f of all.filter((f) => f < '005')) copyFileSync(join(ROOT, 'migrations', f), join(dir, f));
    const db = openDatabase(':memory:');
    migrate(db, dir);
    const t = (h: number) => `2026-01-01T${String(h).padStart(2, '0')}:00:00.000Z`;
    db.prepare(`INSERT INTO questionnaire_snapshots VALUES ('h', 'mini', '1', 'ai', '{}', ?)`).run(t(0));
    for (const [id, progId] of [['r1', 'B'], ['r2', null], ['r3', 'A'], ['r4', null]] as const) {
      db.prepare(`INSERT INTO responses (id, token_hash, snapshot_hash, questionnaire_id, area, locale, status, created_at, updated_at, programme_id, review_status)
        VALUES (?, ?, 'h', 'mini', 'ai', 'nl', 'submitted', ?, ?, NULL, ?)`).run(id, `th-${id}`, t(0), t(0), progId ? 'reviewed' : null);
    }
    for (const p of ['A', 'B']) db.prepare(`INSERT INTO programmes VALUES (?, ?, 'subsidy', '["ai"]', ?, NULL, NULL, ?, ?)`).run(p, p, `CODE000${p}`, t(0), t(0));
    for (const [u, role] of [['u1', 'assessor'], ['u2', 'assessor'], ['u3', 'assessor'], ['u4', 'assessor']]) {
      db.prepare(`INSERT INTO users (id, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`).run(u, `${u}@x.org`, role, t(0), t(0));
    }
    db.prepare(`INSERT INTO programme_members VALUES ('A', 'u3', ?)`).run(t(0));
    db.prepare(`INSERT INTO programme_members VALUES ('B', 'u4', ?)`).run(t(0));
    db.prepare(`UPDATE responses SET programme_id = 'B' WHERE id = 'r1'`).run();
    db.prepare(`UPDATE responses SET programme_id = 'A' WHERE id = 'r3'`).run();
    const audit = db.prepare(`INSERT INTO audit_log (at, actor_type, actor_id, action, programme_id, response_id) VALUES (?, ?, ?, ?, ?, ?)`);
    // r1: shared with A, reviewed there by u1, withdrawn, shared with B (where it is now).
    audit.run(t(1), 'respondent', null, 'submission.share', 'A', 'r1');
    audit.run(t(2), 'user', 'u1', 'review.save', 'A', 'r1');
    audit.run(t(3), 'user', 'u1', 'review.submit', 'A', 'r1');
    audit.run(t(4), 'respondent', null, 'submission.withdraw', 'A', 'r1');
    audit.run(t(5), 'respondent', null, 'submission.share', 'B', 'r1');
    // r2: no review entries in the log, but the share in force at the time says A.
    audit.run(t(1), 'respondent', null, 'submission.share', 'A', 'r2');
    audit.run(t(6), 'respondent', null, 'submission.withdraw', 'A', 'r2');
    const insert = db.prepare(`INSERT INTO reviews (id, response_id, assessor_id, judgement, status, created_at, updated_at) VALUES (?, ?, ?, 'positive', 'submitted', ?, ?)`);
    insert.run('v1', 'r1', 'u1', t(2), t(3));
    insert.run('v2', 'r2', 'u2', t(2), t(2));
    // r3: nothing in the log; its reviewer is a member of the programme it is shared with.
    insert.run('v3', 'r3', 'u3', t(2), t(2));
    // r4: nothing to go on at all.
    insert.run('v4', 'r4', 'u4', t(2), t(2));

    migrate(db, join(ROOT, 'migrations'));
    const rows = db.prepare('SELECT id, programme_id FROM reviews ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'v1', programme_id: 'A' },
      { id: 'v2', programme_id: 'A' },
      { id: 'v3', programme_id: 'A' },
      { id: 'v4', programme_id: null },
    ]);
    // r1 is in B with no review of B's: the "reviewed" it inherited from A is undone.
    expect(db.prepare(`SELECT review_status FROM responses WHERE id = 'r1'`).pluck().get()).toBe('submitted');
    expect(db.prepare(`SELECT review_status FROM responses WHERE id = 'r3'`).pluck().get()).toBe('reviewed');
    // A second review by the same assessor of the same response, in another programme, is allowed now.
    db.prepare(`INSERT INTO reviews (id, response_id, programme_id, assessor_id, status, created_at, updated_at) VALUES ('v5', 'r1', 'B', 'u1', 'draft', ?, ?)`).run(t(7), t(7));
    expect(db.prepare('SELECT COUNT(*) FROM reviews WHERE response_id = ?').pluck().get('r1')).toBe(2);
    db.close();
  });
});
