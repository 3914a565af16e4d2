import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';

export default async function healthRoutes(fastify: FastifyInstance) {
  fastify.get('/health', {
    schema: {
      tags: ['service'],
      summary: 'Readiness',
      description: 'Answers 200 once migrations ran and the questionnaires loaded (the app does not listen before that).',
      response: { 200: Type.Object({ status: Type.Literal('ok'), questionnaires: Type.Array(Type.String()) }) },
    },
    config: { rateLimit: false },
  }, async () => {
    await sql`SELECT 1`.execute(fastify.database.kysely);
    return { status: 'ok' as const, questionnaires: [...fastify.catalog.questionnaires.keys()] };
  });

  fastify.get('/openapi.json', {
    schema: { tags: ['service'], summary: 'This API described as OpenAPI 3', response: { 200: { type: 'object', additionalProperties: true } } },
  }, async () => fastify.swagger());
}
