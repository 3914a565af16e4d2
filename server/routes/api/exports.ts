// The respondent's exports (JSON, CSV, PDF) and the import of a JSON export on this instance.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { keepValidAnswers } from '../../../core/answers.js';
import { score } from '../../../core/scoring.js';
import { authorizedResponse, bearerToken } from '../../auth/response-token.js';
import { notFound } from '../../errors.js';
import { attestedReport } from '../../attest/statement.js';
import { verificationFor } from '../../attest/absolute-links.js';
import { answerSectionsOf, DOCX_CONTENT_TYPE, reportDocx } from '../../export/docx/document.js';
import { printOrigin } from '../../report/pdf.js';
import { amsterdamDay } from '../../export/csv.js';
import { createPlanItemRepository, MAX_PLAN_ITEMS } from '../../repositories/plan-items.js';
import { importablePlan, planView } from '../../services/plan.js';
import { EXPORT_FORMAT, EXPORT_VERSION, exportActions, reportCsv } from '../../report/respondent-export.js';
import { AnswersSchema, BinaryFile, errorResponses, Id, LocaleSchema, OpenObject } from '../../schemas/common.js';
import { ReportQuery, ResponseParams, RetakeStarted } from '../../schemas/responses.js';
import { reportSerializer } from '../../lazy-serializers.js';

const ImportBody = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    // Version 1 files (before the attestation) import as well: the answers are the same.
    formatVersion: Type.Union([Type.Literal(1), Type.Literal(EXPORT_VERSION)]),
    questionnaire: Type.Object({ id: Id, version: Type.String({ maxLength: 64 }) }, { additionalProperties: true }),
    locale: Type.Optional(LocaleSchema),
    companyName: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
    answers: AnswersSchema,
    // The founder's action plan (files from before the plan have none). Each item is checked on its
    // own (importablePlan), so one bad item is dropped and named instead of refusing the whole file.
    plan: Type.Optional(Type.Array(Type.Unknown(), { maxItems: MAX_PLAN_ITEMS })),
  },
  // An export holds more than import reads (the report, timestamps); those parts are ignored.
  { additionalProperties: true, description: 'A file written by GET /api/responses/{id}/export.json, here or on another instance' },
);

function fileName(area: string, ext: string) {
  return `zelftoets-${area}-${amsterdamDay()}.${ext}`;
}

