import Fastify, { type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import app from './app.js';
import type { AppConfig } from './config.js';

export function serverOptions(config: AppConfig, logger: FastifyServerOptions['logger'] = false): FastifyServerOptions {
  return {
    logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Response ids, tokens and question ids are short; nothing legitimate needs longer parameters.
    routerOptions: { maxParamLength: 200 },
    ajv: {
      // Refuse what does not fit instead of quietly dropping or converting it: a client that sends
      // an unknown field or a number where a string belongs should hear so, with the field named.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false },
    },
  };
}

/** The app, ready to inject or listen. */
export async function buildApp(config: AppConfig, logger: FastifyServerOptions['logger'] = false) {
  const fastify = Fastify(serverOptions(config, logger));
  // fp lifts the app's decorations (db, repos, catalog) to the root, so the process and tests can reach them.
  await fastify.register(fp(app), { config });
  await fastify.ready();
  return fastify;
}
