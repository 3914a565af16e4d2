// Issue 14, item 4: assigning submissions to assessors (by hand or round-robin), each assessor's
// to-do list, the reviews side by side once the programme's quorum is in, and the decision with its
// rationale (audited, sent by webhook, shown to the startup when the programme chooses so).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { canAssignReviews, canDecide, canSeeDecision, canViewProgramme, canViewSubmission, type Auth } from '../../auth/permissions.js';
import { authorizedResponse } from '../../auth/response-token.js';
import { NullableTimestamp, RecordId, Timestamp } from '../../auth/schemas.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { visibleSubmission } from '../../services/visible-submission.js';
import { staffOf } from '../../plugins/app/auth.js';
import { createAssignmentRepository, type AssigneeRow } from '../../repositories/assignments.js';
import { createAuditRepository } from '../../repositories/audit.js';
import { createDecisionRepository, type DecisionRow, type Outcome } from '../../repositories/decisions.js';
import type { ProgrammeRow, SubmissionRow } from '../../repositories/programmes.js';
import type { UserRow } from '../../repositories/users.js';
import { notifyOtherManagers, notifyStartupOfDecision } from '../../services/decisions.js';
import { compareReviews } from '../../services/review-comparison.js';
import { errorResponses } from '../../schemas/common.js';
import { ResponseParams } from '../../schemas/responses.js';

/** Submissions one round-robin request may name, and the most unassigned ones it takes at once. */
export const MAX_ROUND_ROBIN = 200;
export const MAX_RATIONALE = 5000;

export const OutcomeSchema = Type.Union([Type.Literal('fund'), Type.Literal('fund_with_conditions'), Type.Literal('decline')]);
export const DecisionSchema = Type.Object({
  outcome: OutcomeSchema, rationale: Type.String(), version: Type.Integer(), decidedAt: Timestamp,
  decidedBy: Type.Union([Type.String(), Type.Null()], { description: 'Email of the manager or admin; null when the account no longer exists' }),
});
/** What a programme's own systems and webhooks get: the decision, not who reviewed. */
export const PublicDecision = Type.Object({ outcome: OutcomeSchema, rationale: Type.String(), version: Type.Integer(), decidedAt: Timestamp });
export const toPublicDecision = (d: DecisionRow) => ({ outcome: d.outcome, rationale: d.rationale, version: d.version, decidedAt: d.decided_at });
const toDecision = (d: DecisionRow) => ({ ...toPublicDecision(d), decidedBy: d.decider_email });

const Person = Type.Object({ id: RecordId, email: Type.String(), name: Type.String() });
const Assignee = Type.Object({ ...Person.properties, assignedAt: Timestamp, reviewStatus: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Null()]) });
const toAssignee = (a: AssigneeRow) => ({ id: a.assessor_id, email: a.email, name: a.name, assignedAt: a.assigned_at, reviewStatus: a.review_status });

