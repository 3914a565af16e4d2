// Managers register webhooks for their programme (the signing secret is shown once), remove them, and
// read the delivery log.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { RecordId } from '../../auth/schemas.js';
import { badRequest, notFound } from '../../errors.js';
import { managedProgramme, writableManagedProgramme } from '../../integration/access.js';
import { checkWebhookUrl } from '../../integration/origins.js';
import { deliveryReason } from '../../integration/webhooks.js';
import { DeliverySchema, WebhookEventSchema, WebhookSchema } from '../../integration/schemas.js';
import { staffOf } from '../../plugins/app/auth.js';
import { canActFor } from '../../auth/permissions.js';
import { creatorAuth, creatorView } from '../../repositories/creators.js';
import { WEBHOOK_EVENTS, type DeliveryRow, type WebhookEvent, type WebhookWithCreator } from '../../repositories/webhooks.js';
import { errorResponses } from '../../schemas/common.js';

const view = (w: WebhookWithCreator) => ({
  id: w.id, url: w.url, events: JSON.parse(w.events) as string[], createdAt: w.created_at, revokedAt: w.revoked_at,
  createdBy: creatorView(w), creatorHasAccess: canActFor(creatorAuth(w), w.programme_id),
});
const deliveryView = (d: DeliveryRow) => ({
  id: d.id, event: d.event, state: d.state, attempts: d.attempts, nextAttemptAt: d.next_attempt_at, lastStatus: d.last_status,
  lastError: d.last_error, reason: deliveryReason(d.last_error), createdAt: d.created_at, deliveredAt: d.delivered_at,
});

export default async function webhookRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes, audit } = fastify.staffRepos;
  const { webhooks } = fastify.integration;
  const tags = ['integration-settings'];
  const security = [{ session: [] }];
  const Params = Type.Object({ id: RecordId });
  const HookParams = Type.Object({ id: RecordId, webhookId: RecordId });
  fastify.addHook('preHandler', fastify.requireStaff);

  fastify.get('/programmes/:id/webhooks', {
    schema: { tags, security, summary: 'The programme\'s webhooks', params: Params, response: { 200: Type.Array(WebhookSchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => (await webhooks.list((await managedProgramme(programmes, staffOf(request).auth, request.params.id)).id)).map(view));

  fastify.post('/programmes/:id/webhooks', {
    schema: {
      tags, security, summary: 'Register a webhook; the signing secret is in this answer only',
      description: 'Each delivery is a POST with a JSON body, signed in x-zelftoets-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>. Failed deliveries are retried with exponential back-off.',
      params: Params,
      body: Type.Object({
        url: Type.String({ minLength: 8, maxLength: 500 }),
        events: Type.Array(WebhookEventSchema, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true }),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ ...WebhookSchema.properties, secret: Type.String() }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await writableManagedProgramme(programmes, auth, request.params.id);
    const fault = checkWebhookUrl(request.body.url, fastify.config.webhookAllowInsecure);
    if (fault) throw badRequest('invalid-webhook-url', fault);
    const w = await webhooks.create({ programmeId: p.id, url: request.body.url, events: request.body.events as WebhookEvent[], createdBy: auth.userId });
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'webhook.create', programmeId: p.id, detail: { webhook: w.id, url: w.url } });
    return reply.code(201).send({ ...view(w), secret: w.secret });
  });

  fastify.delete('/programmes/:id/webhooks/:webhookId', {
    schema: { tags, security, summary: 'Remove a webhook (pending deliveries stop)', params: HookParams, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await managedProgramme(programmes, auth, request.params.id);
    if (!(await webhooks.revoke(p.id, request.params.webhookId))) throw notFound('webhook-not-found', 'no active webhook with this id in this programme');
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'webhook.remove', programmeId: p.id, detail: { webhook: request.params.webhookId } });
    return reply.code(204).send(null);
  });

  fastify.get('/programmes/:id/webhooks/:webhookId/deliveries', {
    schema: {
      tags, security, summary: 'The delivery log of a webhook, newest first (last 100)',
      params: HookParams,
      response: { 200: Type.Array(DeliverySchema), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const p = await managedProgramme(programmes, staffOf(request).auth, request.params.id);
    const w = await webhooks.find(request.params.webhookId);
    if (!w || w.programme_id !== p.id) throw notFound('webhook-not-found', 'no webhook with this id in this programme');
    return (await webhooks.deliveries(w.id)).map(deliveryView);
  });
}
