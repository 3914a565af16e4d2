// What the browser needs to know about this installation to build links: the public address.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../../schemas/common.js';

export default async function siteRoutes(fastify: FastifyInstance) {
  fastify.get('/site', {
    schema: {
      tags: ['site'],
      summary: 'The address links are built on',
      description: 'publicUrl is PUBLIC_URL, or null when it is unset: then links use the address the browser has open. Never derived from the request\'s Host header.',
      response: { 200: Type.Object({ publicUrl: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }), ...errorResponses(429) },
    },
  }, async () => ({ publicUrl: fastify.config.publicUrl }));
}
