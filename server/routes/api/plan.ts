// The action plan of a response (issue 16), reached with the response's resume token like the
// rest of the respondent's routes. A plan is the founder's working list, not part of the report:
// it may change after submission, and the signed report never holds it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizedResponse } from '../../auth/response-token.js';
import { badRequest, notFound } from '../../errors.js';
import { createPlanItemRepository, MAX_PLAN_ITEMS } from '../../repositories/plan-items.js';
import { errorResponses } from '../../schemas/common.js';
import { ItemParams, PlanBody, PlanSchema } from '../../schemas/plan.js';
import { ReportQuery, ResponseParams } from '../../schemas/responses.js';
import { mergePlanFields, planCsv, planIcs, planView } from '../../services/plan.js';
import { amsterdamDay } from '../../export/csv.js';
import type { ResponseRow } from '../../repositories/responses.js';
import type { Locale } from '../../../core/types.js';

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
  const fileName = (row: ResponseRow, ext: string) => `zelftoets-plan-${row.area}-${amsterdamDay()}.${ext}`;

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
    // Checked now, so a bad change is refused before a report is built; stored as merged in the save's turn.
    mergePlanFields(existing, request.body);
    let adopt = existing ? { kind: existing.kind, values: JSON.parse(existing.values_json) as string[] } : undefined;
    if (!adopt) {
      const report = await fastify.reports.reportOf(row, locale, undefined, { owner: true });
      const action = report.actions.find((a) => a.question === questionId);
      if (!action) throw badRequest('not-an-action', `"${questionId}" is not on this report's action list`);
      adopt = { kind: action.kind, values: [...action.values] };
    }
    const saved = await plans.save(row.id, questionId, (stored) => mergePlanFields(stored, request.body), adopt);
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
