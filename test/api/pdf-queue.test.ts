// Issue 10 item 5: PDFs are printed through a bounded queue, per process and per client address;
// beyond it the answer is 503 or 429 with Retry-After, at once. A fake printer stands in for Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createWorkQueue } from '../../server/limits/work-queue.js';
import { testApp } from '../helpers/app.js';

let app: FastifyInstance;
let base: string;
let printed = 0;
let release: () => void = () => {};
let gate = new Promise<void>((r) => (release = r));

beforeAll(async () => {
  app = await testApp({
    trustProxy: true, pdfConcurrency: 2, pdfMaxQueued: 8, pdfPerClient: 2,
    pdfPrint: async () => {
      await gate;
      printed++;
      return Buffer.from('%PDF-1.7 fake');
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  release();
  await app.close();
});

async function respondent() {
  const res = await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"questionnaireId":"mini","answers":{}}' });
  return (await res.json()) as { id: string; token: string };
}
const pdf = (r: { id: string; token: string }, client: string) =>
  fetch(`${base}/api/responses/${r.id}/report.pdf`, { headers: { authorization: `Bearer ${r.token}`, 'x-forwarded-for': client } });
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

describe('the PDF queue', () => {
  it('holds two per client and ten per process, refusing the rest at once with Retry-After', async () => {
    const r = await respondent();
    // One client: two under way, the third refused with 429.
    const a = [pdf(r, '10.0.0.1'), pdf(r, '10.0.0.1')];
    await until(() => app.pdf.queueStats().running === 2);
    const third = await pdf(r, '10.0.0.1');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const thirdBody = await third.json();
    expect(thirdBody, JSON.stringify(thirdBody)).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'too-many-at-once' });

    // Eight more wait, from four other clients; the next client is refused with 503.
    const b = ['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].flatMap((ip) => [pdf(r, ip), pdf(r, ip)]);
    await until(() => app.pdf.queueStats().queued === 8);
    const started = Date.now();
    const busy = await pdf(r, '10.0.0.9');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(busy.status).toBe(503);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await busy.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'server-busy' });

    // Everything admitted is printed once the printer is free again, and the queue empties.
    release();
    const done = await Promise.all([...a, ...b]);
    expect(done.map((res) => res.status)).toEqual(Array(10).fill(200));
    expect(printed).toBe(10);
    expect(app.pdf.queueStats()).toEqual({ running: 0, queued: 0, clients: 0 });
    expect((await pdf(r, '10.0.0.1')).status).toBe(200);
  });
});

describe('the work queue', () => {
  it('frees a client\'s place when its job fails', async () => {
    const q = createWorkQueue({ name: 'test', concurrency: 1, maxQueued: 0, perClient: 1 });
    await expect(q.run('x', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(q.stats()).toEqual({ running: 0, queued: 0, clients: 0 });
    await expect(q.run('x', async () => 42)).resolves.toBe(42);
  });
});
