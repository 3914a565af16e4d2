// Programmes and their people (staff), and joining one (respondents): a startup looks a programme
// up by its code, then shares a submitted response with it after an explicit confirmation, and may
// withdraw it until the deadline.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  canArchiveProgramme, canAssign, canCreateProgramme, canInvite, canManageProgramme, canReissueInvitation, canRemoveSubmission, canViewProgramme, type Auth,
} from '../../auth/permissions.js';
import { authorizedResponse } from '../../auth/response-token.js';
import {
  AreaList, Email, JoinCodeInput, Kind, MailOutcome, NullableTimestamp, PasswordLink, PersonName, Programme, ProgrammeDetail,
  ProgrammeRoleSchema, RecordId, User,
} from '../../auth/schemas.js';
import { normalizeJoinCode } from '../../auth/tokens.js';
import { pastDeadline, programmeOpen, toProgramme, toUser } from '../../auth/views.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { staffOf } from '../../plugins/app/auth.js';
import { createAuditRepository } from '../../repositories/audit.js';
import { createProgrammeRepository, type ProgrammeRow } from '../../repositories/programmes.js';
import { errorResponses } from '../../schemas/common.js';
import { ResponseParams } from '../../schemas/responses.js';
import { createInvitations, invitationPending } from '../../services/invitations.js';
import { checkDeadline, checkSettingsChange } from '../../services/programme-rules.js';
import {
  checkAnswers, checkIntake, checkVersionAccepted, Intake, intakeOf, ProgrammeAnswers, ProgrammeQuestion,
} from '../../services/programme-intake.js';

