// The incubator integration as one app plugin: stored per-value scores (with the start-up backfill),
// the cohort reads, API keys, webhooks with their delivery queue, and the sites allowed to embed.
// Webhook events are queued by the routes that make the change (sharing, withdrawing, a review
// submitted, a decision), with `emit` inside the change's own transaction: an event is stored if and
// only if its change is, so a reply never goes out for a change whose event could still be lost.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import fp from 'fastify-plugin';
import { score } from '../../core/scoring.js';
import type { AppConfig } from '../config.js';
import type { Schema } from '../db/schema.js';
import { HttpError, unauthorized } from '../errors.js';
import { createApiKeyRepository, type ApiKeyRepository, type ApiKeyRow } from '../repositories/api-keys.js';
import { canActFor } from '../auth/permissions.js';
import { creatorAuth } from '../repositories/creators.js';
import { createCohortRepository, type CohortRepository } from '../repositories/cohort.js';
import { createPeerPoolRepository, type PeerPoolRepository } from '../repositories/peer-pool.js';
import { createValueScoreRepository, type ValueScoreRepository } from '../repositories/value-scores.js';
import { createWebhookRepository, type WebhookEvent, type WebhookRepository } from '../repositories/webhooks.js';
import { createEmbedOriginRepository, type EmbedOriginRepository } from './origins.js';
import { createDeliveryQueue, type DeliveryQueue } from './webhooks.js';

export const API_KEY_HEADER = 'x-api-key';

declare module 'fastify' {
  interface FastifyInstance {
    integration: {
      valueScores: ValueScoreRepository;
      cohort: CohortRepository;
      /** The anonymous peer pool and the plan rows behind the cohort's plan progress (issue 16). */
      peers: PeerPoolRepository;
      apiKeys: ApiKeyRepository;
      webhooks: WebhookRepository;
      embedOrigins: EmbedOriginRepository;
      queue: DeliveryQueue;
      /** Stores per-value scores for any of the programme's submissions that predate them. */
      ensureScored: (programmeId: string) => Promise<void>;
      /**
       * Queues the event for the programme's webhooks and delivers at once; the number queued. Within a
       * transaction the event is queued in it, and the caller kicks the queue once it committed.
       */
      emit: (programmeId: string, event: WebhookEvent, data: Record<string, unknown>, within?: Kysely<Schema>) => Promise<number>;
    };
    /** preHandler: a valid API key in x-api-key or Authorization: Bearer; puts it on request.apiKey. */
    requireApiKey: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    apiKey: ApiKeyRow | null;
  }
}

export default fp(
  async function integration(fastify, opts: { config: AppConfig }) {
    const db = fastify.database.kysely;
    const valueScores = createValueScoreRepository(db);
    const webhooks = createWebhookRepository(db);
    const queue = createDeliveryQueue({
      repo: webhooks,
      retryBaseMs: opts.config.webhookRetryBaseMs,
      maxAttempts: opts.config.webhookMaxAttempts,
      pollMs: opts.config.webhookPollMs,
      timeoutMs: opts.config.webhookTimeoutMs,
      log: fastify.log,
      allowInsecure: opts.config.webhookAllowInsecure,
    });

    // Responses submitted before per-value scores were stored get them from the same engine and the
    // snapshot they were answered against: the shared ones now (a small, idempotent step), any other
    // when it turns up in a programme (ensureScored). Unshared ones are never needed, so a large
    // database of anonymous tests does not slow start-up.
    const scoreAll = async (ids: string[]) => {
      for (const id of ids) {
        const row = (await fastify.repos.responses.find(id))!;
        await valueScores.store(id, score(await fastify.reports.questionnaireOf(row), JSON.parse(row.answers), fastify.catalog.values, { version: fastify.reports.scoringVersionOf(row) }));
      }
      return ids.length;
    };
    let backfilled = 0;
    for (let batch = await valueScores.unscoredShared(500); batch.length; batch = await valueScores.unscoredShared(500)) backfilled += await scoreAll(batch);
    if (backfilled) fastify.log.info({ responses: backfilled }, 'per-value scores stored for earlier submissions');
    const ensureScored = async (programmeId: string) => {
      if (!(await valueScores.anyUnscoredIn(programmeId))) return;
      for (let batch = await valueScores.unscoredIn(programmeId, 500); batch.length; batch = await valueScores.unscoredIn(programmeId, 500)) await scoreAll(batch);
    };

    const emit = async (programmeId: string, event: WebhookEvent, data: Record<string, unknown>, within?: Kysely<Schema>) => {
      const n = await webhooks.enqueue(programmeId, event, { event, programmeId, at: new Date().toISOString(), data }, within);
      if (n && !within) queue.kick();
      return n;
    };

    fastify.decorate('integration', {
      valueScores,
      cohort: createCohortRepository(db),
      peers: createPeerPoolRepository(db, { minPool: opts.config.peerMinPool }),
      apiKeys: createApiKeyRepository(db),
      webhooks,
      embedOrigins: createEmbedOriginRepository(db),
      queue,
      ensureScored,
      emit,
    });
    fastify.decorateRequest('apiKey', null);
    fastify.decorate('requireApiKey', async (request: FastifyRequest) => {
      // x-api-key, or the usual "Authorization: Bearer <key>" that HTTP clients and gateways send (staff #27).
      const header = request.headers[API_KEY_HEADER];
      const bearer = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const sent = typeof header === 'string' && header ? header : bearer;
      if (!sent) throw unauthorized('api-key-required', `send the programme's API key in the ${API_KEY_HEADER} header or as Authorization: Bearer <key>`);
      const key = await fastify.integration.apiKeys.active(sent);
      if (!key) throw new HttpError(401, 'api-key-invalid', 'this API key is unknown or revoked');
      if (!canActFor(creatorAuth(key), key.programme_id)) {
        throw new HttpError(401, 'api-key-creator-lost-access', 'this API key stopped working: the person who created it no longer manages this programme; a manager can create a new key');
      }
      await fastify.integration.apiKeys.used(key);
      request.apiKey = key;
    });

    // The embed script is loaded by other sites' pages: helmet's Cross-Origin-Resource-Policy
    // (same-origin) would make browsers refuse it there.
    fastify.addHook('onSend', async (request, reply) => {
      if (request.url.split('?')[0] === '/embed.js') reply.header('cross-origin-resource-policy', 'cross-origin');
    });

    queue.start();
    fastify.addHook('onClose', async () => {
      await queue.close();
    });
  },
  { name: 'integration', dependencies: ['services', 'auth'] },
);
