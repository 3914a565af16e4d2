// The assessor's side: a programme's submissions (paged, filtered, sorted, searched), one submission
// with its report, answers, reviews and history, writing a review, the review status, and the CSV.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { claimsWithoutEvidence } from '../../../core/evidence.js';
import { roundHalfAway } from '../../../core/scoring.js';
import type { Answers, Locale } from '../../../core/types.js';
import { visibleQuestionIds } from '../../../core/visibility.js';
import {
  auditEntryVisibility, canSeeDecision, canSeeStartupContact, canChangeReviewStatus, canExport, canReview, canSeeOthersReviews, canViewProgramme, type Auth,
} from '../../auth/permissions.js';
import {
  AuditEntrySchema, JudgementSchema, RecordId, Review, ReviewScoresSchema, ReviewStatusSchema, SubmissionSummary,
} from '../../auth/schemas.js';
import { toProgramme, toReview, toSubmission } from '../../auth/views.js';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../../errors.js';
import { visibleSubmission } from '../../services/visible-submission.js';
import { AnsweredQuestion, answeredQuestions, answersFor, intakeOf } from '../../services/programme-intake.js';
import { submissionsCsv } from '../../export/csv.js';
import { pdfContentDisposition, staffPrintOf } from '../../export/staff-print.js';
import { answerSectionsOf, DOCX_CONTENT_TYPE, reportDocx } from '../../export/docx/document.js';
import { verificationFor } from '../../attest/absolute-links.js';
import { printOrigin } from '../../report/pdf.js';
import { staffOf } from '../../plugins/app/auth.js';
import { createAuditRepository } from '../../repositories/audit.js';
import { createDecisionRepository } from '../../repositories/decisions.js';
import { createProgrammeRepository, SORTS, type ReviewStatus, type SortKey } from '../../repositories/programmes.js';
import { createReviewRepository, type ReviewRow, type ReviewScores } from '../../repositories/reviews.js';
import type { ResponseRow } from '../../repositories/responses.js';
import { BinaryFile, errorResponses, Id, LocaleQuery, LocaleSchema, OpenObject } from '../../schemas/common.js';

const NEXT_STATUS: Record<ReviewStatus, ReviewStatus[]> = {
  submitted: ['in_review'],
  in_review: ['reviewed', 'submitted'],
  reviewed: ['in_review'],
};

/**
 * Scores rounded to their one decimal, so 0.1 + 0.2 is stored as 0.3 and means stay exact; the id of
 * the first value with a finer score otherwise.
 */
function oneDecimalScores(scores: ReviewScores): ReviewScores | string {
  const out: ReviewScores = {};
  for (const [id, s] of Object.entries(scores)) {
    if (s.score === null) {
      out[id] = s;
      continue;
    }
    const tenths = Math.round(s.score * 10);
    if (Math.abs(s.score * 10 - tenths) > 1e-6) return id;
    out[id] = { ...s, score: tenths / 10 };
  }
  return out;
}

/** Submissions per batch of the programme's CSV: bounded queries (an IN list of this many ids) and memory per step. */
const EXPORT_BATCH = 500;
const roundScore = (n: number | null) => (n === null ? null : roundHalfAway(n, 1));

