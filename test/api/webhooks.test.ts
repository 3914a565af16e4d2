// Webhooks: deliveries on sharing and on a submitted review, signed with HMAC-SHA256 over timestamp
// and body, retried with exponential back-off until the receiver answers 2xx, all in the delivery log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, signature, verifySignature } from '../../server/integration/webhooks.js';
import { checkWebhookUrl } from '../../server/integration/origins.js';
import { assign, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

interface Received { headers: Record<string, string | string[] | undefined>; body: string; at: number }

// Long beside how late a request may land on a busy machine: the gaps below are seen at the receiver,
// one request's latency off the delays the queue keeps (they count from the start of each attempt).
const RETRY_BASE_MS = 300;
const LATENCY_ALLOWANCE_MS = 100;

let app: FastifyInstance;
let receiver: Server;
let url: string;
let received: Received[];
let answers: number[];
let manager: Session;
let p: { id: string; joinCode: string };

beforeEach(async () => {
  received = [];
  answers = [];
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  app = await staffApp({ webhookAllowInsecure: true, webhookRetryBaseMs: RETRY_BASE_MS, webhookMaxAttempts: 3, webhookPollMs: 50 });
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  p = await createProgramme(app, admin, { name: 'Cohort', kind: 'cohort' });
  await createUser(app, 'manager@example.org', 'manager');
  await assign(app, admin, p.id, 'manager@example.org', 'manager');
  manager = await login(app, 'manager@example.org');
});
afterEach(async () => {
  await app.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function register(events: string[]) {
  const res = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url, events } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}
const deliveries = async (id: string) => (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/webhooks/${id}/deliveries`, headers: manager.read })).json();

describe('webhooks', () => {
  it('signs each delivery so a receiver can check body and timestamp', () => {
    const header = signature('whsec_test', '{"a":1}', 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_test', '{"a":1}', header, 1_700_000_100)).toBe(true);
    expect(verifySignature('whsec_test', '{"a":2}', header, 1_700_000_100)).toBe(false);
    expect(verifySignature('whsec_other', '{"a":1}', header, 1_700_000_100)).toBe(false);
    expect(verifySignature('whsec_test', '{"a":1}', header, 1_700_001_000)).toBe(false);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('delivers a signed event when a startup shares with the programme and when a review is submitted', async () => {
    const hook = await register(['submission.shared', 'review.submitted']);
    expect(hook.secret).toMatch(/^whsec_/);
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Acme');
    await expect.poll(() => received.length).toBe(1);
    const [first] = received;
    expect(first.headers['x-zelftoets-event']).toBe('submission.shared');
    expect(verifySignature(hook.secret, first.body, String(first.headers['x-zelftoets-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    const body = JSON.parse(first.body);
    expect(body).toMatchObject({ event: 'submission.shared', programmeId: p.id, data: { submission: { id: r.id, name: 'Acme', area: 'ai' } } });

    const { session: admin } = await signedIn(app, 'admin2@example.org', 'admin');
    await createUser(app, 'assessor@example.org', 'assessor');
    await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
    const assessor = await login(app, 'assessor@example.org');
    const review = (submit: boolean) => app.inject({
      method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: assessor.write,
      payload: { scores: {}, judgement: 'positive', comment: '', submit },
    });
    expect((await review(false)).statusCode).toBe(200);
    expect((await review(true)).statusCode).toBe(200);
    await expect.poll(() => received.length).toBe(2);
    expect(JSON.parse(received[1].body)).toMatchObject({ event: 'review.submitted', data: { submission: { id: r.id }, review: { judgement: 'positive' } } });
    const log = await deliveries(hook.id);
    // Newest first.
    expect(log.map((d: any) => [d.event, d.state, d.attempts, d.lastStatus])).toEqual([
      ['review.submitted', 'delivered', 1, 204], ['submission.shared', 'delivered', 1, 204],
    ]);
  });

  it('retries with growing delays until the receiver accepts, then stops; gives up after the last attempt', async () => {
    const hook = await register(['submission.shared']);
    answers = [500, 503];
    await share(app, await submittedResponse(app), p.joinCode, 'Retry BV');
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(3);
    const gaps = [received[1].at - received[0].at, received[2].at - received[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(RETRY_BASE_MS - LATENCY_ALLOWANCE_MS);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS - LATENCY_ALLOWANCE_MS);
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    // The same delivery each time: same id, a fresh signature over the same body.
    expect(new Set(received.map((r) => r.headers['x-zelftoets-delivery'])).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    await expect.poll(async () => (await deliveries(hook.id))[0].state).toBe('delivered');
    expect((await deliveries(hook.id))[0]).toMatchObject({ attempts: 3, lastStatus: 204, lastError: null });

    answers = [500, 500, 500, 500];
    await share(app, await submittedResponse(app), p.joinCode, 'Never BV');
    await expect.poll(async () => (await deliveries(hook.id))[0].state, { timeout: 5000 }).toBe('failed');
    expect((await deliveries(hook.id))[0]).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: null });
    await new Promise((r) => setTimeout(r, 500));
    expect(received.length).toBe(6);
  });

  it('keeps a failed delivery queued until the receiver answers; a removed webhook gets nothing more', async () => {
    const hook = await register(['submission.shared']);
    // Nothing listens on this port any more: the first attempt fails.
    (await tables.exec(app, 'UPDATE webhooks SET url = ? WHERE id = ?', 'http://127.0.0.1:9/closed', hook.id));
    await share(app, await submittedResponse(app), p.joinCode, 'Later BV');
    await expect.poll(async () => (await deliveries(hook.id))[0].attempts).toBe(1);
    expect((await deliveries(hook.id))[0].state).toBe('pending');
    (await tables.exec(app, 'UPDATE webhooks SET url = ? WHERE id = ?', url, hook.id));
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);

    const removed = await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/webhooks/${hook.id}`, headers: manager.write });
    expect(removed.statusCode).toBe(204);
    await share(app, await submittedResponse(app), p.joinCode, 'After BV');
    await new Promise((r) => setTimeout(r, 300));
    expect(received.length).toBe(1);
  });

  it('a share withdrawn while its event is still being retried: only the withdrawal reaches the receiver, and the queued payload is dropped', async () => {
    const hook = await register(['submission.shared', 'submission.withdrawn']);
    // The receiver is down: the share's event waits for its next attempt.
    (await tables.exec(app, 'UPDATE webhooks SET url = ? WHERE id = ?', 'http://127.0.0.1:9/closed', hook.id));
    const startup = await submittedResponse(app);
    await share(app, startup, p.joinCode, 'Weg BV');
    await expect.poll(async () => (await deliveries(hook.id))[0].attempts).toBe(1);
    (await tables.exec(app, 'UPDATE webhooks SET url = ? WHERE id = ?', url, hook.id));
    const withdrawn = await app.inject({ method: 'DELETE', url: `/api/responses/${startup.id}/programme`, headers: { authorization: `Bearer ${startup.token}` } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);
    await new Promise((r) => setTimeout(r, RETRY_BASE_MS * 3));
    expect(received.map((r) => JSON.parse(r.body).event)).toEqual(['submission.withdrawn']);
    const log = await deliveries(hook.id);
    expect(log.find((d: { event: string }) => d.event === 'submission.shared')).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/withdrawn/), reason: 'withdrawn' });
    expect(await tables.value(app, "SELECT payload FROM webhook_deliveries WHERE event = 'submission.shared'")).toBe('{}');
  });

  it('forgets deliveries settled more than 30 days ago at housekeeping', async () => {
    const hook = await register(['submission.shared']);
    await share(app, await submittedResponse(app), p.joinCode, 'Oud BV');
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);
    await expect.poll(async () => (await deliveries(hook.id))[0].state).toBe('delivered');
    await share(app, await submittedResponse(app), p.joinCode, 'Nieuw BV');
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(2);
    await tables.exec(app, "UPDATE webhook_deliveries SET created_at = ? WHERE payload LIKE '%Oud BV%'", new Date(Date.now() - 31 * 24 * 3600_000).toISOString());
    expect((await app.housekeeping.run()).webhookDeliveries).toBe(1);
    expect(String(await tables.value(app, 'SELECT payload FROM webhook_deliveries'))).toContain('Nieuw BV');
  });

  // Nothing bounded them, while an event was queued for the first 100 active webhooks read (in no order)
  // and the list showed the newest 100 rows, removed ones included: past that, a webhook silently got
  // no deliveries, and could drop out of sight, and so out of reach of removing.
  it('takes at most 20 active webhooks per programme; each gets the event and is in the list', async () => {
    const hooks = [];
    for (let i = 0; i < 20; i++) hooks.push(await register(['submission.shared']));
    const full = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url, events: ['submission.shared'] } });
    expect(full.json()).toMatchObject({ statusCode: 409, code: 'webhooks-full' });
    expect(Number(await tables.value(app, 'SELECT count(*) FROM webhooks'))).toBe(20);
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/webhooks/${hooks[0].id}`, headers: manager.write })).statusCode).toBe(204);
    hooks[0] = await register(['submission.shared']);

    for (let i = 0; i < 120; i++) {
      await tables.exec(app, 'INSERT INTO webhooks (id, programme_id, url, secret, events, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        `removed-${String(i).padStart(14, '0')}`, p.id, url, 'whsec_x', '["submission.shared"]', '2099-01-01T00:00:00.000Z', '2099-01-02T00:00:00.000Z');
    }
    const listed = (await app.inject({ url: `/api/programmes/${p.id}/webhooks`, headers: manager.read })).json();
    expect(listed).toHaveLength(100);
    expect(listed.filter((w: { revokedAt: string | null }) => w.revokedAt === null).map((w: { id: string }) => w.id).sort()).toEqual(hooks.map((h) => h.id).sort());
    await share(app, await submittedResponse(app), p.joinCode, 'Veel BV');
    expect(Number(await tables.value(app, 'SELECT count(*) FROM webhook_deliveries'))).toBe(20);
  });

  // The body took at most 3 events, written when there were three: the integration page sends all four
  // ticked by default, and registering answered 400.
  it('registers a webhook for every event at once, as the integration page sends by default', async () => {
    const all = ['submission.shared', 'submission.withdrawn', 'review.submitted', 'submission.decided'];
    const hook = await register(all);
    const listed = (await app.inject({ url: `/api/programmes/${p.id}/webhooks`, headers: manager.read })).json();
    expect(listed).toEqual([expect.objectContaining({ id: hook.id, events: all })]);
  });

  it('accepts https URLs to public hosts only, unless insecure webhooks are allowed for development', async () => {
    expect(checkWebhookUrl('https://hooks.example.org/x', false)).toBeNull();
    for (const bad of ['http://hooks.example.org/x', 'https://127.0.0.1/x', 'https://localhost/x', 'https://10.1.2.3/', 'https://192.168.1.1/', 'https://[::1]/', 'https://user:pw@example.org/', 'nonsense']) {
      expect(checkWebhookUrl(bad, false), bad).toMatch(/^url: /);
    }
    const res = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url: 'ftp://example.org/x', events: ['submission.shared'] } });
    expect(res.statusCode).toBe(400);
    const badEvent = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url, events: ['everything'] } });
    expect(badEvent.statusCode).toBe(400);
  });
});