export default async function exportRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses, snapshots } = fastify.repos;
  const authorized = (request: FastifyRequest) => authorizedResponse(request, responses);
  const security = [{ resumeToken: [] }];
  const plans = createPlanItemRepository(fastify.database.kysely);

  fastify.get('/responses/:id/export.json', {
    schema: {
      tags: ['exports'], summary: 'Report and answers as JSON (importable on any instance)', security,
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: OpenObject, ...errorResponses(400, 401, 404) },
    },
    serializerCompiler: reportSerializer,
  }, async (request, reply) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    const full = await fastify.reports.reportOf(row, locale, undefined, { owner: true });
    // `report` is exactly what the attestation's reportSha256 covers (docs/verification.md).
    const report = attestedReport(full);
    const attestation = await fastify.attestations.ensure(row, locale, full, { exact: true });
    reply.header('content-disposition', `attachment; filename="${fileName(row.area, 'json')}"`);
    return {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      locale,
      questionnaire: { id: report.questionnaire.id, version: report.questionnaire.version, area: row.area, hash: row.snapshot_hash },
      status: row.status,
      createdAt: row.created_at,
      submittedAt: row.submitted_at,
      companyName: row.company_name,
      answers: JSON.parse(row.answers),
      actions: exportActions(report),
      newerAttempt: (full.response as { newerAttempt?: unknown }).newerAttempt ?? null,
      report,
      attestation: attestation?.jws ?? null,
      // The founder's working list, beside the report and outside what the attestation covers.
      plan: planView(await plans.list(row.id), full, await fastify.reports.questionnaireOf(row), locale).items,
    };
  });

  fastify.get('/responses/:id/export.csv', {
    schema: {
      tags: ['exports'], summary: 'Report and answers as CSV, in the chosen language', security,
      description: 'Dutch: ";" separated with decimal commas (as Dutch Excel expects); English: "," with decimal points. UTF-8 with BOM.',
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: Type.String(), ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(row.area, 'csv')}"`);
    return reportCsv(await fastify.reports.reportOf(row, locale, undefined, { owner: true }), locale);
  });

  fastify.get('/responses/:id/report.pdf', {
    schema: {
      tags: ['exports'], summary: 'The report as an A4 PDF, printed from the same page as on screen', security,
      description: 'Needs Chromium on the server (CHROMIUM_PATH); answers 503 when it is not installed.',
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: BinaryFile, ...errorResponses(400, 401, 404, 429, 503) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const origin = printOrigin(fastify.config.pdfOrigin, fastify.server.address());
    const pdf = await fastify.pdf.renderWithToken({ origin, responseId: row.id, token: bearerToken(request), locale: request.query.locale ?? row.locale, client: request.ip });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName(row.area, 'pdf')}"`).send(pdf);
  });

  fastify.get('/responses/:id/report.docx', {
    schema: {
      tags: ['exports'], summary: 'The report as a Word document (DOCX): the PDF\'s structure with real headings and tables, to paste from and annotate', security,
      description: 'Cover with the verification block, summary, action list, charts as images with their data tables, values, answers and notes per section. Built on the server without a browser.',
      params: ResponseParams, querystring: ReportQuery,
      response: { 200: BinaryFile, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    const report = await fastify.reports.reportOf(row, locale, undefined, { owner: true });
    const sections = answerSectionsOf(await fastify.reports.questionnaireOf(row), locale);
    const docx = await reportDocx({ report, locale, verification: await verificationFor(fastify, row, locale), sections });
    return reply.type(DOCX_CONTENT_TYPE).header('content-disposition', `attachment; filename="${fileName(row.area, 'docx')}"`).send(docx);
  });

  fastify.post('/responses/import', {
    schema: {
      tags: ['exports'], summary: 'Start a response from a JSON export, to resume or re-take it here',
      description: 'Creates a new open response against this instance\'s current version of the questionnaire, with the answers that fit it; those that do not are listed in "dropped". The file\'s action plan comes along: items whose question is in the current version and whose fields are valid, in the file\'s order; the others are listed in "droppedPlanItems".',
      body: ImportBody,
      response: { 201: RetakeStarted, ...errorResponses(400, 404, 413, 429) },
    },
  }, async (request, reply) => {
    const body = request.body;
    const loaded = await fastify.served.get(body.questionnaire.id);
    if (!loaded) throw notFound('questionnaire-not-found', `this instance has no questionnaire "${body.questionnaire.id}"`);
    await snapshots.ensure(loaded);
    const { kept, dropped } = keepValidAnswers(loaded.document, body.answers);
    // The plan is checked before anything is stored, against the action list of the answers kept.
    const { catalog } = fastify;
    const plan = body.plan?.length
      ? importablePlan(body.plan, loaded.document, score(loaded.document, kept, catalog.values).actions, new Set(catalog.values.map((v) => v.id)))
      : { kept: [], dropped: [] };
    const started = await responses.create({
      snapshotHash: loaded.hash, questionnaireId: loaded.document.id, area: loaded.document.area,
      locale: body.locale ?? 'nl', answers: kept, companyName: body.companyName?.trim() || null,
    });
    await plans.restore(started.id, plan.kept);
    return reply.code(201).send({
      id: started.id, token: started.token, resumePath: `/resume#${started.id}.${started.token}`, response: await fastify.reports.stateOf(started.row),
      dropped, droppedPlanItems: plan.dropped,
    });
  });
}
