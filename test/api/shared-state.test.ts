// Several app instances on one database (issue 12, item 4): what one instance starts, another can
// finish. Two apps in this process on one database stand for two instances (one SQLite file, or one
// PostgreSQL schema); test/api/multi-instance.test.ts does the same with two real processes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/auth/tokens.js';
import { configFromEnv, type AppConfig } from '../../server/config.js';
import { createJobRunner } from '../../server/jobs/lease.js';
import { createRateLimitRepository } from '../../server/repositories/rate-limits.js';
import { assign, createProgramme, createUser, login, share, signedIn, submittedResponse } from '../helpers/staff.js';
import { closeInstance, closeInstances, twoInstances } from '../helpers/instances.js';
import { ON_POSTGRES } from '../helpers/postgres.js';

afterEach(closeInstances);

describe('print tickets', () => {
  it('a ticket issued by one instance opens the report on another, and dies with its PDF', async () => {
    let seen: { ticket: string; status: number; title?: string } | null = null;
    let other: FastifyInstance | null = null;
    // The printing browser asks whichever instance the address reaches: here always the other one.
    const print: AppConfig['pdfPrint'] = async ({ url }) => {
      const ticket = new URL(url).hash.slice(1);
      const res = await other!.inject({ url: '/api/shared/report?locale=en', headers: { authorization: `Bearer ${ticket}` } });
      seen = { ticket, status: res.statusCode, title: res.statusCode === 200 ? res.json().questionnaire?.title : undefined };
      return Buffer.from('%PDF-1.7 fake');
    };
    const [a, b] = await twoInstances({ pdfPrint: print });
    other = b;
    await a.listen({ port: 0, host: '127.0.0.1' });
    const { session: admin } = await signedIn(a, 'admin@example.org', 'admin');
    const programme = await createProgramme(a, admin);
    await createUser(a, 'assessor@example.org', 'assessor');
    await assign(a, admin, programme.id, 'assessor@example.org', 'assessor');
    const assessor = await login(a, 'assessor@example.org');
    const response = await submittedResponse(a);
    await share(a, response, programme.joinCode, 'Ticket BV');

    const res = await a.inject({ url: `/api/submissions/${response.id}/report.pdf`, headers: assessor.read });
    expect(res.statusCode, res.body).toBe(200);
    expect(seen).not.toBeNull();
    expect(seen!.status).toBe(200);
    expect(seen!.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Done: refused by both instances, and nothing of it is left in the database.
    for (const app of [a, b]) {
      expect((await app.inject({ url: '/api/shared/report', headers: { authorization: `Bearer ${seen!.ticket}` } })).statusCode).toBe(404);
    }
    expect(await a.database.kysely.selectFrom('print_tickets').selectAll().execute()).toEqual([]);
  });

  it('PDF_ORIGIN takes an http(s) origin and refuses anything else at start', () => {
    expect(configFromEnv({}).pdfOrigin).toBeNull();
    expect(configFromEnv({ PDF_ORIGIN: 'http://10.0.0.5:3000/' }).pdfOrigin).toBe('http://10.0.0.5:3000');
    for (const bad of ['ftp://10.0.0.5', 'http://lb.internal/app', 'http://u:p@lb.internal', 'lb.internal:3000']) {
      expect(() => configFromEnv({ PDF_ORIGIN: bad }), bad).toThrow(/PDF_ORIGIN must be an http or https origin/);
    }
  });

  it('stores only the hash of a ticket, and refuses one past its expiry', async () => {
    const [a, b] = await twoInstances();
    const response = await submittedResponse(a);
    const ticket = await a.pdf.tickets.issue(response.id, 60_000);
    const rows = await a.database.kysely.selectFrom('print_tickets').selectAll().execute();
    expect(rows).toEqual([{ token_hash: sha256(ticket), response_id: response.id, expires_at: expect.any(String) }]);
    expect(JSON.stringify(rows)).not.toContain(ticket);
    expect((await b.inject({ url: '/api/shared/report', headers: { authorization: `Bearer ${ticket}` } })).statusCode).toBe(200);
    await a.database.kysely.updateTable('print_tickets').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await b.inject({ url: '/api/shared/report', headers: { authorization: `Bearer ${ticket}` } })).statusCode).toBe(404);
  });
});

