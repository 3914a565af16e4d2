// The application as a Fastify plugin, separate from the process that listens (server.ts), so tests
// build it without a port and use inject. Plugins load in layers: external, then app services, then routes.
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config.js';
import { isBusy, databaseBusy } from './db/busy.js';
import { isUnstorableText } from './db/dialect.js';
import { errorBody, frameworkCode, HttpError } from './errors.js';
import { registerJsonParser } from './json-body.js';
import { PdfUnavailableError } from './report/pdf.js';
import openapi from './plugins/external/openapi.js';
import security from './plugins/external/security.js';
import services from './plugins/app/services.js';
import staffAuth from './plugins/app/auth.js';
import healthRoutes from './routes/api/health.js';
import siteRoutes from './routes/api/site.js';
import questionnaireRoutes from './routes/api/questionnaires.js';
import responseRoutes from './routes/api/responses.js';
import scoreRoutes from './routes/api/score.js';
import authRoutes from './routes/api/auth.js';
import userRoutes from './routes/api/users.js';
import programmeRoutes from './routes/api/programmes.js';
import submissionRoutes from './routes/api/submissions.js';
import exportRoutes from './routes/api/exports.js';
import planRoutes from './routes/api/plan.js';
import shareRoutes from './routes/api/shares.js';
import integration from './integration/plugin.js';
import housekeeping from './jobs/housekeeping.js';
import mail from './mail/plugin.js';
import mailRoutes from './routes/api/mail.js';
import clarificationRoutes from './routes/api/clarifications.js';
import requestRoutes from './routes/api/requests.js';
import contactRoutes from './routes/api/contacts.js';
import cohortRoutes from './routes/api/cohort.js';
import apiKeyRoutes from './routes/api/api-keys.js';
import webhookRoutes from './routes/api/webhooks.js';
import integrationRoutes from './routes/api/integration.js';
import embedRoutes, { embedPage } from './routes/api/embed.js';
import attestationRoutes, { jwksRoute } from './routes/api/attestations.js';
import attestationsPlugin from './attest/plugin.js';
import attemptRoutes from './routes/api/attempts.js';
import decisionRoutes from './routes/api/decisions.js';
import editorRoutes from './routes/api/editor.js';

export default async function app(fastify: FastifyInstance, opts: { config: AppConfig }) {
  const { config } = opts;
  await fastify.register(security, { config });
  await fastify.register(openapi);
  await fastify.register(services, { config });
  await fastify.register(staffAuth, { config });
  await fastify.register(attestationsPlugin, { config });
  await fastify.register(integration, { config });
  // Mail before housekeeping: housekeeping's first run (at start-up) sends deadline reminders.
  await fastify.register(mail, { config });
  await fastify.register(housekeeping);

  fastify.setErrorHandler((thrown: FastifyError, request, reply) => {
    let err: FastifyError | HttpError = thrown;
    if (isBusy(thrown)) {
      // A write found the lock taken after all (another process got in first): say so, not 500.
      request.log.warn({ err: thrown }, 'database busy');
      err = databaseBusy('the database is busy with another process; this request may not have been completed. Try again shortly.');
    }
    if (isUnstorableText(thrown)) err = new HttpError(400, 'nul-character', 'the request holds a character no text may contain (NUL)');
    if (thrown instanceof PdfUnavailableError) {
      // No Chromium, no TCP port, or a page the browser could not print: this server's problem, said
      // as such. Playwright's cause names the URL (with a print ticket), so it goes to the log only.
      if (thrown.cause) request.log.warn({ err: thrown.cause }, 'PDF printing failed');
      err = new HttpError(503, 'pdf-unavailable', thrown.message);
    }
    if (err instanceof HttpError) {
      if (err.extras.retryAfter !== undefined) reply.header('retry-after', String(err.extras.retryAfter));
      return reply.code(err.statusCode).send(errorBody(err.statusCode, err.code, err.message, err.details));
    }
    const status = err.statusCode ?? 500;
    if (err.validation) {
      // ajv's first fault (allErrors is off) as a JSON pointer into the request, e.g. /body/answers/x/option.
      const details = err.validation.map((v) => ({ pointer: `/${err.validationContext ?? 'body'}${v.instancePath}`, message: v.message ?? 'is not valid' }));
      return reply.code(400).send(errorBody(400, 'invalid-request', err.message, details));
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(status, frameworkCode(err, status), err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody(500, 'internal-error', 'something went wrong on our side; what you sent may not have been stored, so try again'));
  });

  registerJsonParser(fastify);

  // API answers hold private answers and reports, reached with a token in a header the HTTP cache
  // does not key on: no browser or proxy may keep them (a cached 410 once hid a fresh share link).
  fastify.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  await fastify.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(siteRoutes);
      await api.register(questionnaireRoutes);
      await api.register(scoreRoutes);
      await api.register(responseRoutes);
      await api.register(authRoutes);
      await api.register(userRoutes);
      await api.register(programmeRoutes);
      await api.register(submissionRoutes);
      await api.register(shareRoutes);
      await api.register(exportRoutes);
      await api.register(planRoutes);
      await api.register(cohortRoutes);
      await api.register(apiKeyRoutes);
      await api.register(webhookRoutes);
      await api.register(integrationRoutes);
      await api.register(embedRoutes);
      await api.register(mailRoutes);
      await api.register(clarificationRoutes);
      await api.register(requestRoutes);
      await api.register(attemptRoutes);
      await api.register(decisionRoutes);
      await api.register(contactRoutes);
      await api.register(attestationRoutes);
      await api.register(editorRoutes);
    },
    { prefix: '/api' },
  );

  const clientDir = config.clientDir && existsSync(join(config.clientDir, 'index.html')) ? config.clientDir : null;
  if (clientDir) {
    await fastify.register(fastifyStatic, {
      root: clientDir,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset (scripts/compress-client.mjs).
      preCompressed: true,
      // Cache headers are ours (setHeaders below); the plugin's own would overwrite them with max-age=0.
      cacheControl: false,
      // Source maps would hand out the client's source; the production build writes none, and should
      // one be copied in, it is still not served.
      allowedPath: (path) => !path.endsWith('.map'),
      setHeaders(res, path) {
        // Vite puts a content hash in every asset name, so they never change; the page itself must be revalidated.
        res.setHeader('cache-control', path.includes(`${join(clientDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  // /embed/<code> is the one page other sites may frame (frame-ancestors from the programme's list).
  await fastify.register(embedPage);
  await fastify.register(jwksRoute);

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // Client-side routes (/, /test/…, /report/…) all answer with the app; unknown API paths and files do not.
    if (clientDir && (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).send(errorBody(404, 'not-found', `no route ${request.method} ${path}`));
  });
}
