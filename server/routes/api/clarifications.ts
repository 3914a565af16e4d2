// The assessor's side of the clarification loop (issue 14, item 3): per-question verdicts, the
// threads with the startup's answers, its corrections (old → new, recomputed scores) and its files.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { canGiveVerdict, canSeeOthersVerdicts, type Auth } from '../../auth/permissions.js';
import { RecordId } from '../../auth/schemas.js';
import { downloadHeaders } from '../../clarify/files.js';
import { createClarificationService, toMessage } from '../../clarify/service.js';
import { forbidden, notFound } from '../../errors.js';
import { visibleSubmission } from '../../services/visible-submission.js';
import { staffOf } from '../../plugins/app/auth.js';
import { BinaryFile, errorResponses, Id } from '../../schemas/common.js';
import { ClarificationView, VerdictBody } from './clarification-schemas.js';

export default async function clarificationRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes, reviews } = fastify.staffRepos;
  const { responses } = fastify.repos;
  // In the submissions group, so the authorization matrix holds every one of these routes to a row.
  const tags = ['submissions'];
  const service = createClarificationService({ db: fastify.database.kysely, catalog: fastify.catalog, questionnaireOf: fastify.reports.questionnaireOf, mail: fastify.mail, contacts: fastify.startupContacts });
  fastify.addHook('preHandler', fastify.requireStaff);


  fastify.get('/submissions/:id/clarifications', {
    schema: {
      tags, summary: 'Per-question verdicts, clarification threads and answer corrections of a submission',
      description: 'Another assessor\'s verdicts are shown once one\'s own review is submitted (managers see all); requests sent to the startup, its answers, files and corrections are shown to everyone on the programme.',
      params: Type.Object({ id: RecordId }),
      response: { 200: ClarificationView, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    const ref = { programmeId: s.programme_id };
    const own = await reviews.own(s.id, s.programme_id, auth.userId);
    const seeOthers = canSeeOthersVerdicts(auth, ref, own?.status === 'submitted');
    const verdicts = await service.repo.verdicts(s.id, s.programme_id);
    const shown = verdicts.filter((v) => v.assessor_id === auth.userId || seeOthers);
    const threads = await service.repo.threads(s.id, s.programme_id);
    const messages = await service.repo.messages(threads.map((t) => t.id));
    const threadIds = new Set(threads.map((t) => t.id));
    // Corrections made for this programme's requests, numbered 1, 2, … among themselves, each with the
    // scores just before it, and as 0 the answers as the programme was given them (the original, or the
    // last correction asked for by a programme the test was shared with before). Corrections asked for
    // by another programme, their number and their scores are not shown: they would tell that the
    // startup shared with it.
    const all = await service.repo.revisions(s.id);
    const ours = all.filter((r) => r.thread_id !== null && threadIds.has(r.thread_id));
    // `all` is in number order, so the revision before one is the one before it in the list; the
    // oldest read has none when there were more than MAX_REVISIONS (then the newest are shown).
    const before = (r: (typeof all)[number]) => all[all.indexOf(r) - 1] as (typeof all)[number] | undefined;
    const given = ours.length ? before(ours[0]) : undefined;
    const corrected = [...new Set(ours.flatMap((r) => (JSON.parse(r.changes) as Array<{ question: string }>).map((c) => c.question)))];
    const optionLabels = corrected.length ? await service.optionLabels((await responses.find(s.id))!, corrected) : {};
    return {
      canGiveVerdicts: canGiveVerdict(auth, ref),
      verdicts: shown.map((v) => ({
        questionId: v.question_id, verdict: v.verdict, message: v.message, updatedAt: v.updated_at, own: v.assessor_id === auth.userId,
        assessor: { id: v.assessor_id, name: v.assessor_name, email: v.assessor_email },
      })),
      verdictsHidden: verdicts.length - shown.length,
      threads: threads.map((t) => ({
        id: t.id, questionId: t.question_id, kind: t.kind, state: t.state, createdAt: t.created_at, updatedAt: t.updated_at,
        messages: messages.filter((m) => m.thread_id === t.id).map((m) => toMessage(m, true)),
      })),
      revisions: [
        ...(given ? [{ number: 0, at: s.shared_at!, threadId: null, changes: [], scores: JSON.parse(given.scores), before: null }] : []),
        ...ours.map((r, i) => ({
          number: i + 1, at: r.created_at, threadId: r.thread_id, changes: JSON.parse(r.changes), scores: JSON.parse(r.scores),
          before: ((b) => (b ? JSON.parse(b.scores) : null))(before(r)),
        })),
      ],
      optionLabels,
    };
  });

  fastify.put('/submissions/:id/verdicts/:questionId', {
    schema: {
      tags, summary: 'My verdict on one answer: accepted, or a request for clarification or evidence (sent to the startup at once)',
      params: Type.Object({ id: RecordId, questionId: Id }),
      body: VerdictBody,
      response: { 200: Type.Object({ questionId: Id, verdict: VerdictBody.properties.verdict, threadId: Type.Union([RecordId, Type.Null()]) }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    if (!canGiveVerdict(auth, { programmeId: s.programme_id })) throw forbidden('only assessors of this programme give verdicts');
    const row = (await responses.find(s.id))!;
    const threadId = await service.setVerdict({
      row, programmeId: s.programme_id, assessorId: auth.userId, questionId: request.params.questionId, verdict: request.body.verdict, message: request.body.message ?? '',
    });
    return { questionId: request.params.questionId, verdict: request.body.verdict, threadId };
  });

  fastify.get('/submissions/:id/files/:fileId', {
    schema: {
      tags, summary: 'A file the startup sent with an answer, always as a download',
      params: Type.Object({ id: RecordId, fileId: RecordId }),
      response: { 200: BinaryFile, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    const file = await service.repo.file(request.params.fileId);
    if (!file || file.response_id !== s.id || file.programme_id !== s.programme_id) throw notFound('file-not-found', 'no file with this id for this submission');
    return reply.headers(downloadHeaders(file)).send(file.content);
  });
}
