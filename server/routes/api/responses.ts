// A respondent's test. Every route but "start" needs the resume token of that response.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { describeAnswerErrors, keepValidAnswers, validateAnswers } from '../../../core/answers.js';
import { carryOver } from '../../../core/carry-over.js';
import { compareVersions } from '../../../core/questionnaire-diff.js';
import { openChecks } from '../../../core/open-checks.js';
import { completeness, roundHalfAway, score } from '../../../core/scoring.js';
import type { Answers, Questionnaire } from '../../../core/types.js';
import { questionsById } from '../../../core/visibility.js';
import { authorizedResponse } from '../../auth/response-token.js';
import { databaseBusy } from '../../db/busy.js';
import { reportSerializer } from '../../lazy-serializers.js';
import { badRequest, conflict, notFound } from '../../errors.js';
import { errorResponses } from '../../schemas/common.js';
import { createResponseDeletion } from '../../services/response-deletion.js';
import { createPlanItemRepository } from '../../repositories/plan-items.js';
import type { ResponseRow } from '../../repositories/responses.js';
import { majorOf, peerComparison } from '../../integration/peers.js';
import { PeerComparisonSchema, SubmitBody } from '../../schemas/peers.js';
import {
  MoveBody, Moved, ReportQuery, ReportSchema, ResponseParams, ResponseState, RetakeStarted, SaveBody, Saved, SettingsBody, StartBody, Started,
} from '../../schemas/responses.js';

/** Reading, scoring and submitting again after a save landed in between, at most this often. */
const SUBMIT_ATTEMPTS = 3;

