// The ceiling: bare Fastify routes with the app's server options, answering JSON of the same size as
// the real routes, with no schema, database or scoring. What the real routes reach of this is what
// our code costs on top of HTTP and JSON in Node. Plain JavaScript importing the built server options,
// so it starts the way `node dist/server/server.js` does. Sizes come in CEILING_SIZES as {"route": bytes}.
import Fastify from 'fastify';
import { serverOptions } from '../dist/server/build.js';
import { defaultConfig } from '../dist/server/config.js';

const sizes = JSON.parse(process.env.CEILING_SIZES ?? '{}');
/** An object whose JSON is exactly n bytes long. */
const ofSize = (n) => ({ pad: 'x'.repeat(Math.max(0, n - '{"pad":""}'.length)) });
const bodies = Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, ofSize(n)]));

const fastify = Fastify(serverOptions(defaultConfig()));
fastify.patch('/ceiling/:id/answers', async () => bodies.save ?? {});
fastify.post('/ceiling/:id/submit', async () => bodies.submit ?? {});
fastify.get('/ceiling/:id/report', async () => bodies.report ?? {});
fastify.get('/ceiling/list', async () => bodies.list ?? {});
fastify.get('/ceiling/health', async () => ({ status: 'ok' }));

await fastify.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
