// A webhook event is stored with the change it announces, in the same transaction: once a share, a
// withdrawal or a submitted review is acknowledged, its delivery row exists, so an instance that stops
// (or crashes) right after the reply loses no event. Checked right after each reply, and again from
// a new instance after the first one closed.
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../server/config.js';
import { exec } from '../helpers/db.js';
import { assign, bearer, createProgramme, createUser, login, signedIn, submittedResponse } from '../helpers/staff.js';
import { closeInstance, closeInstances, instance, sharedDatabase } from '../helpers/instances.js';

vi.setConfig({ testTimeout: 60_000 });

afterEach(closeInstances);

// Nothing listens on port 9: deliveries fail and stay in the table, which is all this looks at.
const settings = { webhookAllowInsecure: true, webhookRetryBaseMs: 60_000, webhookPollMs: 60_000 };
const queued = async (app: FastifyInstance, event: string) =>
  (await app.database.kysely.selectFrom('webhook_deliveries').select(['event', 'payload']).where('event', '=', event).execute())
    .map((d) => JSON.parse(d.payload) as { event: string; programmeId: string; data: any });
/** Closes an instance the way a shutdown does, right after a reply, and opens another on the same database. */
async function restart(app: FastifyInstance, where: Partial<AppConfig>) {
  await closeInstance(app);
  return instance(where, settings);
}

async function setUp() {
  const where = await sharedDatabase();
  const app = await instance(where, settings);
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Cohort', kind: 'cohort' });
  const hook = await app.inject({
    method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: admin.write,
    payload: { url: 'http://127.0.0.1:9/hook', events: ['submission.shared', 'submission.withdrawn', 'review.submitted'] },
  });
  expect(hook.statusCode, hook.body).toBe(201);
  const r = await submittedResponse(app);
  return { where, app, admin, p, r };
}
const shareWith = (app: FastifyInstance, r: { id: string; token: string }, code: string) =>
  app.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code, name: 'Acme', confirm: true } });

it('a share is acknowledged with its submission.shared event stored, which survives the instance stopping right after', async () => {
  const { where, app, p, r } = await setUp();
  const res = await shareWith(app, r, p.joinCode);
  expect(res.statusCode, res.body).toBe(200);
  // Already there when the reply is: nothing is left to do after it.
  expect(await queued(app, 'submission.shared')).toHaveLength(1);
  const next = await restart(app, where);
  const [event] = await queued(next, 'submission.shared');
  expect(event).toMatchObject({
    event: 'submission.shared', programmeId: p.id,
    data: { submission: { id: r.id, name: 'Acme', area: 'ai', sharedAt: res.json().sharedAt, submittedAt: expect.any(String), knockoutCount: expect.any(Number) } },
  });
  expect(Object.keys(event.data.submission).sort()).toEqual(
    ['area', 'completeness', 'goalScore', 'id', 'knockoutCount', 'name', 'preconditionScore', 'profile', 'sharedAt', 'submittedAt']);
});

it('a withdrawal is acknowledged with its submission.withdrawn event stored', async () => {
  const { where, app, p, r } = await setUp();
  expect((await shareWith(app, r, p.joinCode)).statusCode).toBe(200);
  const res = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) });
  expect(res.statusCode, res.body).toBe(200);
  expect(await queued(app, 'submission.withdrawn')).toHaveLength(1);
  const next = await restart(app, where);
  expect(await queued(next, 'submission.withdrawn')).toEqual([
    { event: 'submission.withdrawn', programmeId: p.id, at: expect.any(String), data: { submission: { id: r.id } } },
  ]);
  // Not shared any more: withdrawing again is refused and queues nothing.
  expect((await next.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).statusCode).toBe(409);
  expect(await queued(next, 'submission.withdrawn')).toHaveLength(1);
});

it('a test shared with two programmes at the same moment goes to one of them, and only that one hears of it', async () => {
  const { app, admin, p, r } = await setUp();
  const other = await createProgramme(app, admin, { name: 'Other cohort', kind: 'cohort' });
  await app.inject({ method: 'POST', url: `/api/programmes/${other.id}/webhooks`, headers: admin.write, payload: { url: 'http://127.0.0.1:9/other', events: ['submission.shared'] } });
  const answers = await Promise.all([shareWith(app, r, p.joinCode), shareWith(app, r, other.joinCode)]);
  expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
  const refused = answers.find((a) => a.statusCode === 409)!;
  expect(refused.json().code).toBe('shared-elsewhere');
  const sharedWith = answers.find((a) => a.statusCode === 200)!.json().programme.code;
  const events = await queued(app, 'submission.shared');
  expect(events.map((e) => e.programmeId)).toEqual([sharedWith === p.joinCode ? p.id : other.id]);
});

