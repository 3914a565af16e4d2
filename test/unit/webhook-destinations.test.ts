// Webhooks never go inside: neither to a private address written out, nor to a name that resolves to one.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { privateAddress, privateResolution, type Lookup } from '../../server/integration/origins.js';
import { createDeliveryQueue } from '../../server/integration/webhooks.js';

const fakeDns = (table: Record<string, string[]>): Lookup => async (hostname) => {
  const found = table[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('private addresses', () => {
  it.each([
    ['10.1.2.3', true], ['172.20.0.1', true], ['192.168.1.1', true], ['127.0.0.1', true], ['169.254.169.254', true],
    ['100.64.0.1', true], ['0.0.0.0', true], ['::1', true], ['fd00::1', true], ['fe80::1', true], ['::ffff:10.0.0.1', true],
    ['::ffff:127.0.0.1', true], ['localhost', true], ['api.localhost', true],
    ['93.184.216.34', false], ['172.32.0.1', false], ['100.128.0.1', false], ['2001:db8::1', false], ['::ffff:8.8.8.8', false], ['example.org', false],
  ])('%s is private: %s', (host, expected) => {
    expect(privateAddress(host)).toBe(expected);
  });

  it('looks through names to the addresses they resolve to', async () => {
    const dns = fakeDns({ 'hooks.example.org': ['93.184.216.34'], 'sneaky.example.org': ['93.184.216.34', '10.0.0.7'], 'v6.example.org': ['::ffff:192.168.0.2'] });
    expect(await privateResolution('hooks.example.org', dns)).toBeNull();
    expect(await privateResolution('sneaky.example.org', dns)).toBe('10.0.0.7');
    expect(await privateResolution('v6.example.org', dns)).toBe('::ffff:192.168.0.2');
    expect(await privateResolution('[::1]', dns)).toBe('::1');
    await expect(privateResolution('nowhere.example.org', dns)).rejects.toThrow(/ENOTFOUND/);
  });
});

describe('the delivery queue', () => {
  it('does not send to a host that resolves inside, and records why', async () => {
    let hits = 0;
    const receiver = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    const recorded: Array<{ id: string; outcome: { state: string; error: string | null } }> = [];
    const delivery = { id: 'd1', webhook_id: 'w1', event: 'submission.shared', payload: '{}', attempts: 0, url: `http://inside.example.org:${port}/hook`, secret: 's' };
    let served = false;
    const repo = {
      due: () => (served ? [] : ((served = true), [delivery])),
      record: (id: string, outcome: { state: string; error: string | null }) => recorded.push({ id, outcome }),
      nextDue: () => null,
    };
    const queue = createDeliveryQueue({
      repo: repo as never, retryBaseMs: 1000, maxAttempts: 3, pollMs: 60_000, timeoutMs: 2000,
      log: { warn: () => {} }, lookup: fakeDns({ 'inside.example.org': ['127.0.0.1'] }),
    });
    queue.start();
    await expect.poll(() => recorded.length).toBe(1);
    await queue.close();
    await new Promise((r) => receiver.close(r));
    expect(hits).toBe(0);
    expect(recorded[0].outcome.state).toBe('pending');
    expect(recorded[0].outcome.error).toBe('not sent: the host resolves to a private address (127.0.0.1)');
  });
});