export default async function submissionRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes, reviews, audit } = fastify.staffRepos;
  const { responses } = fastify.repos;
  const decisions = createDecisionRepository(fastify.database.kysely);
  const tags = ['submissions'];
  fastify.addHook('preHandler', fastify.requireStaff);

  /** The startup's address for the programme's staff: only with the startup's second consent (reminders part). */
  /** Full-score ladder answers without a note (core/evidence.ts), from the snapshot the response was answered on. */
  async function unbackedClaims(row: ResponseRow): Promise<string[]> {
    const q = await fastify.reports.questionnaireOf(row);
    const answers = JSON.parse(row.answers) as Answers;
    return claimsWithoutEvidence(q, answers, visibleQuestionIds(q, answers));
  }

  async function shownContact(auth: Auth, responseId: string, ref: { programmeId: string }) {
    const c = await fastify.startupContacts.repo.find(responseId);
    return c && canSeeStartupContact(auth, ref, { shown: c.show_consent_at !== null, programmeId: c.programme_id }) ? { email: c.email } : null;
  }


  const ListQuery = Type.Object({
    area: Type.Optional(Id),
    profile: Type.Optional(Type.String({ pattern: '^[a-z-]{1,40}$' })),
    status: Type.Optional(ReviewStatusSchema),
    knockouts: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no')])),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(Type.Union(Object.keys(SORTS).map((k) => Type.Literal(k)))),
    dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|100)$', description: '1..100, default 25' })),
    offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
    attempts: Type.Optional(Type.Union([Type.Literal('latest'), Type.Literal('all')], { description: 'latest (default): one row per team; all: every shared attempt' })),
    team: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: 'Only this team\'s shared attempts (a teamId from the list)' })),
  }, { additionalProperties: false });

  fastify.get('/programmes/:id/submissions', {
    schema: {
      tags, summary: 'A page of the programme\'s submissions: by default one row per startup team, its latest shared attempt',
      params: Type.Object({ id: RecordId }),
      querystring: ListQuery,
      response: {
        200: Type.Object({ items: Type.Array(SubmissionSummary), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
        ...errorResponses(400, 401, 404),
      },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const p = await programmes.find(request.params.id);
    if (!p || !canViewProgramme(auth, p.id)) throw notFound('programme-not-found', 'no programme with this id among yours');
    const q = request.query;
    const limit = Number(q.limit ?? 25);
    const offset = Number(q.offset ?? 0);
    const sort = (q.sort ?? 'shared') as SortKey;
    const { items, total } = await programmes.listSubmissions({
      programmeId: p.id, area: q.area, profile: q.profile, status: q.status,
      knockouts: q.knockouts === undefined ? undefined : q.knockouts === 'yes',
      search: q.q?.trim() || undefined, attempts: q.attempts, team: q.team,
      sort, direction: q.dir ?? (sort === 'name' || sort === 'area' ? 'asc' : 'desc'), limit, offset,
    });
    return { items: items.map(toSubmission), total, limit, offset };
  });

  /**
   * What the staff PDF and DOCX add to the report, for this person: the reviews as on screen and in
   * the CSV (submitted ones, others' only once one's own is submitted) and the decision under its own
   * blind rule, in the file's language.
   */
  async function staffExportOf(auth: Auth, submissionId: string, requested: Locale | undefined) {
    const s = await visibleSubmission(programmes, auth, submissionId);
    const row = (await responses.find(s.id))!;
    const locale: Locale = requested ?? row.locale;
    const p = (await programmes.find(s.programme_id))!;
    // "Poging 2 van 3" as the submissions list counts it: among the team's attempts shared with the programme.
    const attempt = { attempt: s.attempt, of: s.attempt_count };
    const submitted = (await reviews.forResponse(s.id, s.programme_id)).filter((r) => r.status === 'submitted');
    const ownSubmitted = submitted.some((r) => r.assessor_id === auth.userId);
    const visible = canSeeOthersReviews(auth, { programmeId: s.programme_id }, ownSubmitted) ? submitted : submitted.filter((r) => r.assessor_id === auth.userId);
    const decision = canSeeDecision(auth, { programmeId: s.programme_id }, ownSubmitted) ? (await decisions.current(s.id, s.programme_id)) ?? null : null;
    const staff = staffPrintOf({
      locale, values: fastify.catalog.values, startup: s.shared_name ?? '', programme: p.name, area: s.area, sharedAt: s.shared_at, attempt,
      reviews: visible.map(toReview), decision,
    });
    const disposition = (ext: 'pdf' | 'docx') => pdfContentDisposition({ programme: p.name, startup: s.shared_name ?? '', area: s.area, attempt: attempt?.attempt ?? null, locale, ext });
    return { s, row, locale, staff, disposition };
  }

  fastify.get('/submissions/:id/report.pdf', {
    schema: {
      tags, summary: 'The submission\'s report as a tagged A4 PDF: a cover naming startup, programme, area and attempt, the startup\'s report, then the reviews the requester may see and the decision',
      description: 'Printed by the server\'s Chromium through a short-lived print ticket; answers 503 when Chromium is missing. Named zelftoets-<programme>-<startup>-<area>-poging-<n>.pdf (ASCII; filename* in UTF-8).',
      params: Type.Object({ id: RecordId }),
      querystring: LocaleQuery,
      response: { 200: BinaryFile, ...errorResponses(400, 401, 404, 429, 503) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const { s, locale, staff, disposition } = await staffExportOf(auth, request.params.id, request.query.locale);
    const origin = printOrigin(fastify.config.pdfOrigin, fastify.server.address());
    const pdf = await fastify.pdf.renderForStaff({ origin, responseId: s.id, locale, client: request.ip, staff });
    return reply.type('application/pdf').header('content-disposition', disposition('pdf')).send(pdf);
  });

  fastify.get('/submissions/:id/report.docx', {
    schema: {
      tags, summary: 'The submission\'s report as a Word document (DOCX): the staff PDF\'s cover, the startup\'s report, then the reviews the requester may see and the decision',
      description: 'The same content and blind-review rule as report.pdf, built without a browser, with real headings and tables so assessors can annotate it with tracked changes. Named like the PDF, with .docx.',
      params: Type.Object({ id: RecordId }),
      querystring: LocaleQuery,
      response: { 200: BinaryFile, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const { s, row, locale, staff, disposition } = await staffExportOf(auth, request.params.id, request.query.locale);
    const report = await fastify.reports.reportOf(row, locale, { programmeId: s.programme_id });
    const sections = answerSectionsOf(await fastify.reports.questionnaireOf(row), locale);
    const docx = await reportDocx({ report, locale, verification: await verificationFor(fastify, row, locale), staff, sections });
    return reply.type(DOCX_CONTENT_TYPE).header('content-disposition', disposition('docx')).send(docx);
  });

  fastify.get('/submissions/:id', {
    schema: {
      tags, summary: 'One submission: its report (answers and notes included), reviews and history',
      description: 'An assessor sees the other assessors\' reviews once their own is submitted.',
      params: Type.Object({ id: RecordId }),
      querystring: LocaleQuery,
      response: {
        200: Type.Object({
          submission: SubmissionSummary,
          programme: Type.Object({ id: RecordId, name: Type.String() }),
          report: OpenObject,
          ownReview: Type.Union([Review, Type.Null()]),
          otherReviews: Type.Array(Review),
          othersHidden: Type.Integer({ description: 'Reviews by others not shown until this assessor submits their own' }),
          canReview: Type.Boolean(),
          canChangeStatus: Type.Boolean(),
          audit: Type.Array(AuditEntrySchema),
          startupContact: Type.Union([Type.Object({ email: Type.String() }), Type.Null()], { description: 'The startup\'s address, only when it consented to show it to the programme' }),
          programmeAnswers: Type.Array(AnsweredQuestion, { description: 'The programme\'s own unscored questions and the startup\'s answers, given when it shared' }),
          claimsWithoutEvidence: Type.Array(Type.String(), {
            description: 'Questions answered at full score on a ladder question without a note saying where it shows, in questionnaire order (core/evidence.ts): claims the assessor may ask evidence for',
          }),
        }),
        ...errorResponses(400, 401, 404),
      },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    const row = (await responses.find(s.id))!;
    const locale: Locale = request.query.locale ?? row.locale;
    const all = await reviews.forResponse(s.id, s.programme_id);
    const own = all.find((r) => r.assessor_id === auth.userId) ?? null;
    const ref = { programmeId: s.programme_id };
    const seeOthers = canSeeOthersReviews(auth, ref, own?.status === 'submitted');
    const others = all.filter((r) => r.assessor_id !== auth.userId && r.status === 'submitted');
    const p = (await programmes.find(s.programme_id))!;
    return {
      submission: toSubmission(s),
      programme: { id: p.id, name: p.name },
      // With the code of the startup's signed report, so the assessor can check the copy they were sent.
      report: { ...(await fastify.reports.reportOf(row, locale, { programmeId: s.programme_id })), attestation: await fastify.attestations.ensure(row, locale) } as unknown as Record<string, unknown>,
      ownReview: own ? toReview(own) : null,
      otherReviews: seeOthers ? others.map(toReview) : [],
      othersHidden: seeOthers ? 0 : others.length,
      canReview: canReview(auth, ref),
      canChangeStatus: canChangeReviewStatus(auth, ref),
      audit: (await audit.forSubmission(s.id, s.programme_id)).flatMap((a) => {
        const shown = auditEntryVisibility(auth, { actorId: a.actor_type === 'user' ? a.actor_id : null, action: a.action }, seeOthers);
        if (shown === 'hidden') return [];
        return [{
          at: a.at, actor: a.actor_type === 'user' ? (a.actor_email ?? 'deleted user') : a.actor_type, action: a.action,
          detail: shown === 'full' ? JSON.parse(a.detail) : {},
        }];
      }),
      startupContact: await shownContact(auth, s.id, ref),
      programmeAnswers: answeredQuestions(intakeOf(p).questions, answersFor((await programmes.intakeOfResponse(s.id))?.programme_answers ?? null, p.id)),
      claimsWithoutEvidence: await unbackedClaims(row),
    };
  });

  fastify.put('/submissions/:id/review', {
    schema: {
      tags, summary: 'Save or submit my review (assessors of the programme); a submitted review is final',
      params: Type.Object({ id: RecordId }),
      body: Type.Object({
        scores: ReviewScoresSchema,
        judgement: Type.Union([JudgementSchema, Type.Null()]),
        comment: Type.String({ maxLength: 10000 }),
        submit: Type.Boolean(),
      }, { additionalProperties: false }),
      response: { 200: Review, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    if (!canReview(auth, { programmeId: s.programme_id })) throw forbidden('only assessors of this programme write reviews');
    const valueIds = new Set(fastify.catalog.values.map((v) => v.id));
    const unknown = Object.keys(request.body.scores).find((v) => !valueIds.has(v));
    if (unknown) throw badRequest('invalid-request', `scores/${unknown}: unknown value`);
    const scores = oneDecimalScores(request.body.scores);
    if (typeof scores === 'string') throw badRequest('invalid-request', `scores/${scores}/score: one decimal at most`);
    if (request.body.submit && request.body.judgement === null) throw badRequest('judgement-required', 'judgement: choose an overall judgement before submitting');
    let queued = 0;
    const saved = await fastify.database.kysely.transaction().execute(async (trx) => {
      const reviews = createReviewRepository(trx);
      const audit = createAuditRepository(trx);
      const programmes = createProgrammeRepository(trx);
      const review = await reviews.save({ responseId: s.id, programmeId: s.programme_id, assessorId: auth.userId, ...request.body, scores });
      if (!review) return undefined;
      await audit.record({
        actorType: 'user', actorId: auth.userId, action: request.body.submit ? 'review.submit' : 'review.save',
        programmeId: s.programme_id, responseId: s.id, detail: { judgement: request.body.judgement },
      });
      // The first review work moves a fresh submission into review. Recorded as the system's doing:
      // naming the assessor would tell the others, who may not see review work yet, who started.
      // Only if it still is fresh: a status moved meanwhile (by a manager, or another assessor's first
      // review) is left as it is, and recorded once.
      if ((s.review_status ?? 'submitted') === 'submitted' && await programmes.setReviewStatus(s.id, s.programme_id, 'submitted', 'in_review')) {
        await audit.record({ actorType: 'system', actorId: null, action: 'status.change', programmeId: s.programme_id, responseId: s.id, detail: { from: 'submitted', to: 'in_review' } });
      }
      // Queued with the review it announces, so it is sent if and only if the submitted review is stored.
      if (request.body.submit && review.status === 'submitted') {
        queued = await fastify.integration.emit(s.programme_id, 'review.submitted', {
          submission: { id: s.id, name: s.shared_name },
          review: { id: review.id, judgement: review.judgement, submittedAt: review.submitted_at },
        }, trx);
      }
      return review;
    });
    if (!saved) throw conflict('review-submitted', 'your review of this submission is already submitted and can no longer change');
    if (queued) fastify.integration.queue.kick();
    return toReview(saved);
  });

  fastify.put('/submissions/:id/status', {
    schema: {
      tags, summary: 'Move the review status: submitted → in_review → reviewed (and back one step)',
      params: Type.Object({ id: RecordId }),
      body: Type.Object({ status: ReviewStatusSchema }, { additionalProperties: false }),
      response: { 200: SubmissionSummary, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    if (!canChangeReviewStatus(auth, { programmeId: s.programme_id })) throw forbidden('only the programme\'s assessors and managers change the review status');
    const from = s.review_status ?? 'submitted';
    const to = request.body.status;
    if (!NEXT_STATUS[from].includes(to)) throw conflict('status-transition-invalid', `the status cannot go from ${from} to ${to}`);
    if (to === 'reviewed' && s.reviews_submitted === 0) throw conflict('review-required', 'at least one review must be submitted before the submission is reviewed');
    if (!(await programmes.setReviewStatus(s.id, s.programme_id, from, to))) {
      throw conflict('status-transition-invalid', `the status changed from ${from} meanwhile; it was not set to ${to}`);
    }
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'status.change', programmeId: s.programme_id, responseId: s.id, detail: { from, to } });
    return toSubmission((await programmes.submission(s.id))!);
  });

  fastify.get('/programmes/:id/export.csv', {
    schema: {
      tags, summary: 'All submissions of the programme as CSV, in the chosen language (nl: semicolons and decimal comma for Dutch Excel; en: commas and points; UTF-8 with BOM)',
      description: 'One row per startup team (its latest shared attempt, as the list; attempts=all: every shared attempt), with team id, attempt and attempts shared. Per submission: area, date (nl "30-11-2026 03:31", en "2026-11-30 03:31", Europe/Amsterdam), profile, dimensions, knock-outs and review status in words; self score and assessors\' mean per value; then per assessor with a submitted review a score and comment per value, the judgement and the comment. An assessor\'s file carries other assessors\' reviews only for submissions they reviewed themselves.',
      params: Type.Object({ id: RecordId }),
      querystring: Type.Object({
        locale: Type.Optional(LocaleSchema),
        attempts: Type.Optional(Type.Union([Type.Literal('latest'), Type.Literal('all')], { description: 'latest (default): one row per team, as the list; all: every shared attempt' })),
      }, { additionalProperties: false }),
      produces: ['text/csv'],
      response: { 200: Type.String(), ...errorResponses(400, 401, 403, 404, 413) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await programmes.find(request.params.id);
    if (!p || !canViewProgramme(auth, p.id)) throw notFound('programme-not-found', 'no programme with this id among yours');
    if (!canExport(auth, p.id)) throw forbidden('you may not export this programme');
    const locale: Locale = request.query.locale ?? 'nl';
    // Per-value scores as stored at submit (and corrected by clarifications), as the integration API
    // gives them: no report is built per row. Read in batches, four queries each, not five per row.
    await fastify.integration.ensureScored(p.id);
    const all = await programmes.allSubmissions(p.id, request.query.attempts ?? 'latest');
    const questions = intakeOf(p).questions;
    const rows = [];
    // The file is built in memory: its text (comments, names, answers) is counted as it is read, and
    // past EXPORT_MAX_MB the export stops with 413 instead of running the process out of memory.
    let chars = 0;
    for (let i = 0; i < all.length; i += EXPORT_BATCH) {
      const batch = all.slice(i, i + EXPORT_BATCH);
      const ids = batch.map((s) => s.id);
      const stored = await fastify.integration.valueScores.valuesOf(ids);
      const reviewsOf = new Map<string, ReviewRow[]>();
      for (const r of await reviews.submittedFor(ids, p.id)) reviewsOf.set(r.response_id, [...(reviewsOf.get(r.response_id) ?? []), r]);
      const decided = await decisions.currentOf(p.id, ids);
      const intakes = await programmes.intakesOfResponses(ids);
      for (const s of batch) {
        const submitted = reviewsOf.get(s.id) ?? [];
        // The same rule as on screen: an assessor's file holds others' reviews only where their own is submitted.
        const ownSubmitted = submitted.some((r) => r.assessor_id === auth.userId);
        const visible = canSeeOthersReviews(auth, { programmeId: p.id }, ownSubmitted) ? submitted : submitted.filter((r) => r.assessor_id === auth.userId);
        // The decision under its own rule (the decision page's): a blind assessor's file leaves it empty.
        const decision = canSeeDecision(auth, { programmeId: p.id }, ownSubmitted) ? decided.get(s.id) ?? null : null;
        const programmeAnswers = answeredQuestions(questions, answersFor(intakes.get(s.id)?.programme_answers ?? null, p.id));
        const values = fastify.catalog.values.filter((v) => stored.get(s.id)?.[v.id] !== undefined)
          .map((v) => ({ id: v.id, score: roundScore(stored.get(s.id)![v.id][0]) }));
        const row = { submission: toSubmission(s), values, reviews: visible.map(toReview), decision, programmeAnswers };
        chars += JSON.stringify(row).length;
        if (chars > fastify.config.exportMaxChars) throw new HttpError(413, 'export-too-large', `the export would hold more than ${Math.round(fastify.config.exportMaxChars / 1048576)} MB (EXPORT_MAX_MB); export the latest attempts only`);
        rows.push(row);
      }
    }
    const csv = submissionsCsv({ values: fastify.catalog.values, locale, rows, programmeQuestions: questions });
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.export', programmeId: p.id, detail: { rows: rows.length } });
    const filename = `${toProgramme(p, rows.length).name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'programme'}-submissions.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