it('a submission taken off the programme at the same moment as it is withdrawn (or taken off twice) announces one withdrawal', async () => {
  const { app, admin, p, r } = await setUp();
  const remove = () => app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/submissions/${r.id}`, headers: admin.write });
  expect((await shareWith(app, r, p.joinCode)).statusCode).toBe(200);
  await Promise.all([remove(), app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })]);
  expect(await queued(app, 'submission.withdrawn')).toHaveLength(1);
  expect((await shareWith(app, r, p.joinCode)).statusCode).toBe(200);
  await Promise.all([remove(), remove()]);
  expect(await queued(app, 'submission.withdrawn')).toHaveLength(2);
  // Gone already: taking it off again is refused and announces nothing.
  expect((await remove()).statusCode).toBe(404);
  expect(await queued(app, 'submission.withdrawn')).toHaveLength(2);
  // A startup deletes its test while staff take it off: one withdrawal either way (a few times, as it is a race).
  for (let i = 0; i < 4; i++) {
    const deleted = await submittedResponse(app);
    expect((await shareWith(app, deleted, p.joinCode)).statusCode).toBe(200);
    await Promise.all([
      app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/submissions/${deleted.id}`, headers: admin.write }),
      app.inject({ method: 'DELETE', url: `/api/responses/${deleted.id}`, headers: bearer(deleted.token) }),
    ]);
    expect(await queued(app, 'submission.withdrawn')).toHaveLength(3 + i);
  }
});

it('a submitted review is acknowledged with its review.submitted event stored; a draft and a refused submit queue none', async () => {
  const { where, app, admin, p, r } = await setUp();
  expect((await shareWith(app, r, p.joinCode)).statusCode).toBe(200);
  await createUser(app, 'assessor@example.org', 'assessor');
  await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
  const assessor = await login(app, 'assessor@example.org');
  const review = (submit: boolean, to = app) => to.inject({
    method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: assessor.write,
    payload: { scores: {}, judgement: 'positive', comment: 'Goed', submit },
  });
  expect((await review(false)).statusCode).toBe(200);
  expect(await queued(app, 'review.submitted')).toHaveLength(0);
  const res = await review(true);
  expect(res.statusCode, res.body).toBe(200);
  expect(await queued(app, 'review.submitted')).toHaveLength(1);
  const next = await restart(app, where);
  expect(await queued(next, 'review.submitted')).toEqual([{
    event: 'review.submitted', programmeId: p.id, at: expect.any(String),
    data: { submission: { id: r.id, name: 'Acme' }, review: { id: res.json().id, judgement: 'positive', submittedAt: res.json().submittedAt } },
  }]);
  // A submitted review is final: submitting again is refused and queues nothing more.
  expect((await review(true, next)).statusCode).toBe(409);
  expect(await queued(next, 'review.submitted')).toHaveLength(1);
});

it('a change whose event cannot be queued is not made: the share, the withdrawal and the submitted review are refused with nothing stored', async () => {
  const { app, admin, p, r } = await setUp();
  await createUser(app, 'assessor@example.org', 'assessor');
  await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
  const assessor = await login(app, 'assessor@example.org');
  // The queue's table refuses every row, as a full disk or a lost connection would at that moment.
  const queueDown = async (down: boolean) => {
    if (!down) await exec(app, 'DROP TRIGGER no_deliveries' + (app.database.engine === 'postgres' ? ' ON webhook_deliveries' : ''));
    else if (app.database.engine === 'postgres') {
      await exec(app, `CREATE OR REPLACE FUNCTION no_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'queue unavailable'; END $$`);
      await exec(app, 'CREATE TRIGGER no_deliveries BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION no_deliveries()');
    } else await exec(app, `CREATE TRIGGER no_deliveries BEFORE INSERT ON webhook_deliveries BEGIN SELECT RAISE(ABORT, 'queue unavailable'); END`);
  };
  const sharedWith = async () => (await app.staffRepos.programmes.submission(r.id))?.programme_id ?? null;

  await queueDown(true);
  expect((await shareWith(app, r, p.joinCode)).statusCode).toBe(500);
  expect(await sharedWith()).toBeNull();
  await queueDown(false);
  expect((await shareWith(app, r, p.joinCode)).statusCode).toBe(200);
  expect(await queued(app, 'submission.shared')).toHaveLength(1);

  await queueDown(true);
  const review = await app.inject({
    method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: assessor.write, payload: { scores: {}, judgement: 'positive', comment: '', submit: true },
  });
  expect(review.statusCode).toBe(500);
  expect(await app.database.kysely.selectFrom('reviews').select('status').where('response_id', '=', r.id).execute()).toEqual([]);
  expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).statusCode).toBe(500);
  expect(await sharedWith()).toBe(p.id);
  await queueDown(false);
  expect(await queued(app, 'review.submitted')).toEqual([]);
  expect(await queued(app, 'submission.withdrawn')).toEqual([]);
});