describe('rate limits', () => {
  it('the shared counter counts every instance\'s requests in one window', async () => {
    const [a, b] = await twoInstances();
    const first = createRateLimitRepository(a.database.kysely);
    const second = createRateLimitRepository(b.database.kysely);
    const now = Date.now();
    const counts = [];
    for (let i = 0; i < 6; i++) counts.push((await (i % 2 ? first : second).hit('POST /api/auth/login|10.0.0.1', 60_000, now + i)).hits);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    // Concurrent hits are each counted once.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).hit('k|burst', 60_000, now)));
    expect(burst.map((r) => r.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Another key, and the same key once its window is over, start at one.
    expect((await first.hit('POST /api/auth/login|10.0.0.2', 60_000, now)).hits).toBe(1);
    const later = await second.hit('POST /api/auth/login|10.0.0.1', 60_000, now + 60_000);
    expect(later).toEqual({ hits: 1, resetsAt: now + 120_000 });
    expect(await first.purgeExpired(now + 200_000)).toBe(3);
  });

  it.skipIf(!ON_POSTGRES)('sign-in attempts are limited across instances on PostgreSQL (SQLite runs one instance)', async () => {
    const [a, b] = await twoInstances({ rateLimitPerMinute: 600, loginRateLimitPerMinute: 5 });
    const codes = [];
    for (let i = 0; i < 7; i++) {
      const res = await (i % 2 ? b : a).inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.org', password: `guess ${i}` } });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // The general limit stays per instance (capacity protection): another route is not affected.
    expect((await a.inject({ url: '/api/questionnaires' })).statusCode).toBe(200);
  });
});

describe('scheduled jobs', () => {
  it('one instance runs a job per period, however many try at once, and expired rows go', async () => {
    const [a, b] = await twoInstances();
    let runs = 0;
    const job = async () => void runs++;
    const now = Date.now();
    const runners = [a, b, a, b].map((app) => createJobRunner(app.database.kysely));
    const won = await Promise.all(runners.map((r) => r.runIfDue('test-job', 60_000, job, now)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
    // Not due again within the period; due after it.
    expect(await runners[1].runIfDue('test-job', 60_000, job, now + 30_000)).toBe(false);
    expect(await runners[2].runIfDue('test-job', 60_000, job, now + 60_000)).toBe(true);
    expect(runs).toBe(2);

    // Housekeeping removes what has expired from the shared tables.
    const { user } = await signedIn(a, 'ada@example.org', 'admin');
    const r = await submittedResponse(a);
    const db = a.database.kysely;
    const past = new Date(Date.now() - 1000).toISOString();
    await db.insertInto('sessions').values({ id_hash: 'old', user_id: user.id, csrf_token: 'x', created_at: past, expires_at: past }).execute();
    await db.insertInto('print_tickets').values({ token_hash: 'old', response_id: r.id, expires_at: past }).execute();
    await db.insertInto('rate_limit_hits').values({ key: 'old', hits: 3, resets_at: past }).execute();
    const purged = await b.housekeeping.run();
    expect(purged).toEqual({ sessions: 1, printTickets: 1, rateLimitHits: 1, mails: 0, webhookDeliveries: 0, reminders: { startups: 0, assessors: 0 } });
    expect(await db.selectFrom('sessions').select('id_hash').execute()).toHaveLength(1);
  });
});

describe('webhook claims', () => {
  async function queued(a: FastifyInstance, n: number) {
    const { session: admin, user } = await signedIn(a, 'admin@example.org', 'admin');
    const p = await createProgramme(a, admin, { name: 'Claims', kind: 'cohort' });
    await a.integration.webhooks.create({ programmeId: p.id, url: 'https://hooks.example.org/x', events: ['submission.shared'], createdBy: user.id });
    for (let i = 0; i < n; i++) await a.integration.webhooks.enqueue(p.id, 'submission.shared', { i });
  }
  // The apps' own queues never poll here: only the claims below take deliveries.
  const quiet = { webhookPollMs: 1_000_000_000 };

  it('instances claiming at the same moment never take the same delivery', async () => {
    const [a, b] = await twoInstances(quiet);
    await queued(a, 60);
    const now = new Date().toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? b : a).integration.webhooks.claim(`owner-${i}`, now, until, 10)));
    const ids = claims.flat();
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('a claim left by a crashed instance is taken over once its lease ran out, and the dead owner can no longer record', async () => {
    const [a, b] = await twoInstances(quiet);
    await queued(a, 3);
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    expect(await a.integration.webhooks.claim('crashed', at(0), at(1_000), 10)).toHaveLength(3);
    expect(await b.integration.webhooks.claim('alive', at(500), at(60_000), 10)).toEqual([]);
    const taken = await b.integration.webhooks.claim('alive', at(1_000), at(60_000), 10);
    expect(taken).toHaveLength(3);
    await a.integration.webhooks.record(taken[0], 'crashed', { state: 'delivered', next: null, status: 200, error: null });
    const row = await b.database.kysely.selectFrom('webhook_deliveries').select(['state', 'claimed_by']).where('id', '=', taken[0]).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'pending', claimed_by: 'alive' });
  });

  it('an instance that shuts down finishes what it sent and hands back the rest at once', async () => {
    const received: string[] = [];
    let delayMs = 300;
    const receiver = createServer((req, res) => {
      received.push(String(req.headers['x-zelftoets-delivery']));
      req.resume();
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      // b polls only after a has gone; a sends when kicked.
      const [a, b] = await twoInstances({ webhookAllowInsecure: true, webhookPollMs: 1_000_000_000 }, { webhookPollMs: 3_000 });
      const { session: admin, user } = await signedIn(a, 'admin@example.org', 'admin');
      const p = await createProgramme(a, admin, { name: 'Shutdown', kind: 'cohort' });
      await a.integration.webhooks.create({ programmeId: p.id, url: hook, events: ['submission.shared'], createdBy: user.id });
      for (let i = 0; i < 30; i++) await a.integration.webhooks.enqueue(p.id, 'submission.shared', { i });
      a.integration.queue.kick();
      await expect.poll(() => received.length).toBeGreaterThan(0);
      await closeInstance(a);
      const db = b.database.kysely;
      const rows = () => db.selectFrom('webhook_deliveries').select(['state', 'claimed_by']).execute();
      const sentByA = received.length;
      expect(sentByA).toBeLessThan(30);
      // Everything a started is recorded, nothing is left claimed.
      expect((await rows()).filter((r) => r.state === 'delivered')).toHaveLength(sentByA);
      expect((await rows()).filter((r) => r.claimed_by !== null)).toEqual([]);
      delayMs = 1;
      b.integration.queue.kick();
      await expect.poll(async () => (await rows()).filter((r) => r.state === 'delivered').length, { timeout: 5_000 }).toBe(30);
      expect(received).toHaveLength(30);
      expect(new Set(received).size).toBe(30);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});
