// Deleting a response that is shared with a programme: before the deadline it is a withdrawal
// (audited, webhook) followed by the deletion; after the deadline the programme keeps what was
// shared with it, so deletion is refused with a message naming the programme and its deadline.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assign, bearer, createProgramme, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

/** A programme with a webhook for withdrawals and an assessor who has submitted a review of a shared test. */
async function reviewedSubmission(deadline: string | null) {
  const p = await createProgramme(app, admin, { name: 'Subsidie AI 2026', ...(deadline ? { deadline } : {}) });
  // Straight into the repository: the delivery itself is not what this test is about.
  const hook = await app.integration.webhooks.create({ programmeId: p.id, url: 'https://127.0.0.1:9/hook', events: ['submission.withdrawn'], createdBy: null });
  const invited = await assign(app, admin, p.id, 'a1@example.org', 'assessor');
  const token = invited.link.setPasswordPath.split('#')[1];
  await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'assessor passphrase' } });
  const assessor = await login(app, 'a1@example.org', 'assessor passphrase');
  const r = await submittedResponse(app);
  await share(app, r, p.joinCode, 'Acme BV');
  const review = await app.inject({
    method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: assessor.write,
    payload: { scores: {}, judgement: 'positive', comment: 'Sterk verhaal', submit: true },
  });
  expect(review.statusCode, review.body).toBe(200);
  return { p, hook, assessor, r };
}

const withdrawnEvents = async (hookId: string) => (await app.integration.webhooks.deliveries(hookId)).filter((d) => d.event === 'submission.withdrawn');
const reviewCount = (id: string) => tables.value(app, 'SELECT COUNT(*) FROM reviews WHERE response_id = ?', id);
const auditOf = (id: string) => tables.rows<{ action: string; programme_id: string | null; actor_type: string; detail: string }>(app, 'SELECT action, programme_id, actor_type, detail FROM audit_log WHERE response_id = ? ORDER BY id', id);

