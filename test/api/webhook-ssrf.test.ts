// Webhooks never reach inside, however the address is written, and the connection goes exactly where
// the checked lookup said: no second lookup that could answer differently. Every test talks to
// loopback only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWebhookUrl, type Lookup } from '../../server/integration/origins.js';
import { createDeliveryQueue } from '../../server/integration/webhooks.js';
import { createProgramme, signedIn, staffApp } from '../helpers/staff.js';

// The literals of the issue, and the other ranges that never hold a public receiver.
const INSIDE = [
  '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '::127.0.0.1', '::a00:1',
  '64:ff9b::10.0.0.1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b:1::a00:1', 'fec0::1', 'fc00::1', 'fd12:3456::1',
  'fe80::1', 'ff02::1', '::', '::1', '2001:db8::1', '2002:7f00:1::1', '2002:a00:1::', '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  '100::1', '::ffff:0:7f00:1', '0:0:0:0:0:ffff:7f00:1',
  '127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.1.2.3', '192.0.0.8',
  '192.0.2.1', '198.51.100.1', '203.0.113.9', '198.18.0.1', '198.19.255.254', '224.0.0.1', '239.255.255.250',
  '240.0.0.1', '255.255.255.255',
];
const OUTSIDE = ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34', '64:ff9b::5db8:d822', '2002:5db8:d822::1'];
const url = (ip: string) => `https://${ip.includes(':') ? `[${ip}]` : ip}/hook`;

describe('webhook registration', () => {
  it.each(INSIDE)('refuses %s', (ip) => {
    expect(checkWebhookUrl(url(ip), false)).toMatch(/^url: /);
  });
  it.each(['https://2130706433/', 'https://0x7f.1/', 'https://127.1/', 'https://localhost./', 'https://LOCALHOST/', 'https://x.localhost./'])('refuses %s', (u) => {
    expect(checkWebhookUrl(u, false)).toMatch(/^url: /);
  });
  it.each(OUTSIDE)('accepts %s', (ip) => {
    expect(checkWebhookUrl(url(ip), false)).toBeNull();
  });
});

let app: FastifyInstance | undefined;
let servers: Server[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

async function receiver(host: string, port = 0) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.socket.localAddress ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  servers.push(server);
  return { hits, port: (server.address() as AddressInfo).port };
}

/** An app whose own queue stays idle, with a webhook to `hookUrl` and one delivery due. */
async function oneDelivery(hookUrl: string) {
  app = await staffApp({ webhookPollMs: 1_000_000_000 });
  const { session: admin, user } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Cohort', kind: 'cohort' });
  const w = await app.integration.webhooks.create({ programmeId: p.id, url: hookUrl, events: ['submission.shared'], createdBy: user.id });
  expect(await app.integration.webhooks.enqueue(p.id, 'submission.shared', { event: 'submission.shared' })).toBe(1);
  return { webhookId: w.id };
}

function queueFor(lookup: Lookup | undefined, allowInsecure = false) {
  return createDeliveryQueue({
    repo: app!.integration.webhooks, retryBaseMs: 60_000, maxAttempts: 3, pollMs: 60_000, timeoutMs: 2000,
    log: { warn: () => {} }, allowInsecure, ...(lookup ? { lookup } : {}),
  });
}

async function attempted(webhookId: string) {
  await expect.poll(async () => (await app!.integration.webhooks.deliveries(webhookId))[0].attempts, { timeout: 5000 }).toBe(1);
  return (await app!.integration.webhooks.deliveries(webhookId))[0];
}

describe('webhook delivery', () => {
  it.each(['::ffff:7f00:1', '::ffff:127.0.0.1', '::127.0.0.1', '64:ff9b::7f00:1'])('sends nothing to [%s], and logs no detail', async (ip) => {
    const r = await receiver('::');
    const { webhookId } = await oneDelivery(`http://[${ip}]:${r.port}/hook`);
    const queue = queueFor(undefined);
    queue.start();
    const d = await attempted(webhookId);
    await queue.close();
    expect(r.hits).toEqual([]);
    expect(d).toMatchObject({ state: 'pending', last_status: null, last_error: 'delivery failed' });
  });

  it('connects to the address its own lookup checked, not to a second answer for the same name', async () => {
    // The system resolver says localhost is 127.0.0.1; the queue's lookup says 127.0.0.2. Whatever the
    // lookup answered (and was checked) is where the request must go.
    const checked = await receiver('127.0.0.2');
    const other = await receiver('127.0.0.1', checked.port).catch(() => null);
    const { webhookId } = await oneDelivery(`http://localhost:${checked.port}/hook`);
    const lookup: Lookup = async () => [{ address: '127.0.0.2', family: 4 }];
    const queue = queueFor(lookup, true);
    queue.start();
    await expect.poll(async () => (await app!.integration.webhooks.deliveries(webhookId))[0].state, { timeout: 5000 }).toBe('delivered');
    await queue.close();
    expect(checked.hits).toEqual(['127.0.0.2']);
    expect(other?.hits ?? []).toEqual([]);
  });

  it('refuses a name whose lookup answers inside, in any spelling, with the same log line as any failure', async () => {
    const r = await receiver('::');
    for (const inside of ['127.0.0.1', '::ffff:7f00:1', '::1', '64:ff9b::a00:1']) {
      const { webhookId } = await oneDelivery(`http://localhost:${r.port}/hook`);
      const queue = queueFor(async () => [{ address: inside, family: inside.includes(':') ? 6 : 4 }]);
      queue.start();
      const d = await attempted(webhookId);
      await queue.close();
      await app!.close();
      app = undefined;
      expect(d.last_error, inside).toBe('delivery failed');
    }
    expect(r.hits).toEqual([]);
  });
});
