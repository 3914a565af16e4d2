// Response serializers are compiled when a route first answers, not at start-up (server/lazy-serializers.ts).
// Deferring must not change what is sent: the response schema still decides which fields leave.
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { serverOptions } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { serializerStats } from '../../server/lazy-serializers.js';
import { testApp } from '../helpers/app.js';

it('compiles a response schema on its route\'s first answer, once, and still sends only the fields the schema names', async () => {
  const app = Fastify(serverOptions(defaultConfig({ databasePath: ':memory:' })));
  app.get('/thing', {
    schema: { response: { 200: { type: 'object', properties: { name: { type: 'string' }, count: { type: 'integer' } }, additionalProperties: false } } },
  }, async () => ({ name: 'x', count: 2, secret: 'token hash' }));
  app.get('/other', { schema: { response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } }, async () => ({ ok: true }));
  await app.ready();
  const before = serializerStats.compiled;

  const first = await app.inject({ url: '/thing' });
  expect(first.json()).toEqual({ name: 'x', count: 2 });
  expect(serializerStats.compiled).toBe(before + 1);
  await app.inject({ url: '/thing' });
  expect(serializerStats.compiled).toBe(before + 1);
  await app.close();
});

it('compiles none of the app\'s response serializers while it starts', async () => {
  const before = serializerStats.compiled;
  const app = await testApp();
  expect(serializerStats.compiled).toBe(before);
  const health = await app.inject({ url: '/api/health' });
  expect(health.statusCode).toBe(200);
  expect(serializerStats.compiled).toBeGreaterThan(before);
  await app.close();
});
