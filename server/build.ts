import Fastify, { type FastifyHttpOptions, type FastifyServerOptions } from 'fastify';
import type { Server } from 'node:http';
import fp from 'fastify-plugin';
import type { Socket } from 'node:net';
import app from './app.js';
import type { AppConfig } from './config.js';
import { clientErrorBody, errorBody, frameworkCode } from './errors.js';
import { serializeRequest } from './log.js';
import { lazySerializers } from './lazy-serializers.js';
import { lazyValidators } from './lazy-validators.js';

// Errors the router raises before a route is found; Fastify's own answer has another shape.
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_MAX_PARAM_LENGTH: 'the address is too long: a part of the path has more than 200 characters',
  FST_ERR_BAD_URL: 'the address is not valid: it holds a malformed %-escape',
};

// Errors Node raises on the connection itself, before there is a request to answer.
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request-timeout', 'the request was not sent in time'] as const :
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers-too-large', 'request headers are too large'] as const :
    [400, 'malformed-request', 'the request is not valid HTTP'] as const;
  if (socket.writable) socket.write(clientErrorBody(status, code, message));
  socket.destroy(err);
}

export function serverOptions(config: AppConfig, logger: FastifyServerOptions['logger'] = false): FastifyHttpOptions<Server> {
  return {
    logger: logger && typeof logger === 'object' ? { ...logger, serializers: { req: serializeRequest as never, ...(logger as { serializers?: object }).serializers } } : logger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Fastify switches Node's request timeout off; without it a client that never finishes its
    // request holds a connection for good (slowloris). Headers get the same time as the whole request,
    // and expiry is checked often enough that the timeout means what it says.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: config.requestTimeoutMs > 0
      ? { headersTimeout: config.requestTimeoutMs, connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(config.requestTimeoutMs / 4))) }
      : {},
    clientErrorHandler,
    frameworkErrors: (err, _request, reply) => {
      const status = err.statusCode ?? 400;
      void (reply as { code(n: number): { send(body: unknown): unknown } }).code(status).send(errorBody(status, frameworkCode(err, status), FRAMEWORK_MESSAGES[err.code] ?? err.message));
    },
    // Start-up migrates inside a plugin: on a big database, or a machine busy with other instances,
    // that can take longer than Fastify's default 10 s, and a start cut off halfway helps nobody.
    // Ten minutes still ends a start that hangs (a database that never answers).
    pluginTimeout: 600_000,
    // Response ids, tokens and question ids are short; nothing legitimate needs longer parameters.
    routerOptions: { maxParamLength: 200 },
    // Request validators and response serializers are compiled on first use, not at start-up
    // (server/lazy-validators.ts, server/lazy-serializers.ts).
    schemaController: { compilersFactory: { buildValidator: lazyValidators() as never, buildSerializer: lazySerializers() as never } },
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
