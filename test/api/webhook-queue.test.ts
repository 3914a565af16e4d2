// Several server processes on one database: every event is delivered once. Each delivery is claimed in
// the database for a limited time before it is sent; a closing process hands back what it did not start.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createProgramme, signedIn, staffApp } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let receiver: Server;
let received: string[];
let delayMs: number;
let apps: FastifyInstance[];
let databasePath: string;
let hookUrl: string;

beforeEach(async () => {
  received = [];
  delayMs = 20;
  apps = [];
  receiver = createServer((req, res) => {
    received.push(String(req.headers['x-zelftoets-delivery']));
    req.resume();
    setTimeout(() => { res.statusCode = 204; res.end(); }, delayMs);
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  databasePath = join(mkdtempSync(join(tmpdir(), 'zelftoets-queue-')), 'q.db');
});
afterEach(async () => {
  for (const a of apps) await a.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function instance(pollMs = 20) {
  const app = await staffApp({ databasePath, webhookAllowInsecure: true, webhookPollMs: pollMs, webhookRetryBaseMs: 60_000, webhookTimeoutMs: 10_000 });
  apps.push(app);
  return app;
}

async function programmeWithHook(app: FastifyInstance) {
  const { session: admin, user } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Cohort', kind: 'cohort' });
  await app.integration.webhooks.create({ programmeId: p.id, url: hookUrl, events: ['submission.shared'], createdBy: user.id });
  return p.id;
}

const states = (app: FastifyInstance) => tables.rows<{ state: string; n: number }>(app, 'SELECT state, COUNT(*) AS n FROM webhook_deliveries GROUP BY state');
const count = async (app: FastifyInstance, state: string) => (await states(app)).find((s) => s.state === state)?.n ?? 0;

it('two processes on one database deliver each event exactly once', async () => {
  const a = await instance();
  const b = await instance();
  const programmeId = await programmeWithHook(a);
  for (let i = 0; i < 40; i++) await (i % 2 ? a : b).integration.emit(programmeId, 'submission.shared', { i });
  await expect.poll(() => count(a, 'delivered'), { timeout: 10_000 }).toBe(40);
  await new Promise((r) => setTimeout(r, 300));
  expect(received).toHaveLength(40);
  expect(new Set(received).size).toBe(40);
});

it('a process that closes hands back the deliveries it claimed but did not start', async () => {
  delayMs = 300;
  const a = await instance(1_000_000_000);
  const programmeId = await programmeWithHook(a);
  for (let i = 0; i < 30; i++) await a.integration.webhooks.enqueue(programmeId, 'submission.shared', { i });
  a.integration.queue.kick();
  await expect.poll(() => received.length).toBeGreaterThan(0);
  await a.close();
  apps = [];
  const b = await instance();
  const claimed = (await tables.value(b, `SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending' AND claimed_by IS NOT NULL`));
  expect(claimed).toBe(0);
  const sentByA = received.length;
  expect(await count(b, 'delivered')).toBe(sentByA);
  expect(sentByA).toBeLessThan(30);
  // The rest go out at once, not after the 10 s claim of the closed process would have run out.
  delayMs = 1;
  await expect.poll(() => count(b, 'delivered'), { timeout: 3000 }).toBe(30);
  expect(new Set(received).size).toBe(30);
  expect(received).toHaveLength(30);
});
