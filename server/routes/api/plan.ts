// The action plan of a response (issue 16), reached with the response's resume token like the
// rest of the respondent's routes. A plan is the founder's working list, not part of the report:
// it may change after submission, and the signed report never holds it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizedResponse } from '../../auth/response-token.js';
import { badRequest, notFound } from '../../errors.js';
import { createPlanItemRepository, MAX_PLAN_ITEMS } from '../../repositories/plan-items.js';
import { errorResponses, Id } from '../../schemas/common.js';
import { ReportQuery, ResponseParams } from '../../schemas/responses.js';
import { mergePlanFields, planCsv, planIcs, planView } from '../../services/plan.js';
import type { ResponseRow } from '../../repositories/responses.js';
import type { Locale } from '../../../core/types.js';

const Status = Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('done'), Type.Literal('dropped')]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const ItemParams = Type.Object({ id: ResponseParams.properties.id, questionId: Id });
const PlanBody = Type.Object({
  owner: Type.Optional(Type.String({ maxLength: 120 })),
  dueDate: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }))),
  status: Type.Optional(Status),
  dropReason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  evidenceUrl: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^https?://', description: 'An http(s) address' }))),
}, { additionalProperties: false });

const PlanItem = Type.Object({
  id: Type.String(),
  questionId: Type.String(),
  prompt: Type.String(),
  kind: Type.String({ description: 'The action\'s kind when adopted: knockout, unknown-risk or improve' }),
  values: Type.Array(Type.String()),
  owner: Type.String(),
  dueDate: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  dropReason: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  evidenceUrl: Type.Union([Type.String(), Type.Null()]),
  carriedFrom: Type.Union([Type.String(), Type.Null()], { description: 'The item of the previous attempt this one was carried over from' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  overdue: Type.Boolean(),
  onActionList: Type.Boolean(),
  change: Type.Union([Type.Object({ kind: Type.String(), before: Type.Union([Type.String(), Type.Null()]), after: Type.Union([Type.String(), Type.Null()]) }), Type.Null()],
    { description: 'How the question\'s answer changed since the previous attempt, in the reader\'s words' }),
  valueChanges: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), score: Type.Union([Type.Number(), Type.Null()]), change: Type.Union([Type.Number(), Type.Null()]) })),
  suggestDone: Type.Boolean({ description: 'The question now scores full marks: the action looks done' }),
});
const PlanSchema = Type.Object({
  previousAttempt: Type.Union([Type.Object({ id: Type.String(), submittedAt: Type.String() }), Type.Null()]),
  items: Type.Array(PlanItem),
});

export default async function planRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses } = fastify.repos;
  const plans = createPlanItemRepository(fastify.database.kysely);
  const security = [{ resumeToken: [] }];
  const authorized = (request: FastifyRequest) => authorizedResponse(request, responses);

  async function viewOf(row: ResponseRow, locale: Locale) {
    const report = await fastify.reports.reportOf(row, locale, undefined, { owner: true });
    const view = planView(await plans.list(row.id), report, await fastify.reports.questionnaireOf(row), locale);
    return { report, view };
  }
  const fileName = (row: ResponseRow, ext: string) => `zelftoets-plan-${row.area}-${new Date().toISOString().slice(0, 10)}.${ext}`;

  fastify.get('/responses/:id/plan', {
    schema: {
      tags: ['plan'], summary: 'The action plan, with each action\'s change since the previous attempt', security,
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: PlanSchema, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    return (await viewOf(row, request.query.locale ?? row.locale)).view;
  });

  fastify.put('/responses/:id/plan/:questionId', {
    schema: {
      tags: ['plan'], summary: 'Adopt an action into the plan, or change it', security,
      description: `Only a question on the report's action list can be adopted (400 "not-an-action"); an item already in the plan can always be changed. Fields left out keep their value; a new item starts "open". "dropped" needs a dropReason. At most ${MAX_PLAN_ITEMS} items. Open and submitted responses alike.`,
      params: ItemParams, querystring: ReportQuery, body: PlanBody,
      response: { 200: PlanSchema, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    const { questionId } = request.params;
    const existing = await plans.find(row.id, questionId);
    const fields = mergePlanFields(existing, request.body);
    let adopt = existing ? { kind: existing.kind, values: JSON.parse(existing.values_json) as string[] } : undefined;
    if (!adopt) {
      const report = await fastify.reports.reportOf(row, locale, undefined, { owner: true });
      const action = report.actions.find((a) => a.question === questionId);
      if (!action) throw badRequest('not-an-action', `"${questionId}" is not on this report's action list`);
      adopt = { kind: action.kind, values: [...action.values] };
    }
    const saved = await plans.save(row.id, questionId, fields, adopt);
    if (!saved) throw badRequest('plan-full', `a plan holds at most ${MAX_PLAN_ITEMS} items`);
    return (await viewOf(row, locale)).view;
  });

  fastify.delete('/responses/:id/plan/:questionId', {
    schema: {
      tags: ['plan'], summary: 'Take an action out of the plan', security,
      params: ItemParams, querystring: ReportQuery,
      response: { 200: PlanSchema, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    if (!(await plans.remove(row.id, request.params.questionId))) throw notFound('plan-item-not-found', 'this question is not in the plan');
    return (await viewOf(row, request.query.locale ?? row.locale)).view;
  });

  fastify.get('/responses/:id/plan.csv', {
    schema: {
      tags: ['plan'], summary: 'The action plan as CSV, in the chosen language', security,
      description: 'As the other CSV exports: Dutch ";" with decimal commas, English ","; UTF-8 with BOM; cells that would start a formula are defused.',
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: Type.String(), ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    const { report, view } = await viewOf(row, locale);
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(row, 'csv')}"`);
    return planCsv(view, report, locale);
  });

  fastify.get('/responses/:id/plan.ics', {
    schema: {
      tags: ['plan'], summary: 'The plan\'s due dates as an iCalendar file (RFC 5545): one all-day event per item with a due date', security,
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: Type.String(), ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    const { view } = await viewOf(row, locale);
    reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(row, 'ics')}"`);
    return planIcs(view, locale);
  });
}
