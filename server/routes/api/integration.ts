// The integration API, for a programme's own systems: read its submissions and aggregates with an
// API key (x-api-key or Authorization: Bearer). A key reaches exactly one programme; there is nothing to write.
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
import { createDecisionRepository } from '../../repositories/decisions.js';
import { PublicDecision, toPublicDecision } from './decisions.js';
import { answersFor } from '../../services/programme-intake.js';

export default async function integrationRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes } = fastify.staffRepos;
  const tags = ['integration'];
  const security = [{ apiKey: [] }];
  fastify.addHook('preHandler', fastify.requireApiKey);
  const decisions = createDecisionRepository(fastify.database.kysely);
  const programmeOf = async (request: FastifyRequest) => await programmes.find(request.apiKey!.programme_id) as ProgrammeRow;

  fastify.get('/integration/submissions', {
    schema: {
      tags, security, summary: 'A page of the programme\'s submissions (by default one per team, its latest shared attempt), newest shared first, with per-value scores and submitted reviews',
      querystring: Type.Object({
        limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|100)$', description: '1..100, default 100' })),
        offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
        attempts: Type.Optional(Type.Union([Type.Literal('latest'), Type.Literal('all')], { description: 'latest (default): one item per team, its latest shared attempt; all: every shared attempt' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          programme: Type.Object({ id: Type.String(), name: Type.String() }),
          items: Type.Array(Type.Object({
            ...SubmissionSummary.properties,
            values: Type.Record(Type.String(), Type.Object({ score: Type.Union([Type.Number(), Type.Null()]), status: Type.String() })),
            reviews: Type.Array(Type.Object({
              assessorId: Type.String(),
              judgement: Type.Union([Type.String(), Type.Null()]),
              scores: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
              submittedAt: Type.Union([Type.String(), Type.Null()]),
            }), { description: 'Submitted reviews only (drafts are never passed on): per value the assessor\'s score, and the judgement' }),
            decision: Type.Union([PublicDecision, Type.Null()], { description: 'The programme\'s current decision (issue 14, item 4)' }),
            programmeAnswers: Type.Record(Type.String(), Type.String(), { description: 'Answers to the programme\'s own unscored questions by question id (a choice: the option id); issue 17' }),
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
    const { items, total } = await programmes.listSubmissions({ programmeId: p.id, attempts: request.query.attempts, sort: 'shared', direction: 'desc', limit, offset });
    const stored = await fastify.integration.valueScores.valuesOf(items.map((s) => s.id));
    const submitted = await fastify.staffRepos.reviews.submittedFor(items.map((s) => s.id), p.id);
    const round = (n: number | null) => (n === null ? null : roundHalfAway(n, 1));
    const decided = await decisions.currentOf(p.id, items.map((s) => s.id));
    const intakes = await programmes.intakesOfResponses(items.map((s) => s.id));
    const answers = new Map(items.map((s) => [s.id, answersFor(intakes.get(s.id)?.programme_answers ?? null, p.id)]));
    return {
      programme: { id: p.id, name: p.name },
      items: items.map((s) => ({
        ...toSubmission(s),
        // Rounded as the per-value scores are (staff #27).
        goalScore: round(s.goal_score), preconditionScore: round(s.precondition_score),
        reviews: submitted.filter((r) => r.response_id === s.id).map((r) => ({
          assessorId: r.assessor_id, judgement: r.judgement, submittedAt: r.submitted_at,
          scores: Object.fromEntries(Object.entries(JSON.parse(r.scores) as Record<string, { score: number | null }>).map(([v, x]) => [v, x.score])),
        })),
        values: Object.fromEntries(Object.entries(stored.get(s.id) ?? {}).map(([v, [score, status]]) => [
          v, { score: score === null ? null : roundHalfAway(score, 1), status },
        ])),
        decision: decided.has(s.id) ? toPublicDecision(decided.get(s.id)!) : null,
        programmeAnswers: answers.get(s.id) ?? {},
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
    const { rows: _rows, ...figures } = await cohortOf(fastify.integration, fastify.catalog, await programmeOf(request), request.query.area, fastify.config.cohortMinGroup, fastify.config.peerMinPool);
    return figures;
  });
}
