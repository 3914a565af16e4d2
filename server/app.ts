// The application as a Fastify plugin, separate from the process that listens (server.ts), so tests
// build it without a port and use inject. Plugins load in layers: external, then app services, then routes.
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config.js';
import { errorBody, HttpError } from './errors.js';
import openapi from './plugins/external/openapi.js';
import security from './plugins/external/security.js';
import services from './plugins/app/services.js';
import healthRoutes from './routes/api/health.js';
import questionnaireRoutes from './routes/api/questionnaires.js';
import responseRoutes from './routes/api/responses.js';
import scoreRoutes from './routes/api/score.js';

export default async function app(fastify: FastifyInstance, opts: { config: AppConfig }) {
  const { config } = opts;
  await fastify.register(security, { config });
  await fastify.register(openapi);
  await fastify.register(services, { config });

  fastify.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send(errorBody(err.statusCode, err.message, err.details));
    }
    const status = err.statusCode ?? 500;
    if (err.validation) {
      return reply.code(400).send(errorBody(400, err.message));
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(status, err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(500, 'something went wrong on our side; nothing you sent was lost'));
  });

  await fastify.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(questionnaireRoutes);
      await api.register(scoreRoutes);
      await api.register(responseRoutes);
    },
    { prefix: '/api' },
  );

  const clientDir = config.clientDir && existsSync(join(config.clientDir, 'index.html')) ? config.clientDir : null;
  if (clientDir) {
    await fastify.register(fastifyStatic, {
      root: clientDir,
      wildcard: false,
      index: false,
      setHeaders(res, path) {
        // Vite puts a content hash in every asset name, so they never change; the page itself must be revalidated.
        res.setHeader('cache-control', path.includes(`${join(clientDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // Client-side routes (/, /test/…, /report/…) all answer with the app; unknown API paths and files do not.
    if (clientDir && request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send(errorBody(404, `no route ${request.method} ${path}`));
  });
}
