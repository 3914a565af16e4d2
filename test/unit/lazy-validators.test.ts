// Request validators are compiled on a route's first request, not at start-up (server/lazy-validators.ts).
// Deferring must not change what is accepted or what a refused request hears.
import Fastify, { type FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { serverOptions } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { validatorStats } from '../../server/lazy-validators.js';
import { testApp } from '../helpers/app.js';

const schema = {
  params: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z]{3}$' } }, required: ['id'] },
  querystring: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  body: {
    type: 'object', additionalProperties: false, required: ['name'],
    properties: { name: { type: 'string', maxLength: 5 }, tags: { type: 'array', items: { type: 'string' }, maxItems: 2 } },
  },
};

function withRoute(app: FastifyInstance) {
  app.post('/things/:id', { schema }, async (request) => ({ id: (request.params as { id: string }).id, body: request.body }));
  return app;
}

it('accepts and refuses exactly what the eager validators do, compiling each schema on its first request, once', async () => {
  const options = serverOptions(defaultConfig({ databasePath: ':memory:' }));
  const { schemaController: _, ...eagerOptions } = options;
  const lazy = withRoute(Fastify(options));
  const eager = withRoute(Fastify(eagerOptions));
  await lazy.ready();
  await eager.ready();
  const before = validatorStats.compiled;
  const requests = [
    { url: '/things/abc', payload: { name: 'ok', tags: ['a'] } },
    { url: '/things/abc?n=2', payload: { name: 'ok' } },
    { url: '/things/abcd', payload: { name: 'ok' } },
    { url: '/things/abc?n=0', payload: { name: 'ok' } },
    { url: '/things/abc?x=1', payload: { name: 'ok' } },
    { url: '/things/abc', payload: { name: 'too long' } },
    { url: '/things/abc', payload: { name: 'ok', extra: true } },
    { url: '/things/abc', payload: { tags: ['a', 'b', 'c'] } },
    { url: '/things/abc', payload: { name: 'ok', tags: ['a', 'b', 'c'] } },
    { url: '/things/abc', payload: { name: 'ok' } },
  ];
  for (const r of requests) {
    const [a, b] = await Promise.all([lazy, eager].map((app) => app.inject({ method: 'POST', ...r })));
    expect({ status: a.statusCode, body: a.json() }, r.url).toEqual({ status: b.statusCode, body: b.json() });
  }
  // Params, querystring and body: three schemas, each compiled once however often it is used.
  expect(validatorStats.compiled - before).toBe(3);
  await lazy.close();
  await eager.close();
});

it('compiles none of the app\'s request validators while it starts', async () => {
  const before = validatorStats.compiled;
  const app = await testApp();
  expect(validatorStats.compiled).toBe(before);
  const refused = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', unknown: 1 } });
  expect(refused.statusCode).toBe(400);
  expect(refused.json()).toMatchObject({ error: expect.any(String) });
  expect(validatorStats.compiled).toBeGreaterThan(before);
  await app.close();
});