describe('deleting a shared response', () => {
  it('after the deadline is refused with 409 shared-after-deadline naming programme and deadline; everything stays', async () => {
    const { p, hook, assessor, r } = await reviewedSubmission(null);
    (await tables.exec(app, "UPDATE programmes SET deadline = '2000-03-01T12:00:00.000Z' WHERE id = ?", p.id));

    const res = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'shared-after-deadline' });
    expect(res.json().message).toContain('Subsidie AI 2026');
    expect(res.json().message).toContain('2000-03-01');

    // A deadline may be given with an offset (the date-time format allows it, and it is stored as sent):
    // the message read its first characters as UTC and named a moment two hours off, on the wrong day.
    (await tables.exec(app, "UPDATE programmes SET deadline = '2000-03-01T23:30:00-02:00' WHERE id = ?", p.id));
    const offset = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) });
    expect(offset.json().message).toContain('passed on 2000-03-02 01:30 UTC');

    // The programme keeps the submission and its review; the startup keeps its test.
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(200);
    const seen = await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: assessor.read });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().ownReview).toMatchObject({ judgement: 'positive', status: 'submitted' });
    expect(await reviewCount(r.id)).toBe(1);
    expect(await withdrawnEvents(hook.id)).toEqual([]);
    expect((await auditOf(r.id)).map((a) => a.action)).not.toContain('response.delete');
  });

  it('before the deadline withdraws first (audit and submission.withdrawn webhook), then deletes', async () => {
    const { p, hook, assessor, r } = await reviewedSubmission(new Date(Date.now() + 7 * 86_400_000).toISOString());

    const res = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) });
    expect(res.statusCode, res.body).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: assessor.read })).statusCode).toBe(404);
    // The reviews were of a submission the startup took back in time; they go with it.
    expect(await reviewCount(r.id)).toBe(0);

    const entries = await auditOf(r.id);
    // The review's history stays in the log; the respondent's part ends in a withdrawal and the deletion.
    expect(entries.filter((a) => a.actor_type === 'respondent').map((a) => [a.action, a.programme_id])).toEqual([
      ['submission.share', p.id],
      ['submission.withdraw', p.id],
      ['response.delete', p.id],
    ]);
    expect(entries.at(-1)!.action).toBe('response.delete');
    // No personal data in the deletion's entry: not the name it was shared under, no answers.
    expect(entries.at(-1)!.detail).not.toMatch(/Acme|Sterk|assistent/);

    const events = await withdrawnEvents(hook.id);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ event: 'submission.withdrawn', programmeId: p.id, data: { submission: { id: r.id } } });
  });

  it('of a test never shared, or withdrawn earlier, is audited and raises no second withdrawal', async () => {
    const { hook, r } = await reviewedSubmission(null);
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).statusCode).toBe(200);
    await expect.poll(async () => (await withdrawnEvents(hook.id)).length).toBe(1);
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(204);
    expect(await withdrawnEvents(hook.id)).toHaveLength(1);
    expect((await auditOf(r.id)).at(-1)).toMatchObject({ action: 'response.delete', programme_id: null });

    const lone = await submittedResponse(app);
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${lone.id}`, headers: bearer(lone.token) })).statusCode).toBe(204);
    expect(await auditOf(lone.id)).toEqual([{ action: 'response.delete', programme_id: null, actor_type: 'respondent', detail: expect.any(String) }]);
  });
});

describe('deleting a submitted test by its owner', () => {
  it('removes it everywhere: report, exports, share links, staff lists, CSV and cohort figures', async () => {
    const p = await createProgramme(app, admin, { name: 'Cohort 2026', kind: 'cohort' });
    const keep = await submittedResponse(app);
    await share(app, keep, p.joinCode, 'Blijft BV');
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Weg BV');
    const link = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/shares`, headers: bearer(r.token), payload: { expiresInDays: 30 } });
    expect(link.statusCode, link.body).toBe(201);
    const shareToken = link.json().token as string;
    const staffGet = (url: string) => app.inject({ method: 'GET', url, headers: admin.read });
    const ownerGet = (path: string) => app.inject({ method: 'GET', url: `/api/responses/${r.id}${path}`, headers: bearer(r.token) });

    // Everywhere it shows before the deletion.
    expect((await ownerGet('/report')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/shared/report', headers: bearer(shareToken) })).statusCode).toBe(200);
    expect((await staffGet(`/api/programmes/${p.id}/submissions`)).body).toContain(r.id);
    expect((await staffGet(`/api/programmes/${p.id}/export.csv`)).body).toContain('Weg BV');
    expect((await staffGet(`/api/programmes/${p.id}/cohort`)).json()).toMatchObject({ teams: 2, submissions: 2 });

    const res = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) });
    expect(res.statusCode, res.body).toBe(204);

    for (const path of ['', '/report', '/export.json', '/export.csv', '/shares', '/programme']) {
      expect((await ownerGet(path)).statusCode, path).toBe(404);
    }
    expect((await app.inject({ method: 'GET', url: '/api/shared/report', headers: bearer(shareToken) })).statusCode).toBe(404);
    expect(await tables.value(app, 'SELECT COUNT(*) FROM share_links WHERE response_id = ?', r.id)).toBe(0);
    expect((await staffGet(`/api/submissions/${r.id}`)).statusCode).toBe(404);
    const list = (await staffGet(`/api/programmes/${p.id}/submissions`)).body;
    expect(list).not.toContain(r.id);
    expect(list).toContain(keep.id);
    const csv = (await staffGet(`/api/programmes/${p.id}/export.csv`)).body;
    expect(csv).not.toContain('Weg BV');
    expect(csv).toContain('Blijft BV');
    expect((await staffGet(`/api/programmes/${p.id}/cohort`)).json()).toMatchObject({ teams: 1, submissions: 1 });
    expect(await tables.value(app, 'SELECT COUNT(*) FROM response_scores WHERE response_id = ?', r.id)).toBe(0);
    // The other test is untouched.
    expect((await app.inject({ method: 'GET', url: `/api/responses/${keep.id}/report`, headers: bearer(keep.token) })).statusCode).toBe(200);
  });

  it('of a re-take leaves the earlier attempt, which no longer counts a later one', async () => {
    const p = await createProgramme(app, admin, { name: 'Cohort 2027', kind: 'cohort' });
    const first = await submittedResponse(app);
    await share(app, first, p.joinCode, 'Team');
    const started = await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) });
    const next = started.json() as { id: string; token: string };
    expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
    await share(app, next, p.joinCode, 'Team');
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort`, headers: admin.read })).json()).toMatchObject({ teams: 1, submissions: 2 });

    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${next.id}`, headers: bearer(next.token) })).statusCode).toBe(204);
    const cohort = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/cohort`, headers: admin.read })).json();
    expect(cohort).toMatchObject({ teams: 1, submissions: 1 });
    expect(cohort.teamList.map((t: any) => [t.id, t.attempts])).toEqual([[first.id, 1]]);
    const report = (await app.inject({ method: 'GET', url: `/api/responses/${first.id}/report`, headers: bearer(first.token) }));
    expect(report.statusCode).toBe(200);
  });
});
