// Serving the built client: precompressed, cached by content hash, and client routes answer with the app.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ROOT, testApp } from '../helpers/app.js';

const CLIENT = join(ROOT, 'dist/client');
let app: FastifyInstance;

beforeAll(async () => {
  if (!existsSync(join(CLIENT, 'index.html'))) throw new Error('build the client first: npm run build');
  app = await testApp({ clientDir: CLIENT });
});
afterAll(async () => {
  await app.close();
});

describe('the built client', () => {
  it('serves hashed assets precompressed and cached for good', async () => {
    const js = readdirSync(join(CLIENT, 'assets')).find((f) => /^index-.+\.js$/.test(f))!;
    const br = await app.inject({ url: `/assets/${js}`, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await app.inject({ url: `/assets/${js}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({ url: `/assets/${js}` });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toContain('preact');
  });

  it('answers client routes with the app, revalidated every time', async () => {
    for (const url of ['/', '/test/abc', '/report/abc?lang=en', '/shared']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="app"></div>');
    }
  });

  it('sends the same security headers on every kind of answer: the app, assets, JSON, errors', async () => {
    const asset = readdirSync(join(CLIENT, 'assets')).find((f) => f.endsWith('.js'))!;
    const { id } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    const answers = [
      await app.inject({ url: '/' }),
      await app.inject({ url: `/assets/${asset}` }),
      await app.inject({ url: '/api/questionnaires' }),
      await app.inject({ url: '/api/nothing-here' }),
      await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 42 } }),
      await app.inject({ url: `/api/responses/${id}` }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 404, 400, 401]);
    for (const res of answers) {
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'self';base-uri 'none';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self';connect-src 'self'",
      );
      expect(res.headers).toMatchObject({
        'x-frame-options': 'SAMEORIGIN', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains', 'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin', 'x-permitted-cross-domain-policies': 'none', 'x-xss-protection': '0',
      });
      expect(res.headers['permissions-policy']).toMatch(/^accelerometer=\(\), .*camera=\(\), .*xr-spatial-tracking=\(\)$/);
      expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
    }
  });

  it('does not answer unknown files or API paths with the app', async () => {
    const file = await app.inject({ url: '/assets/nothing.js' });
    expect(file.statusCode).toBe(404);
    expect(file.json()).toMatchObject({ statusCode: 404 });
    expect((await app.inject({ url: '/api/nope' })).json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await app.inject({ method: 'POST', url: '/test/abc' })).statusCode).toBe(404);
  });
});
