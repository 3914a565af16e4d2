// The integration API, for a programme's own systems: read its submissions and aggregates with an
// API key (x-api-key). A key reaches exactly one programme; there is nothing to write.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SubmissionSummary } from '../../auth/schemas.js';
import { toSubmission } from '../../auth/views.js';
import { cohortOf } from '../../integration/cohort-view.js';
import { CohortQuery, CohortSchema } from '../../integration/schemas.js';
import { roundHalfAway } from '../../../core/scoring.js';
import type { ProgrammeRow } from '../../repositories/programmes.js';
import { errorResponses } from '../../schemas/common.js';

export default async function integrationRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes } = fastify.staffRepos;
  const tags = ['integration'];
  const security = [{ apiKey: [] }];
  fastify.addHook('preHandler', fastify.requireApiKey);
  const programmeOf = async (request: FastifyRequest) => await programmes.find(request.apiKey!.programme_id) as ProgrammeRow;

  fastify.get('/integration/submissions', {
    schema: {
      tags, security, summary: 'A page of the programme\'s submissions, newest shared first, with per-value scores',
      querystring: Type.Object({
        limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|100)$', description: '1..100, default 100' })),
        offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          programme: Type.Object({ id: Type.String(), name: Type.String() }),
          items: Type.Array(Type.Object({
            ...SubmissionSummary.properties,
            values: Type.Record(Type.String(), Type.Object({ score: Type.Union([Type.Number(), Type.Null()]), status: Type.String() })),
          })),
          total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
        }),
        ...errorResponses(400, 401),
      },
    },
  }, async (request) => {
    const p = await programmeOf(request);
    await fastify.integration.ensureScored(p.id);
    const limit = Number(request.query.limit ?? 100);
    const offset = Number(request.query.offset ?? 0);
    const { items, total } = await programmes.listSubmissions({ programmeId: p.id, sort: 'shared', direction: 'desc', limit, offset });
    const stored = await fastify.integration.valueScores.valuesOf(items.map((s) => s.id));
    return {
      programme: { id: p.id, name: p.name },
      items: items.map((s) => ({
        ...toSubmission(s),
        values: Object.fromEntries(Object.entries(stored.get(s.id) ?? {}).map(([v, [score, status]]) => [
          v, { score: score === null ? null : roundHalfAway(score, 1), status },
        ])),
      })),
      total, limit, offset,
    };
  });

  fastify.get('/integration/cohort', {
    schema: {
      tags, security, summary: 'The programme\'s cohort figures, released as on the dashboard (no team list)',
      querystring: CohortQuery,
      response: { 200: CohortSchema, ...errorResponses(400, 401) },
    },
  }, async (request) => {
    // Figures only: what a programme's systems pass on must hold for readers who see no team.
    const { rows: _rows, ...figures } = await cohortOf(fastify.integration, fastify.catalog, await programmeOf(request), request.query.area, fastify.config.cohortMinGroup);
    return figures;
  });
}
