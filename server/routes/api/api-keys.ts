// Managers create, list and revoke a programme's API keys. A key is shown once, when created.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { RecordId } from '../../auth/schemas.js';
import { badRequest, notFound } from '../../errors.js';
import { managedProgramme, writableManagedProgramme } from '../../integration/access.js';
import { ApiKeySchema } from '../../integration/schemas.js';
import { staffOf } from '../../plugins/app/auth.js';
import { canActFor } from '../../auth/permissions.js';
import type { ApiKeyWithCreator } from '../../repositories/api-keys.js';
import { creatorAuth, creatorView } from '../../repositories/creators.js';
import { errorResponses } from '../../schemas/common.js';

const view = (k: ApiKeyWithCreator) => ({
  id: k.id, name: k.name, prefix: k.prefix, createdAt: k.created_at, lastUsedAt: k.last_used_at, revokedAt: k.revoked_at,
  createdBy: creatorView(k), creatorHasAccess: canActFor(creatorAuth(k), k.programme_id),
});

export default async function apiKeyRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes, audit } = fastify.staffRepos;
  const { apiKeys } = fastify.integration;
  const tags = ['integration-settings'];
  const security = [{ session: [] }];
  const Params = Type.Object({ id: RecordId });
  fastify.addHook('preHandler', fastify.requireStaff);

  fastify.get('/programmes/:id/api-keys', {
    schema: { tags, security, summary: 'The programme\'s API keys (never the keys themselves)', params: Params, response: { 200: Type.Array(ApiKeySchema), ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => (await apiKeys.list((await managedProgramme(programmes, staffOf(request).auth, request.params.id)).id)).map(view));

  fastify.post('/programmes/:id/api-keys', {
    schema: {
      tags, security, summary: 'Create an API key; the key is in this answer only',
      params: Params,
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ ...ApiKeySchema.properties, key: Type.String({ description: 'Send as x-api-key; shown once, stored as SHA-256' }) }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await writableManagedProgramme(programmes, auth, request.params.id);
    const name = request.body.name.trim();
    if (!name) throw badRequest('name-required', 'name: give the key a name that says where it is used');
    const { key, row } = await apiKeys.create({ programmeId: p.id, name, createdBy: auth.userId });
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'api-key.create', programmeId: p.id, detail: { key: row.id, name } });
    return reply.code(201).send({ ...view(row), key });
  });

  fastify.delete('/programmes/:id/api-keys/:keyId', {
    schema: {
      tags, security, summary: 'Revoke an API key',
      params: Type.Object({ id: RecordId, keyId: RecordId }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await managedProgramme(programmes, auth, request.params.id);
    if (!(await apiKeys.revoke(p.id, request.params.keyId))) throw notFound('api-key-not-found', 'no active API key with this id in this programme');
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'api-key.revoke', programmeId: p.id, detail: { key: request.params.keyId } });
    return reply.code(204).send(null);
  });
}
