// A respondent's test. Every route but "start" needs the resume token of that response.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeAnswerErrors, validateAnswers } from '../../../core/answers.js';
import { roundHalfAway, score } from '../../../core/scoring.js';
import type { Answers, Locale, Questionnaire } from '../../../core/types.js';
import { badRequest, conflict, notFound, unauthorized } from '../../errors.js';
import { buildReport } from '../../report/build-report.js';
import { tokenMatches, type ResponseRow } from '../../repositories/responses.js';
import { errorResponses } from '../../schemas/common.js';
import {
  ReportQuery, ReportSchema, ResponseParams, ResponseState, SaveBody, Saved, StartBody, Started,
} from '../../schemas/responses.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

export default async function responseRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses, snapshots } = fastify.repos;
  const security = [{ resumeToken: [] }];

  /** The response this request may act on: its id in the URL, its token in the Authorization header. */
  function authorizedResponse(request: FastifyRequest): ResponseRow {
    const { id } = request.params as { id: string };
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('send the resume token as "Authorization: Bearer <token>"');
    const row = responses.find(id);
    // Unknown id and wrong token answer alike, so the API does not tell which ids exist.
    if (!row || !tokenMatches(match[1], row.token_hash)) throw notFound('no response with this id for this token');
    return row;
  }

  function questionnaireOf(row: ResponseRow): Questionnaire {
    const q = snapshots.get(row.snapshot_hash);
    if (!q) throw new Error(`snapshot ${row.snapshot_hash} of response ${row.id} is missing`);
    return q;
  }

  function completenessOf(q: Questionnaire, answers: Answers): number {
    return roundHalfAway(score(q, answers, fastify.catalog.values).completeness, 3);
  }

  function state(row: ResponseRow) {
    const q = questionnaireOf(row);
    const answers = JSON.parse(row.answers) as Answers;
    return {
      id: row.id,
      questionnaire: { id: q.id, version: q.version, area: q.area, hash: row.snapshot_hash },
      status: row.status,
      locale: row.locale,
      answers,
      revision: row.revision,
      completeness: completenessOf(q, answers),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      submittedAt: row.submitted_at,
    };
  }

  function checkAnswers(q: Questionnaire, answers: Answers) {
    const errors = validateAnswers(q, answers);
    if (errors.length) throw badRequest(describeAnswerErrors(errors), errors);
  }

  fastify.post('/responses', {
    schema: {
      tags: ['responses'],
      summary: 'Start a response',
      description: 'Starts an anonymous response against the current version of a questionnaire. The token in the answer is the only key to it: it is shown once and stored only as a hash.',
      body: StartBody,
      response: { 201: Started, ...errorResponses(400, 404, 413, 429) },
    },
  }, async (request, reply) => {
    const loaded = fastify.catalog.questionnaires.get(request.body.questionnaireId);
    if (!loaded) throw notFound(`no questionnaire "${request.body.questionnaireId}"`);
    const answers = request.body.answers ?? {};
    checkAnswers(loaded.document, answers);
    snapshots.ensure(loaded);
    const { id, token, row } = responses.create({
      snapshotHash: loaded.hash,
      questionnaireId: loaded.document.id,
      area: loaded.document.area,
      locale: request.body.locale ?? 'nl',
      answers,
    });
    return reply.code(201).send({ id, token, resumePath: `/resume#${id}.${token}`, response: state(row) });
  });

  fastify.get('/responses/:id', {
    schema: {
      tags: ['responses'], summary: 'Get a response', security,
      params: ResponseParams,
      response: { 200: ResponseState, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => state(authorizedResponse(request)));

  fastify.get('/responses/:id/questionnaire', {
    schema: {
      tags: ['responses'], summary: 'The questionnaire exactly as this response is answered against (both languages)', security,
      params: ResponseParams,
      response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => questionnaireOf(authorizedResponse(request)) as unknown as Record<string, unknown>);

  fastify.patch('/responses/:id/answers', {
    schema: {
      tags: ['responses'], summary: 'Save answers (partially, any number of times)', security,
      description: 'Merges the given answers into the stored ones; null removes an answer. Refused with 409 once the response is submitted.',
      params: ResponseParams,
      body: SaveBody,
      response: { 200: Saved, ...errorResponses(400, 401, 404, 409, 413, 429) },
    },
  }, async (request) => {
    const row = authorizedResponse(request);
    if (row.status !== 'open') throw conflict('this response is submitted and can no longer be changed');
    const q = questionnaireOf(row);
    const changes = request.body.answers as Record<string, Answers[string] | null>;
    const given = Object.fromEntries(Object.entries(changes).filter(([, a]) => a !== null)) as Answers;
    checkAnswers(q, given);
    const unknown = Object.keys(changes).filter((id) => changes[id] === null && !q.sections.some((s) => s.questions.some((x) => x.id === id)));
    if (unknown.length) throw badRequest(`answers/${unknown[0]}: unknown question`, unknown.map((question) => ({ question, message: 'unknown question' })));
    const saved = responses.saveAnswers(row.id, changes, request.body.locale ?? row.locale, () => {});
    if (!saved) throw conflict('this response is submitted and can no longer be changed');
    return { revision: saved.revision, updatedAt: saved.updated_at, completeness: completenessOf(q, JSON.parse(saved.answers)) };
  });

  fastify.post('/responses/:id/submit', {
    schema: {
      tags: ['responses'], summary: 'Submit: lock the response and fix its report', security,
      params: ResponseParams,
      response: { 200: ResponseState, ...errorResponses(400, 401, 404, 409, 429) },
    },
  }, async (request) => {
    const row = authorizedResponse(request);
    if (row.status !== 'open') throw conflict('this response is already submitted');
    const q = questionnaireOf(row);
    const result = score(q, JSON.parse(row.answers), fastify.catalog.values);
    const submitted = responses.submit(row.id, {
      profile: result.profile,
      goalScore: result.dimensions.goal.score,
      preconditionScore: result.dimensions.precondition.score,
      completeness: result.completeness,
      knockoutCount: result.knockouts.length,
    });
    if (!submitted) throw conflict('this response is already submitted');
    return state(submitted);
  });

  fastify.get('/responses/:id/report', {
    schema: {
      tags: ['responses'], summary: 'The report of a response', security,
      description: 'Computed from the stored answers and the questionnaire snapshot, so it is the same every time. Before submission it is a preview (response.status "open").',
      params: ResponseParams,
      querystring: ReportQuery,
      response: { 200: ReportSchema, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = authorizedResponse(request);
    const locale: Locale = request.query.locale ?? row.locale;
    const report = buildReport({
      questionnaire: questionnaireOf(row),
      answers: JSON.parse(row.answers),
      values: fastify.catalog.values,
      instruments: fastify.catalog.instruments,
      locale,
    });
    return { response: { id: row.id, status: row.status, submittedAt: row.submitted_at, updatedAt: row.updated_at }, ...report };
  });

  fastify.delete('/responses/:id', {
    schema: {
      tags: ['responses'], summary: 'Delete my response and all its answers', security,
      params: ResponseParams,
      response: { 204: { type: 'null', description: 'Deleted' }, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = authorizedResponse(request);
    responses.delete(row.id);
    return reply.code(204).send(null);
  });
}