export default async function responseRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses, snapshots } = fastify.repos;
  const security = [{ resumeToken: [] }];

  const authorized = (request: FastifyRequest) => authorizedResponse(request, responses);

  const { questionnaireOf, stateOf: state, reportOf } = fastify.reports;
  const plans = createPlanItemRepository(fastify.database.kysely);

  function checkAnswers(q: Questionnaire, answers: Answers) {
    const errors = validateAnswers(q, answers);
    if (errors.length) throw badRequest('invalid-answers', describeAnswerErrors(errors), errors);
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
    // The latest published version (docs/editor.md, "Serving versions"); the response stays bound to it.
    const loaded = await fastify.served.get(request.body.questionnaireId);
    if (!loaded) throw notFound('questionnaire-not-found', `no questionnaire "${request.body.questionnaireId}"`);
    const answers = request.body.answers ?? {};
    checkAnswers(loaded.document, answers);
    await snapshots.ensure(loaded);
    const { id, token, row } = await responses.create({
      snapshotHash: loaded.hash,
      questionnaireId: loaded.document.id,
      area: loaded.document.area,
      locale: request.body.locale ?? 'nl',
      answers,
    });
    return reply.code(201).send({ id, token, resumePath: `/resume#${id}.${token}`, response: await state(row) });
  });

  fastify.get('/responses/:id', {
    schema: {
      tags: ['responses'], summary: 'Get a response', security,
      params: ResponseParams,
      response: { 200: ResponseState, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    const newer = await newerVersionOf(row);
    return { ...(await state(row)), newerVersion: newer ? { version: newer.document.version } : null };
  });

  /** The served version an open response could move to: a higher number than the one it is bound to. */
  async function newerVersionOf(row: ResponseRow) {
    if (row.status !== 'open') return undefined;
    const latest = await fastify.served.get(row.questionnaire_id);
    if (!latest || latest.hash === row.snapshot_hash) return undefined;
    const current = await questionnaireOf(row);
    return compareVersions(latest.document.version, current.version) > 0 ? latest : undefined;
  }

  fastify.post('/responses/:id/move', {
    schema: {
      tags: ['responses', 'versions'], summary: 'Move an open response to the newer published version of its questionnaire', security,
      description: 'Carries the answers over by question id and option id (docs/editor.md, "Serving versions"). An answer whose question is gone, whose type changed or whose chosen options no longer exist is dropped; "dropped" and "changed" list them. With { "dryRun": true } nothing is stored; the confirmation sends back what the dry run said (`seen`), and is refused with 409 "move-preview-stale" if moving now would differ (a newer version, more answers dropped). Submitted responses never change: 409 "response-submitted". Without a newer version: 409 "no-newer-version".',
      params: ResponseParams,
      body: MoveBody,
      response: { 200: Moved, ...errorResponses(400, 401, 404, 409, 429, 503) },
    },
    preValidation: async (request) => {
      if (request.body === undefined) request.body = {};
    },
  }, async (request) => {
    const dryRun = request.body?.dryRun === true;
    let row = await authorized(request);
    // A save landing between reading the answers and writing them back is not lost: carry over again from it.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (row.status !== 'open') throw conflict('response-submitted', 'this response is submitted; its report never changes');
      const target = await newerVersionOf(row);
      if (!target) throw conflict('no-newer-version', 'this response already uses the latest published version of its questionnaire');
      const carried = carryOver(await questionnaireOf(row), target.document, JSON.parse(row.answers));
      const summary = { version: target.document.version, dryRun, dropped: carried.dropped, changed: carried.changed };
      if (dryRun) return summary;
      // Confirmed after a look at the dry run: a version published since, or an answer given since to a
      // question the move drops, would lose what the respondent was never shown.
      const seen = request.body?.seen;
      if (seen && (seen.version !== summary.version || carried.dropped.some((d) => !seen.dropped.includes(d.question)))) {
        throw conflict('move-preview-stale', 'moving now would go to another version or drop more answers than the dry run said; nothing was moved, look again');
      }
      await snapshots.ensure(target);
      const moved = await responses.moveToSnapshot(row, { snapshotHash: target.hash, area: target.document.area, answers: carried.answers });
      if (moved) return { ...summary, response: await state(moved) };
      row = await authorized(request);
    }
    throw databaseBusy('the answers kept changing while the response was being moved; nothing was moved, try again');
  });

  fastify.get('/responses/:id/questionnaire', {
    schema: {
      tags: ['responses'], summary: 'The questionnaire exactly as this response is answered against (both languages)', security,
      params: ResponseParams,
      response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    // The stored canonical JSON is the document; sending it as text skips re-serialising ~150 KB.
    const json = await snapshots.json(row.snapshot_hash);
    if (json === undefined) throw new Error(`snapshot ${row.snapshot_hash} of response ${row.id} is missing`);
    return reply.type('application/json; charset=utf-8').send(json as never);
  });

  fastify.patch('/responses/:id/answers', {
    // Group commit waits for a lock held elsewhere itself (repositories/responses.ts).
    config: { writesDatabase: false },
    schema: {
      tags: ['responses'], summary: 'Save answers (partially, any number of times)', security,
      description: 'Merges the given answers into the stored ones; null removes an answer. Refused with 409 once the response is submitted. While another process keeps the database locked for longer than about two seconds, answers 503 with code "database-busy" and Retry-After: nothing was stored, send the answers again.',
      params: ResponseParams,
      body: SaveBody,
      response: { 200: Saved, ...errorResponses(400, 401, 404, 409, 413, 429, 503) },
    },
  }, async (request) => {
    const row = await authorized(request);
    if (row.status !== 'open') throw conflict('response-submitted', 'this response is submitted and can no longer be changed');
    const q = await questionnaireOf(row);
    const changes = request.body.answers as Record<string, Answers[string] | null>;
    const given = Object.fromEntries(Object.entries(changes).filter(([, a]) => a !== null)) as Answers;
    checkAnswers(q, given);
    const unknown = Object.keys(changes).filter((id) => changes[id] === null && !questionsById(q).has(id));
    if (unknown.length) throw badRequest('invalid-answers', `answers/${unknown[0]}: unknown question`, unknown.map((question) => ({ question, message: 'unknown question' })));
    const saved = await responses.saveAnswers(row, changes, request.body.locale ?? row.locale);
    if (!saved) throw conflict('response-submitted', 'this response is submitted and can no longer be changed');
    return { revision: saved.revision, updatedAt: saved.updatedAt, completeness: roundHalfAway(completeness(q, saved.answers), 3) };
  });

  /**
   * Scores the answers and submits them at the revision they were read at: an autosave from another
   * tab landing in between would otherwise be stored beside scores (profile, goal, knock-outs) computed
   * from the answers before it. A save in between means reading and scoring again, a few times at most.
   */
  async function scoreAndSubmit(first: ResponseRow) {
    let row = first;
    for (let attempt = 1; ; attempt++) {
      if (row.status !== 'open') throw conflict('response-submitted', 'this response is already submitted');
      const q = await questionnaireOf(row);
      const answers = JSON.parse(row.answers) as Answers;
      const open = openChecks(q, answers);
      if (open.length) {
        throw conflict('checks-open', `${open.length} question(s) that can show a violated precondition are unanswered; answer them ("weet ik niet" included) and submit again`,
          open.map((x) => ({ question: x.id, message: 'unanswered; it can show a violated precondition' })));
      }
      const result = score(q, answers, fastify.catalog.values);
      const submitted = await responses.submit(row.id, {
        profile: result.profile,
        goalScore: result.dimensions.goal.score,
        preconditionScore: result.dimensions.precondition.score,
        completeness: result.completeness,
        knockoutCount: result.knockouts.length,
        scoringVersion: result.scoringVersion,
      }, row.revision);
      if (submitted) return { q, answers, result, submitted };
      const now = await responses.find(row.id);
      if (!now || now.status !== 'open') throw conflict('response-submitted', 'this response is already submitted');
      if (attempt >= SUBMIT_ATTEMPTS) throw conflict('answers-changed', 'the answers kept changing while submitting; nothing was submitted, submit again');
      row = now;
    }
  }

  fastify.post('/responses/:id/submit', {
    schema: {
      tags: ['responses'], summary: 'Submit: lock the response and fix its report', security,
      description: 'The body is optional; { "peerConsent": true } puts the report\'s scores in the anonymous peer pool (docs/privacy.md, "Peer pool"). The answers are scored and submitted at one revision; if answers keep being saved meanwhile (another tab), 409 "answers-changed" and nothing is submitted.',
      params: ResponseParams,
      body: SubmitBody,
      response: { 200: ResponseState, ...errorResponses(400, 401, 404, 409, 429) },
    },
    // The body is optional: clients from before the peer pool send none, which means no consent. A body
    // that is there (even JSON null) must be the object.
    preValidation: async (request) => {
      if (request.body === undefined) request.body = {};
    },
  }, async (request) => {
    const { q, answers, result, submitted } = await scoreAndSubmit(await authorized(request));
    // Per-value scores for the cohort dashboard; a crash before this line is mended by the start-up backfill.
    await fastify.integration.valueScores.store(submitted.id, result, { programmeId: submitted.programme_id, previousResponseId: submitted.previous_response_id });
    // The signed statement about the report, and "superseded" on the earlier attempts' (issue 15).
    await fastify.attestations.submitted(submitted);
    // After the scores above: the pool finds the team (the re-take chain) through them.
    if (request.body?.peerConsent === true) {
      await fastify.integration.peers.join({
        responseId: submitted.id, area: submitted.area, majorVersion: majorOf(q.version), scoringVersion: result.scoringVersion,
        goal: result.dimensions.goal.score, precondition: result.dimensions.precondition.score,
        values: Object.fromEntries(result.values.map((v) => [v.id, v.score])), createdAt: submitted.submitted_at ?? new Date().toISOString(),
      });
    }
    // Submitting changes no answer: the ones just scored are the response's.
    return state(submitted, { answers, completeness: result.completeness });
  });

  fastify.get('/responses/:id/peers', {
    schema: {
      tags: ['peers'], summary: 'Where this report stands among comparable reports (the anonymous peer pool)', security,
      description: 'Pool of the same area and questionnaire major version, without this report, released in steps of PEER_MIN_POOL reports. Below PEER_MIN_POOL: available false and size null. See docs/privacy.md, "Peer pool".',
      params: ResponseParams,
      response: { 200: PeerComparisonSchema, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request) => {
    const row = await authorized(request);
    if (row.status !== 'submitted') throw conflict('response-not-submitted', 'the comparison is for submitted reports');
    const q = await questionnaireOf(row);
    const majorVersion = majorOf(q.version);
    // Scored as at submit (the response's own scoring version), as the pool's rows were.
    const own = score(q, JSON.parse(row.answers), fastify.catalog.values, { version: fastify.reports.scoringVersionOf(row) });
    const comparison = peerComparison({
      pool: await fastify.integration.peers.rows(row.area, majorVersion),
      own: {
        responseId: row.id, goal: own.dimensions.goal.score, precondition: own.dimensions.precondition.score,
        values: Object.fromEntries(own.values.map((v) => [v.id, v.score])),
      },
      values: fastify.catalog.values,
      minPool: fastify.config.peerMinPool,
      minBin: fastify.config.cohortMinGroup,
    });
    return { area: row.area, majorVersion, consented: await fastify.integration.peers.has(row.id), ...comparison };
  });

  fastify.get('/responses/:id/report', {
    schema: {
      tags: ['responses'], summary: 'The report of a response', security,
      description: 'Computed from the stored answers and the questionnaire snapshot, so it is the same every time. Before submission it is a preview (response.status "open").',
      params: ResponseParams,
      querystring: ReportQuery,
      response: { 200: ReportSchema, ...errorResponses(400, 401, 404) },
    },
    serializerCompiler: reportSerializer,
  }, async (request) => {
    const row = await authorized(request);
    const locale = request.query.locale ?? row.locale;
    const report = await reportOf(row, locale, undefined, { owner: true });
    return { ...report, attestation: await fastify.attestations.ensure(row, locale, report) };
  });

  fastify.patch('/responses/:id', {
    schema: {
      tags: ['responses'], summary: 'Change settings of a response: the company name on the report\'s cover', security,
      description: 'Presentation only, so it may change after submission too. null clears the name.',
      params: ResponseParams,
      body: SettingsBody,
      response: { 200: ResponseState, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    const name = request.body.companyName?.trim() || null;
    return state(await responses.setCompanyName(row.id, name));
  });

  fastify.post('/responses/:id/retake', {
    schema: {
      tags: ['responses'], summary: 'Start a new attempt from a submitted response', security,
      description: 'Copies the answers that still fit the current version of the questionnaire into a new open response linked to this one, so the new report shows progress. Answers that no longer fit are listed in "dropped".',
      params: ResponseParams,
      response: { 201: RetakeStarted, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    if (row.status !== 'submitted') throw conflict('response-not-submitted', 'submit this response before starting a new attempt from it');
    const loaded = await fastify.served.get(row.questionnaire_id);
    if (!loaded) throw notFound('questionnaire-not-found', `questionnaire "${row.questionnaire_id}" is no longer offered`);
    await snapshots.ensure(loaded);
    const { kept, dropped } = keepValidAnswers(loaded.document, JSON.parse(row.answers));
    const started = await responses.create({
      snapshotHash: loaded.hash, questionnaireId: loaded.document.id, area: loaded.document.area, locale: row.locale,
      answers: kept, previousResponseId: row.id, companyName: row.company_name,
    });
    // What was still to do goes with the team into the new attempt (issue 16).
    await plans.carryOver(row.id, started.id);
    return reply.code(201).send({ id: started.id, token: started.token, resumePath: `/resume#${started.id}.${started.token}`, response: await state(started.row), dropped });
  });

  const deletion = createResponseDeletion({ db: fastify.database.kysely, emit: fastify.integration.emit, kick: () => fastify.integration.queue.kick(), leavePool: fastify.integration.peers.leave, cohortStep: fastify.config.cohortMinGroup });

  fastify.delete('/responses/:id', {
    schema: {
      tags: ['responses'], summary: 'Delete my response and all its answers', security,
      description: 'A response shared with a programme is withdrawn from it first (as DELETE /responses/{id}/programme does, with the submission.withdrawn webhook). After that programme\'s deadline the programme keeps it: 409 with code "shared-after-deadline", naming the programme and the deadline.',
      params: ResponseParams,
      response: { 204: { type: 'null', description: 'Deleted' }, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => {
    await deletion.delete(await authorized(request));
    return reply.code(204).send(null);
  });
}