export default async function programmeRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users, programmes, audit } = fastify.staffRepos;
  const { responses } = fastify.repos;
  const tags = ['programmes'];
  const staff = { preHandler: fastify.requireStaff };
  const Params = Type.Object({ id: RecordId });
  const invitations = createInvitations(fastify);

  // The areas of the questionnaires served now, a new one published in the editor included.
  const knownAreas = async () => new Set((await fastify.served.all()).map((q) => q.document.area));
  async function checkAreas(areas: string[]) {
    const known = await knownAreas();
    const unknown = areas.filter((a) => !known.has(a));
    if (unknown.length) throw badRequest('invalid-request', `areas: unknown area "${unknown[0]}" (known: ${[...known].join(', ')})`);
  }
  const view = async (p: ProgrammeRow) => toProgramme(p, await programmes.submissionCount(p.id));
  // minLength counts spaces, which are trimmed before storing: "   " would be a programme named "".
  const checkName = (name: string) => {
    if (!name.trim()) throw badRequest('name-required', 'name: give the programme a name');
  };

  /** The programme, when this person may see it; otherwise 404, the same as for an id that does not exist. */
  async function visibleProgramme(auth: Auth, id: string): Promise<ProgrammeRow> {
    const p = await programmes.find(id);
    if (!p || !canViewProgramme(auth, p.id)) throw notFound('programme-not-found', 'no programme with this id among yours');
    return p;
  }
  async function managedProgramme(auth: Auth, id: string): Promise<ProgrammeRow> {
    const p = await visibleProgramme(auth, id);
    if (!canManageProgramme(auth, p.id)) throw forbidden('only the programme\'s managers and administrators change it');
    return p;
  }
  /** A managed programme that may change: an archived one is read-only until it is un-archived. */
  async function writableProgramme(auth: Auth, id: string): Promise<ProgrammeRow> {
    const p = await managedProgramme(auth, id);
    if (p.archived_at) throw conflict('programme-archived', 'this programme is archived and read-only; un-archive it first');
    return p;
  }

  const ProgrammeBody = Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Kind,
    areas: AreaList,
    deadline: Type.Optional(NullableTimestamp),
    allowPastDeadline: Type.Optional(Type.Boolean({ description: 'Set a deadline in the past anyway (sharing is closed at once); without it such a deadline is 400 deadline-in-past' })),
  }, { additionalProperties: false });

  // Issue 14, item 4: settable on PATCH only; a new programme starts with 2 reviews and decisions not shown.
  const DecisionSettings = Type.Object({
    reviewsNeeded: Type.Integer({ minimum: 1, maximum: 10 }),
    showDecisionToStartups: Type.Boolean(),
  });

  fastify.get('/programmes', {
    ...staff,
    schema: {
      tags, summary: 'The programmes I may see (admins: all); archived ones only with archived=include',
      querystring: Type.Object({ archived: Type.Optional(Type.Literal('include')) }, { additionalProperties: false }),
      response: { 200: Type.Array(Programme), ...errorResponses(400, 401) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    // listForUser reads membership rows; canViewProgramme also weighs the role (an editor's old row opens nothing).
    const all = auth.role === 'admin' ? await programmes.list() : (await programmes.listForUser(auth.userId)).filter((p) => canViewProgramme(auth, p.id));
    return Promise.all(all.filter((p) => request.query.archived === 'include' || !p.archived_at).map(view));
  });

  fastify.post('/programmes', {
    ...staff,
    schema: {
      tags, summary: 'Create a programme (admin); it gets a join code',
      body: ProgrammeBody,
      response: { 201: Programme, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    if (!canCreateProgramme(auth)) throw forbidden('only administrators create programmes');
    checkName(request.body.name);
    await checkAreas(request.body.areas);
    const { allowPastDeadline, ...body } = request.body;
    checkDeadline(body.deadline ?? null, null, allowPastDeadline === true);
    const p = await programmes.create({ ...body, name: body.name.trim(), deadline: body.deadline ?? null, createdBy: auth.userId });
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.create', programmeId: p.id, detail: { name: p.name } });
    return reply.code(201).send(await view(p));
  });

  fastify.get('/programmes/:id', {
    ...staff,
    schema: { tags, summary: 'A programme with its people', params: Params, response: { 200: ProgrammeDetail, ...errorResponses(400, 401, 404) } },
  }, async (request) => {
    const p = await visibleProgramme(staffOf(request).auth, request.params.id);
    return { ...(await view(p)), members: (await programmes.members(p.id)).map(toUser) };
  });

  fastify.patch('/programmes/:id', {
    ...staff,
    schema: {
      tags, summary: 'Change a programme (its managers, admins), or archive or un-archive it',
      description: 'Areas and kind change only while nothing is shared with the programme (409 programme-has-submissions after). '
        + 'A deadline moved into the past is 400 deadline-in-past unless allowPastDeadline is true. '
        + 'An archived programme takes only `archived: false` (409 programme-archived for anything else).',
      params: Params,
      body: Type.Object({
        ...Type.Partial(ProgrammeBody).properties,
        ...Type.Partial(DecisionSettings).properties,
        archived: Type.Optional(Type.Boolean({ description: 'Archive (hidden from lists, read-only) or un-archive' })),
      }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: Programme, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    let p = await managedProgramme(auth, request.params.id);
    const { archived, allowPastDeadline, reviewsNeeded, showDecisionToStartups, ...changes } = request.body;
    if (changes.name !== undefined) checkName(changes.name);
    if (archived !== undefined && !canArchiveProgramme(auth, p.id)) throw forbidden('only the programme\'s managers and administrators archive it');
    if (archived === false && p.archived_at) {
      p = await programmes.setArchived(p.id, false);
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.unarchive', programmeId: p.id });
    }
    const decisionSettings = reviewsNeeded !== undefined || showDecisionToStartups !== undefined;
    if (p.archived_at && (Object.keys(changes).length || archived || decisionSettings)) throw conflict('programme-archived', 'this programme is archived and read-only; un-archive it first');
    if (Object.keys(changes).length) {
      const areas = changes.areas ?? (JSON.parse(p.areas) as string[]);
      await checkAreas(areas);
      if (changes.deadline !== undefined) checkDeadline(changes.deadline, p.deadline, allowPastDeadline === true);
      const before = p;
      p = await fastify.database.kysely.transaction().execute(async (trx) => {
        const repo = createProgrammeRepository(trx);
        // In the programme's turn, as shares take it: a test shared at the same moment is counted here, or
        // checked by its share against the areas as changed (PUT /responses/:id/programme).
        await repo.takeTurn(before.id);
        checkSettingsChange(before, { kind: changes.kind, areas: changes.areas }, await repo.submissionCount(before.id));
        const updated = await repo.update(before.id, {
          name: changes.name?.trim() ?? before.name,
          kind: changes.kind ?? before.kind,
          areas,
          deadline: changes.deadline === undefined ? before.deadline : changes.deadline,
        });
        await createAuditRepository(trx).record({ actorType: 'user', actorId: auth.userId, action: 'programme.update', programmeId: before.id, detail: changes });
        return updated;
      });
    }
    if (decisionSettings) {
      await programmes.setDecisionSettings(p.id, { reviewsNeeded, showDecision: showDecisionToStartups });
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.update', programmeId: p.id, detail: { reviewsNeeded, showDecisionToStartups } });
      p = (await programmes.find(p.id))!;
    }
    if (archived === true) {
      p = await programmes.setArchived(p.id, true);
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.archive', programmeId: p.id });
    }
    return await view(p);
  });

  const Added = Type.Object({
    user: User,
    link: Type.Union([PasswordLink, Type.Null()], { description: 'The set-password link, for administrators only, when an invitation was issued' }),
    mail: Type.Optional(MailOutcome),
    reissued: Type.Boolean({ description: 'True when the person had been invited before and had not set a password: a new link replaced the old one and was mailed' }),
  });
  fastify.post('/programmes/:id/members', {
    ...staff,
    schema: {
      tags, summary: 'Assign a person to the programme; administrators also invite people who have no account yet',
      description: 'Administrators assign anyone, and a new email gets an account with a one-time link to set a password, mailed to them. '
        + 'Managers assign assessors who already work in one of their programmes; for any other email the answer is the same 404, '
        + 'whether or not it has an account, and no account is created. Adding someone again who was invited but never set a password '
        + 'issues and mails a new invitation (`reissued: true`); only administrators get the link in the answer.',
      params: Params,
      body: Type.Object({ email: Email, name: Type.Optional(PersonName), role: ProgrammeRoleSchema }, { additionalProperties: false }),
      response: { 200: Added, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth, user: me } = staffOf(request);
    const p = await writableProgramme(auth, request.params.id);
    const email = request.body.email.trim();
    // Decided on the request alone, before looking the email up, so the answer cannot depend on the account.
    if (auth.role !== 'admin' && request.body.role !== 'assessor') throw forbidden('managers assign assessors only; ask an administrator');
    let user = await users.findByEmail(email);
    if (auth.role !== 'admin') {
      if (!user || !canAssign(auth, p.id, { role: user.role, programmeIds: await programmes.programmeIdsOf(user.id) })) {
        throw notFound('assessor-not-found', 'no assessor with this email works in your programmes; an administrator invites new people and adds people from elsewhere');
      }
    } else if (user && user.role !== request.body.role) {
      throw conflict('email-taken', `${email} already has an account as ${user.role}`);
    }
    let issued: Awaited<ReturnType<typeof invitations.issue>> | null = null;
    let reissued = false;
    let created: typeof user = undefined;
    if (!user) {
      if (!canInvite(auth)) throw forbidden('only administrators create accounts');
      try {
        user = created = await users.create({ email, name: request.body.name?.trim() ?? '', role: request.body.role, locale: me.locale });
      } catch (err) {
        // Someone created this account at the same moment: go on as if it had been found above.
        user = isUniqueViolation(err, 'email') ? await users.findByEmail(email) : undefined;
        if (!user) throw err;
        if (user.role !== request.body.role) throw conflict('email-taken', `${email} already has an account as ${user.role}`);
      }
    }
    if (created) {
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'user.invite', programmeId: p.id, detail: { user: created.id, role: created.role } });
      issued = await invitations.issue(created, me, p);
    } else if (invitationPending(user)) {
      // Staff walkthrough #10: adding again someone whose invitation got lost sends a new one.
      if (request.body.name?.trim() && !user.name) user = await users.update(user.id, { name: request.body.name.trim(), role: user.role, disabledAt: null });
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'user.reinvite', programmeId: p.id, detail: { user: user.id } });
      issued = await invitations.issue(user, me, p);
      reissued = true;
    }
    await programmes.addMember(p.id, user.id);
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.member-add', programmeId: p.id, detail: { user: user.id } });
    return {
      user: toUser(user), link: issued && canInvite(auth) ? issued.link : null, reissued,
      ...(issued ? { mail: issued.mail } : {}),
    };
  });

  fastify.post('/programmes/:id/members/:userId/invitation', {
    ...staff,
    schema: {
      tags, summary: 'Issue a member\'s invitation again (admins; managers for assessors): a new one-time link, mailed to them',
      description: 'For someone on the programme who has not set a password yet; the earlier link stops working. '
        + 'Administrators get the link in the answer; managers do not (it is mailed), so a manager never holds a way to sign in as someone else. '
        + '409 invitation-not-pending when the person already set a password or is blocked.',
      params: Type.Object({ id: RecordId, userId: RecordId }),
      response: { 200: Type.Object({ user: User, link: Type.Union([PasswordLink, Type.Null()]), mail: MailOutcome }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth, user: me } = staffOf(request);
    const p = await writableProgramme(auth, request.params.id);
    // Membership first, as for taking someone off: nothing is said about ids outside the programme.
    const member = (await programmes.members(p.id)).find((u) => u.id === request.params.userId);
    if (!member) throw notFound('member-not-found', 'this person is not assigned to this programme');
    if (!canReissueInvitation(auth, p.id, member)) throw forbidden('managers re-issue invitations of assessors only');
    if (!invitationPending(member)) throw conflict('invitation-not-pending', 'this person already set a password or is blocked; they can use "forgot password"');
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'user.reinvite', programmeId: p.id, detail: { user: member.id } });
    const issued = await invitations.issue(member, me, p);
    return { user: toUser(member), link: canInvite(auth) ? issued.link : null, mail: issued.mail };
  });

  fastify.delete('/programmes/:id/members/:userId', {
    ...staff,
    schema: {
      tags, summary: 'Take a person off the programme',
      params: Type.Object({ id: RecordId, userId: RecordId }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await writableProgramme(auth, request.params.id);
    // Membership first: whether an id outside the programme is an account, and its role, stays unsaid.
    const member = (await programmes.members(p.id)).find((u) => u.id === request.params.userId);
    if (!member) throw notFound('member-not-found', 'this person is not assigned to this programme');
    if (member.role !== 'assessor' && auth.role !== 'admin') throw forbidden('managers may take assessors off only');
    await programmes.removeMember(p.id, member.id);
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.member-remove', programmeId: p.id, detail: { user: member.id } });
    return reply.code(204).send(null);
  });

  fastify.delete('/programmes/:id/submissions/:submissionId', {
    ...staff,
    schema: {
      tags, summary: 'Take a submission off the programme at the startup\'s request (its managers, admins)',
      description: 'Ends the share, as the startup\'s own withdrawal does (audit entry submission.remove, webhook submission.withdrawn), '
        + 'also after the deadline, when the startup can no longer withdraw. The startup\'s test and report stay theirs; '
        + 'the programme keeps its reviews of it, shown again only if the startup shares with it again.',
      params: Type.Object({ id: RecordId, submissionId: RecordId }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { auth } = staffOf(request);
    const p = await writableProgramme(auth, request.params.id);
    if (!canRemoveSubmission(auth, p.id)) throw forbidden('only the programme\'s managers and administrators remove submissions');
    const s = await programmes.submission(request.params.submissionId);
    if (!s || s.programme_id !== p.id) throw notFound('submission-not-found', 'no submission with this id in this programme');
    // The check above ran before this transaction: a removal or withdrawal in between already ended the
    // share (or the startup has shared elsewhere since), and announcing it again would be a second event.
    const removed = await fastify.database.kysely.transaction().execute(async (trx) => {
      if (!(await createProgrammeRepository(trx).withdraw(s.id, { programmeId: p.id, cohortStep: fastify.config.cohortMinGroup }))) return false;
      await createAuditRepository(trx).record({ actorType: 'user', actorId: auth.userId, action: 'submission.remove', programmeId: p.id, responseId: s.id });
      await fastify.integration.emit(p.id, 'submission.withdrawn', { submission: { id: s.id } }, trx);
      return true;
    });
    if (!removed) throw notFound('submission-not-found', 'no submission with this id in this programme');
    fastify.integration.queue.kick();
    return reply.code(204).send(null);
  });

  // ---- Intake (issue 17, programme part): accepted versions and the programme's own questions ----

  fastify.get('/programmes/:id/intake', {
    ...staff,
    schema: { tags, summary: 'The versions the programme accepts per area and its own (unscored) questions', params: Params, response: { 200: Intake, ...errorResponses(400, 401, 404) } },
  }, async (request) => intakeOf(await visibleProgramme(staffOf(request).auth, request.params.id)));

  fastify.put('/programmes/:id/intake', {
    ...staff,
    schema: {
      tags, summary: 'Set the accepted versions and the programme\'s questions (its managers, admins)',
      description: 'acceptedVersions: per area {minimum: "x.y.z"} or {majors: [n]}; an area left out accepts any version. '
        + 'Sharing a test of a version not accepted is 409 version-not-accepted. questions: at most 10, text or single choice, '
        + 'asked when a startup shares with the programme, never scored. Applies to shares from now on.',
      params: Params,
      body: Intake,
      response: { 200: Intake, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const p = await writableProgramme(auth, request.params.id);
    checkIntake(request.body, await knownAreas());
    // In the programme's turn, so a share at the same moment is checked against the intake before or after it, whole.
    const saved = await fastify.database.kysely.transaction().execute(async (trx) => {
      const repo = createProgrammeRepository(trx);
      await repo.takeTurn(p.id);
      const stored = await repo.setIntake(p.id, request.body);
      await createAuditRepository(trx).record({ actorType: 'user', actorId: auth.userId, action: 'programme.intake', programmeId: p.id, detail: { acceptedVersions: request.body.acceptedVersions, questions: request.body.questions.length } });
      return stored;
    });
    return intakeOf(saved);
  });

  // ---- Joining: for respondents, by code, with their resume token ----

  const JoinInfo = Type.Object({
    code: Type.String(),
    name: Type.String(),
    kind: Kind,
    deadline: NullableTimestamp,
    open: Type.Boolean({ description: 'False after the deadline: sharing and withdrawing are closed' }),
    questionnaires: Type.Array(Type.Object({ id: Type.String(), area: Type.String(), title: Type.Object({ nl: Type.String(), en: Type.String() }) })),
    questions: Type.Array(ProgrammeQuestion, { description: 'The programme\'s own unscored questions, answered when sharing' }),
  });

  async function programmeByCode(input: string): Promise<ProgrammeRow> {
    const p = await programmes.findByCode(normalizeJoinCode(input));
    if (!p) throw notFound('join-code-not-found', 'no programme with this code; check the link or the code');
    return p;
  }
  const joinInfo = async (p: ProgrammeRow) => {
    const areas = JSON.parse(p.areas) as string[];
    return {
      code: p.join_code, name: p.name, kind: p.kind, deadline: p.deadline, open: programmeOpen(p),
      questionnaires: (await fastify.served.all())
        .filter((q) => areas.includes(q.document.area))
        .map((q) => ({ id: q.document.id, area: q.document.area, title: q.document.title })),
      questions: intakeOf(p).questions,
    };
  };

  fastify.get('/join/:code', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Look a programme up by its join code (anyone with the code)',
      params: Type.Object({ code: JoinCodeInput }),
      response: { 200: JoinInfo, ...errorResponses(400, 404, 429) },
    },
  }, async (request) => joinInfo(await programmeByCode(request.params.code)));

  const Sharing = Type.Object({
    programme: Type.Union([JoinInfo, Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
    sharedAt: NullableTimestamp,
    withdrawnAt: NullableTimestamp,
  });
  const sharingOf = async (responseId: string) => {
    const s = (await programmes.submission(responseId))!;
    const p = s.programme_id ? await programmes.find(s.programme_id) : undefined;
    return { programme: p ? await joinInfo(p) : null, name: s.shared_name, sharedAt: s.shared_at, withdrawnAt: s.withdrawn_at };
  };
  const respondentSecurity = [{ resumeToken: [] }];
  const respondent = (request: FastifyRequest) => authorizedResponse(request, responses);

  fastify.get('/responses/:id/programme', {
    schema: {
      tags, summary: 'Whether and with which programme this response is shared', security: respondentSecurity,
      params: ResponseParams,
      response: { 200: Sharing, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => await sharingOf((await respondent(request)).id));

  fastify.put('/responses/:id/programme', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Share this submitted response with a programme', security: respondentSecurity,
      description: 'Shares the answers, notes, the report and the given name with the programme\'s staff. Requires confirm: true, sent only after the respondent saw exactly what is shared.',
      params: ResponseParams,
      body: Type.Object({
        code: JoinCodeInput,
        name: Type.String({ minLength: 1, maxLength: 200, description: 'The name the startup gives itself in this programme' }),
        confirm: Type.Literal(true),
        programmeAnswers: Type.Optional(ProgrammeAnswers),
      }, { additionalProperties: false }),
      response: { 200: Sharing, ...errorResponses(400, 401, 404, 409, 429) },
    },
  }, async (request) => {
    const row = await respondent(request);
    const p = await programmeByCode(request.body.code);
    const name = request.body.name.trim();
    if (!name) throw badRequest('name-required', 'name: give the name the programme will know you by');
    if (row.status !== 'submitted') throw conflict('response-not-submitted', 'submit the test before sharing it');
    const version = (await programmes.intakeOfResponse(row.id))!.version;
    // What the programme takes: checked first, and again in the share's turn, where a change of the
    // programme's areas or intake at the same moment (PATCH, from any instance) cannot cross it.
    const takes = (programme: ProgrammeRow) => {
      if (pastDeadline(programme)) throw conflict('deadline-passed', 'the deadline of this programme has passed');
      if (programme.archived_at) throw conflict('programme-archived', 'this programme is archived and takes no tests');
      if (!(JSON.parse(programme.areas) as string[]).includes(row.area)) throw conflict('area-not-accepted', `this programme does not take tests of area "${row.area}"`);
      const intake = intakeOf(programme);
      checkVersionAccepted(intake, row.area, version);
      return checkAnswers(intake.questions, request.body.programmeAnswers ?? {});
    };
    takes(p);
    const current = (await programmes.submission(row.id))!;
    if (current.programme_id && current.programme_id !== p.id) throw conflict('shared-elsewhere', 'this test is shared with another programme; withdraw it there first');
    // The webhook event is queued in the share's transaction: it is sent if and only if the share is stored.
    const queued = await fastify.database.kysely.transaction().execute(async (trx) => {
      const repo = createProgrammeRepository(trx);
      await repo.takeTurn(p.id);
      const now = await repo.find(p.id);
      if (!now) throw notFound('join-code-not-found', 'no programme with this code; check the link or the code');
      const answers = takes(now);
      if (!(await repo.share(row.id, p.id, name))) throw conflict('shared-elsewhere', 'this test is shared with another programme; withdraw it there first');
      await repo.setProgrammeAnswers(row.id, p.id, answers);
      await createAuditRepository(trx).record({ actorType: 'respondent', actorId: null, action: 'submission.share', programmeId: p.id, responseId: row.id, detail: { name } });
      const s = (await repo.submission(row.id))!;
      return await fastify.integration.emit(p.id, 'submission.shared', {
        submission: {
          id: s.id, name: s.shared_name, area: s.area, submittedAt: s.submitted_at, sharedAt: s.shared_at, profile: s.profile,
          goalScore: s.goal_score, preconditionScore: s.precondition_score, completeness: s.completeness, knockoutCount: s.knockout_count,
        },
      }, trx);
    });
    // Kicked once the answer is built: an attempt started before would be timed from before that work,
    // and its retry would come due early.
    const sharing = await sharingOf(row.id);
    if (queued) fastify.integration.queue.kick();
    return sharing;
  });

  fastify.delete('/responses/:id/programme', {
    schema: {
      tags, summary: 'Withdraw this response from its programme (until the deadline)', security: respondentSecurity,
      params: ResponseParams,
      response: { 200: Sharing, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request) => {
    const row = await respondent(request);
    const current = (await programmes.submission(row.id))!;
    const p = current.programme_id ? await programmes.find(current.programme_id) : undefined;
    if (!p) throw conflict('not-shared', 'this test is not shared with a programme');
    if (pastDeadline(p)) throw conflict('deadline-passed', 'the deadline of this programme has passed; ask the programme to remove your test');
    const queued = await fastify.database.kysely.transaction().execute(async (trx) => {
      // Only from the programme whose deadline was checked: a share that moved to another meanwhile is not this one.
      const withdrawn = await createProgrammeRepository(trx).withdraw(row.id, { programmeId: p.id, cohortStep: fastify.config.cohortMinGroup });
      // One entry and one event per withdrawal: a second request that lost the race to the first withdrew nothing.
      if (!withdrawn) return null;
      await createAuditRepository(trx).record({ actorType: 'respondent', actorId: null, action: 'submission.withdraw', programmeId: p.id, responseId: row.id });
      return await fastify.integration.emit(p.id, 'submission.withdrawn', { submission: { id: row.id } }, trx);
    });
    if (queued === null) throw conflict('not-shared', 'this test is no longer shared with that programme');
    const sharing = await sharingOf(row.id);
    if (queued) fastify.integration.queue.kick();
    return sharing;
  });
}