export default async function decisionRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = fastify.database.kysely;
  const { programmes, reviews, audit } = fastify.staffRepos;
  const { responses } = fastify.repos;
  const assignments = createAssignmentRepository(db);
  const decisions = createDecisionRepository(db);
  const staff = { preHandler: fastify.requireStaff };

  async function visibleWithProgramme(auth: Auth, id: string) {
    const s = await visibleSubmission(programmes, auth, id);
    return { s, p: (await programmes.find(s.programme_id))! };
  }
  const activeAssessors = async (programmeId: string) =>
    (await programmes.members(programmeId)).filter((u) => u.role === 'assessor' && u.disabled_at === null);

  /** One mail per assessor, however many submissions they got; after the assignments are stored. */
  async function mailAssignments(p: ProgrammeRow, people: UserRow[], counts: Map<string, number>) {
    for (const u of people) {
      const count = counts.get(u.id) ?? 0;
      if (!count) continue;
      try {
        await fastify.mail.queue(u.email, u.locale, 'assignment', { programme: p.name, count, tasksPath: '/staff/tasks', passwordSet: u.password_hash !== null });
      } catch (err) {
        fastify.log.error({ err }, 'could not queue the assignment mail');
      }
    }
  }

  fastify.get('/me/tasks', {
    ...staff,
    schema: {
      tags: ['submissions'], summary: 'My tasks: the submissions assigned to me across my programmes, with my review\'s state and the deadline',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({
            submission: Type.Object({ id: RecordId, name: Type.String(), area: Type.String(), sharedAt: NullableTimestamp }),
            programme: Type.Object({ id: RecordId, name: Type.String(), deadline: NullableTimestamp }),
            assignedAt: Timestamp,
            reviewStatus: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Null()], { description: 'null: not started' }),
          })),
        }),
        ...errorResponses(401),
      },
    },
  }, async (request) => {
    const { user, auth } = staffOf(request);
    // tasksOf reads membership rows; canViewProgramme also weighs the role (an editor's old row opens nothing).
    const rows = (await assignments.tasksOf(user.id)).filter((t) => canViewProgramme(auth, t.programme_id));
    return {
      items: rows.map((t) => ({
        submission: { id: t.response_id, name: t.shared_name ?? '', area: t.area, sharedAt: t.shared_at },
        programme: { id: t.programme_id, name: t.programme_name, deadline: t.deadline },
        assignedAt: t.assigned_at, reviewStatus: t.review_status,
      })),
    };
  });

  fastify.post('/submissions/:id/assignments', {
    ...staff,
    schema: {
      tags: ['submissions'], summary: 'Assign the submission to an assessor of its programme (managers, admins)',
      params: Type.Object({ id: RecordId }),
      body: Type.Object({ assessorId: RecordId }, { additionalProperties: false }),
      response: { 200: Type.Object({ assignees: Type.Array(Assignee) }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const { s, p } = await visibleWithProgramme(auth, request.params.id);
    if (!canAssignReviews(auth, p.id)) throw forbidden('only the programme\'s managers and administrators assign reviews');
    const person = (await activeAssessors(p.id)).find((u) => u.id === request.body.assessorId);
    if (!person) throw notFound('assessor-not-in-programme', 'this person is not an active assessor of this programme');
    if (await assignments.add(s.id, p.id, person.id, auth.userId)) {
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'assignment.add', programmeId: p.id, responseId: s.id, detail: { user: person.id } });
      await mailAssignments(p, [person], new Map([[person.id, 1]]));
    }
    return { assignees: (await assignments.forSubmission(s.id, p.id)).map(toAssignee) };
  });

  fastify.delete('/submissions/:id/assignments/:userId', {
    ...staff,
    schema: {
      tags: ['submissions'], summary: 'Take an assessor off the submission (managers, admins); a review already written stays',
      params: Type.Object({ id: RecordId, userId: RecordId }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const { s, p } = await visibleWithProgramme(auth, request.params.id);
    if (!canAssignReviews(auth, p.id)) throw forbidden('only the programme\'s managers and administrators assign reviews');
    if (!(await assignments.remove(s.id, p.id, request.params.userId))) throw notFound('assignment-not-found', 'this assessor is not assigned to this submission');
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'assignment.remove', programmeId: p.id, responseId: s.id, detail: { user: request.params.userId } });
    return reply.code(204).send(null);
  });

  fastify.post('/programmes/:id/assignments/round-robin', {
    ...staff,
    schema: {
      tags: ['programmes'], summary: 'Assign submissions round-robin to the programme\'s assessors, balanced by their open assignments',
      description: `For each submission (the ones named, or else every submission nobody is assigned to; at most ${MAX_ROUND_ROBIN}, oldest share first) `
        + 'assessors are added until it has perSubmission (default: the programme\'s reviews needed, at most the number of assessors). '
        + 'Each time the assessor with the fewest open assignments in the programme (assigned, review not submitted) is taken, ties by email, then id.',
      params: Type.Object({ id: RecordId }),
      body: Type.Object({
        submissionIds: Type.Optional(Type.Array(RecordId, { minItems: 1, maxItems: MAX_ROUND_ROBIN, uniqueItems: true })),
        perSubmission: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({ assigned: Type.Array(Type.Object({ submissionId: RecordId, assessorId: RecordId })) }),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const p = await programmes.find(request.params.id);
    if (!p || !canViewSubmission(auth, { programmeId: p.id })) throw notFound('programme-not-found', 'no programme with this id among yours');
    if (!canAssignReviews(auth, p.id)) throw forbidden('only the programme\'s managers and administrators assign reviews');
    let targets: string[];
    if (request.body.submissionIds) {
      const found = [];
      for (const id of request.body.submissionIds) {
        const s = await programmes.submission(id);
        if (!s || s.programme_id !== p.id) throw notFound('submission-not-found', `submissionIds: ${id} is not a submission of this programme`);
        found.push(s);
      }
      targets = found.sort((a, b) => (a.shared_at ?? '').localeCompare(b.shared_at ?? '') || a.id.localeCompare(b.id)).map((s) => s.id);
    } else {
      targets = await assignments.unassigned(p.id, MAX_ROUND_ROBIN);
    }
    // members() is ordered by email: with equal loads the first in that order is taken.
    const people = await activeAssessors(p.id);
    if (!people.length) throw conflict('no-assessors', 'this programme has no active assessors to assign');
    const per = Math.min(request.body.perSubmission ?? p.reviews_needed, people.length);
    const open = await assignments.openCounts(p.id);
    const current = await assignments.assigneesOf(p.id, targets);
    const plan: Array<{ submissionId: string; assessorId: string }> = [];
    const active = new Set(people.map((u) => u.id));
    for (const id of targets) {
      // Only active assessors count towards perSubmission: one taken off the programme reviews nothing.
      const taken = new Set([...current.get(id)!].filter((a) => active.has(a)));
      while (taken.size < per) {
        const next = people.filter((u) => !taken.has(u.id)).reduce((best, u) => ((open.get(u.id) ?? 0) < (open.get(best.id) ?? 0) ? u : best));
        taken.add(next.id);
        open.set(next.id, (open.get(next.id) ?? 0) + 1);
        plan.push({ submissionId: id, assessorId: next.id });
      }
    }
    // What another run (another instance) assigned meanwhile is not assigned, recorded or mailed twice.
    const assigned = await db.transaction().execute(async (trx) => {
      const repo = createAssignmentRepository(trx);
      const log = createAuditRepository(trx);
      const made: typeof plan = [];
      for (const a of plan) {
        if (!(await repo.add(a.submissionId, p.id, a.assessorId, auth.userId))) continue;
        await log.record({ actorType: 'user', actorId: auth.userId, action: 'assignment.add', programmeId: p.id, responseId: a.submissionId, detail: { user: a.assessorId, roundRobin: true } });
        made.push(a);
      }
      return made;
    });
    const counts = new Map<string, number>();
    for (const a of assigned) counts.set(a.assessorId, (counts.get(a.assessorId) ?? 0) + 1);
    await mailAssignments(p, people, counts);
    return { assigned };
  });

  // ---- The decision page ----

  const Reviewer = Type.Object({ ...Person.properties, judgement: Type.Union([Type.String(), Type.Null()]), comment: Type.String() });
  const DecisionView = Type.Object({
    submission: Type.Object({ id: RecordId, name: Type.String(), area: Type.String(), sharedAt: NullableTimestamp }),
    programme: Type.Object({ id: RecordId, name: Type.String(), reviewsNeeded: Type.Integer(), showDecisionToStartups: Type.Boolean() }),
    quorum: Type.Object({ needed: Type.Integer(), submitted: Type.Integer(), reached: Type.Boolean() }),
    reviewers: Type.Array(Reviewer, { description: 'The submitted reviews\' authors, in the order of the columns; empty before the quorum' }),
    comparison: Type.Union([Type.Object({
      threshold: Type.Integer({ description: 'A spread of this many points or more is flagged' }),
      values: Type.Array(Type.Object({
        id: Type.String(),
        name: Type.Object({ nl: Type.String(), en: Type.String() }),
        reviews: Type.Array(Type.Object({ assessorId: RecordId, score: Type.Union([Type.Number(), Type.Null()]), comment: Type.String() })),
        mean: Type.Union([Type.Number(), Type.Null()]), spread: Type.Union([Type.Number(), Type.Null()]), flagged: Type.Boolean(),
      })),
      judgements: Type.Array(Type.Object({ assessorId: RecordId, judgement: Type.Union([Type.String(), Type.Null()]), comment: Type.String() })),
      judgementsDiffer: Type.Boolean(),
    }), Type.Null()]),
    decision: Type.Union([DecisionSchema, Type.Null()]),
    history: Type.Array(DecisionSchema),
    assignees: Type.Array(Assignee),
    assessors: Type.Array(Person, { description: 'The programme\'s active assessors, for assigning (empty for those who may not assign)' }),
    canDecide: Type.Boolean(),
    canAssign: Type.Boolean(),
  });

  async function decisionView(auth: Auth, s: SubmissionRow & { programme_id: string }, p: ProgrammeRow) {
    const ref = { programmeId: p.id };
    const all = await reviews.forResponse(s.id, p.id);
    const ownSubmitted = all.some((r) => r.assessor_id === auth.userId && r.status === 'submitted');
    if (!canSeeDecision(auth, ref, ownSubmitted)) throw forbidden('an assessor sees the decision page once their own review of this submission is submitted');
    const submitted = all.filter((r) => r.status === 'submitted');
    const reached = submitted.length >= p.reviews_needed;
    const current = await decisions.current(s.id, p.id);
    const mayAssign = canAssignReviews(auth, p.id);
    return {
      submission: { id: s.id, name: s.shared_name ?? '', area: s.area, sharedAt: s.shared_at },
      programme: { id: p.id, name: p.name, reviewsNeeded: p.reviews_needed, showDecisionToStartups: p.show_decision === 1 },
      quorum: { needed: p.reviews_needed, submitted: submitted.length, reached },
      // Before the quorum nobody sees the reviews here: only how many are in.
      reviewers: reached ? submitted.map((r) => ({ id: r.assessor_id, email: r.assessor_email, name: r.assessor_name, judgement: r.judgement, comment: r.comment })) : [],
      comparison: reached ? compareReviews(fastify.catalog.values, submitted) : null,
      decision: current ? toDecision(current) : null,
      history: (await decisions.history(s.id, p.id)).map(toDecision),
      assignees: (await assignments.forSubmission(s.id, p.id)).map(toAssignee),
      assessors: mayAssign ? (await activeAssessors(p.id)).map((u) => ({ id: u.id, email: u.email, name: u.name })) : [],
      canDecide: canDecide(auth, ref) && reached,
      canAssign: mayAssign,
    };
  }

  fastify.get('/submissions/:id/decision', {
    ...staff,
    schema: {
      tags: ['submissions'], summary: 'The decision page: quorum, the reviews side by side with the spread per value, the decision and its history',
      description: 'Managers and admins of the programme; an assessor only once their own review is submitted (blind review).',
      params: Type.Object({ id: RecordId }),
      response: { 200: DecisionView, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const { s, p } = await visibleWithProgramme(auth, request.params.id);
    return await decisionView(auth, s, p);
  });

  fastify.put('/submissions/:id/decision', {
    ...staff,
    schema: {
      tags: ['submissions'], summary: 'Record or change the decision (managers, admins), once the programme\'s quorum of submitted reviews is in',
      description: 'Every change is a new version; the earlier ones stay in the history and the audit trail. Sends submission.decided to webhooks.',
      params: Type.Object({ id: RecordId }),
      body: Type.Object({ outcome: OutcomeSchema, rationale: Type.String({ minLength: 1, maxLength: MAX_RATIONALE }) }, { additionalProperties: false }),
      response: { 200: DecisionView, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth, user } = staffOf(request);
    const { s, p } = await visibleWithProgramme(auth, request.params.id);
    if (!canDecide(auth, { programmeId: p.id })) throw forbidden('only the programme\'s managers and administrators decide');
    const rationale = request.body.rationale.trim();
    if (!rationale) throw badRequest('invalid-request', 'rationale: give the reasons for the decision');
    if (s.reviews_submitted < p.reviews_needed) {
      throw conflict('quorum-not-reached', `${s.reviews_submitted} of the ${p.reviews_needed} reviews this programme needs are submitted`);
    }
    const outcome: Outcome = request.body.outcome;
    let recorded;
    try {
      recorded = await db.transaction().execute(async (trx) => {
        const { latest, row } = await createDecisionRepository(trx).record({ responseId: s.id, programmeId: p.id, outcome, rationale, decidedBy: auth.userId });
        if (!row) return undefined;
        await createAuditRepository(trx).record({
          actorType: 'user', actorId: auth.userId, action: 'decision.record', programmeId: p.id, responseId: s.id,
          detail: { outcome, rationale, version: row.version, previous: latest?.outcome ?? null },
        });
        await fastify.integration.emit(p.id, 'submission.decided', { submission: { id: s.id, name: s.shared_name }, decision: toPublicDecision(row) }, trx);
        return row;
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    if (!recorded) throw conflict('decision-conflict', 'another decision on this submission was recorded at the same moment, or its history is full; reload and try again');
    fastify.integration.queue.kick();
    try {
      await notifyOtherManagers(fastify, { programme: p, responseId: s.id, startup: s.shared_name ?? '', outcome, decidedBy: user, changed: recorded.version > 1 });
      await notifyStartupOfDecision(fastify, { programme: p, responseId: s.id, decision: { outcome, rationale } });
    } catch (err) {
      request.log.error({ err }, 'could not queue the decision mails');
    }
    return await decisionView(auth, s, p);
  });

  fastify.get('/responses/:id/decision', {
    schema: {
      tags: ['programmes'], summary: 'The programme\'s decision on this response, when the programme shows decisions to startups',
      description: 'The outcome and rationale only: never who reviewed or how they scored. null when there is none or the programme does not show it.',
      security: [{ resumeToken: [] }],
      params: ResponseParams,
      response: {
        200: Type.Object({ decision: Type.Union([Type.Object({ programme: Type.String(), outcome: OutcomeSchema, rationale: Type.String(), decidedAt: Timestamp }), Type.Null()]) }),
        ...errorResponses(400, 401, 404),
      },
    },
  }, async (request) => {
    const row = await authorizedResponse(request, responses);
    const s = await programmes.submission(row.id);
    const p = s?.programme_id ? await programmes.find(s.programme_id) : undefined;
    if (!p || p.show_decision !== 1) return { decision: null };
    const d = await decisions.current(row.id, p.id);
    return { decision: d ? { programme: p.name, outcome: d.outcome, rationale: d.rationale, decidedAt: d.decided_at } : null };
  });
}
