// Verification of signed reports, for anyone: the published keys and the status of a statement.
// Neither reveals anything of a report's content (docs/verification.md).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { normalizeCode } from '../../../core/attestation.js';
import { badRequest, notFound } from '../../errors.js';
import { errorResponses } from '../../schemas/common.js';

const Jwk = Type.Object({
  kty: Type.Literal('OKP'), crv: Type.Literal('Ed25519'), x: Type.String(), kid: Type.String(), alg: Type.Literal('EdDSA'), use: Type.Literal('sig'),
});

const Status = Type.Object({
  code: Type.String(),
  status: Type.Union([Type.Literal('current'), Type.Literal('superseded'), Type.Literal('withdrawn')], {
    description: 'current; superseded by a later attempt or by a newer statement about changed content; withdrawn (deleted) by its owner',
  }),
  issuedAt: Type.String({ format: 'date-time' }),
  since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when it was superseded or withdrawn' }),
  keyRevoked: Type.Boolean({ description: 'the key that signed it has been revoked since: its signature proves nothing any more' }),
});

export default async function attestationRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  fastify.get('/attestations/:code/status', {
    schema: {
      tags: ['verification'], summary: 'Whether a signed report is still current; nothing of its content',
      params: Type.Object({ code: Type.String({ maxLength: 40, description: 'the verification code, e.g. ABCD-EFGH-JKMN (case and dashes are ignored)' }) }),
      response: { 200: Status, ...errorResponses(400, 404) },
    },
    config: { writesDatabase: false },
  }, async (request) => {
    const code = normalizeCode(request.params.code);
    if (!code) throw badRequest('invalid-code', 'a verification code is 12 characters of 0-9 and A-Z (without I, L, O and U), e.g. ABCD-EFGH-JKMN');
    const status = await fastify.attestations.status(code);
    if (!status) throw notFound('attestation-not-found', 'no signed report has this verification code');
    return status;
  });
}

/** The public keys at the address JOSE libraries look for them; outside /api, and cacheable for a few minutes. */
export async function jwksRoute(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  fastify.get('/.well-known/jwks.json', {
    schema: {
      tags: ['verification'], summary: 'The public keys that sign reports (JWKS, RFC 7517); revoked keys are left out',
      // 429 only: the route takes no input, but the global rate limit applies to it as to every route.
      response: { 200: Type.Object({ keys: Type.Array(Jwk) }), ...errorResponses(429) },
    },
    config: { writesDatabase: false },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    return fastify.attestations.jwks();
  });
}
