// Programmes and their people (staff), and joining one (respondents): a startup looks a programme
// up by its code, then shares a submitted response with it after an explicit confirmation, and may
// withdraw it until the deadline.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAssign, canCreateProgramme, canInvite, canManageProgramme, canViewProgramme, type Auth } from '../../auth/permissions.js';
import { authorizedResponse } from '../../auth/response-token.js';
import {
  AreaList, Email, JoinCodeInput, Kind, NullableTimestamp, PasswordLink, PersonName, Programme, ProgrammeDetail,
  RecordId, RoleSchema, User,
} from '../../auth/schemas.js';
import { normalizeJoinCode } from '../../auth/tokens.js';
import { pastDeadline, setPasswordPath, toProgramme, toUser } from '../../auth/views.js';
import { badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { staffOf } from '../../plugins/app/auth.js';
import type { ProgrammeRow } from '../../repositories/programmes.js';
import { errorResponses } from '../../schemas/common.js';
import { ResponseParams } from '../../schemas/responses.js';

export default async function programmeRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users, programmes, audit } = fastify.staffRepos;
  const { responses } = fastify.repos;
  const tags = ['programmes'];
  const staff = { preHandler: fastify.requireStaff };
  const Params = Type.Object({ id: RecordId });

  const knownAreas = () => new Set([...fastify.catalog.questionnaires.values()].map((q) => q.document.area));
  function checkAreas(areas: string[]) {
    const known = knownAreas();
    const unknown = areas.filter((a) => !known.has(a));
    if (unknown.length) throw badRequest('invalid-request', `areas: unknown area "${unknown[0]}" (known: ${[...known].join(', ')})`);
  }
  const view = async (p: ProgrammeRow) => toProgramme(p, await programmes.submissionCount(p.id));

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

  const ProgrammeBody = Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Kind,
    areas: AreaList,
    deadline: Type.Optional(NullableTimestamp),
  }, { additionalProperties: false });

  // Issue 14, item 4: settable on PATCH only; a new programme starts with 2 reviews and decisions not shown.
  const DecisionSettings = Type.Object({
    reviewsNeeded: Type.Integer({ minimum: 1, maximum: 10 }),
    showDecisionToStartups: Type.Boolean(),
  });

  fastify.get('/programmes', {
    ...staff,
    schema: { tags, summary: 'The programmes I may see (admins: all)', response: { 200: Type.Array(Programme), ...errorResponses(401) } },
  }, async (request) => {
    const { auth } = staffOf(request);
    return Promise.all((auth.role === 'admin' ? await programmes.list() : await programmes.listForUser(auth.userId)).map(view));
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
    checkAreas(request.body.areas);
    const p = await programmes.create({ ...request.body, name: request.body.name.trim(), deadline: request.body.deadline ?? null, createdBy: auth.userId });
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
      tags, summary: 'Change a programme (its managers, admins)',
      params: Params,
      body: Type.Partial(Type.Object({ ...ProgrammeBody.properties, ...DecisionSettings.properties }), { additionalProperties: false, minProperties: 1 }),
      response: { 200: Programme, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const p = await managedProgramme(auth, request.params.id);
    const areas = request.body.areas ?? (JSON.parse(p.areas) as string[]);
    checkAreas(areas);
    const updated = await programmes.update(p.id, {
      name: request.body.name?.trim() ?? p.name,
      kind: request.body.kind ?? p.kind,
      areas,
      deadline: request.body.deadline === undefined ? p.deadline : request.body.deadline,
    });
    await programmes.setDecisionSettings(p.id, { reviewsNeeded: request.body.reviewsNeeded, showDecision: request.body.showDecisionToStartups });
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.update', programmeId: p.id, detail: request.body });
    return await view((await programmes.find(updated.id))!);
  });

  fastify.post('/programmes/:id/members', {
    ...staff,
    schema: {
      tags, summary: 'Assign a person to the programme; administrators also invite people who have no account yet',
      description: 'Administrators assign anyone, and a new email gets an account with a one-time link to set a password. '
        + 'Managers assign assessors who already work in one of their programmes; for any other email the answer is the same 404, '
        + 'whether or not it has an account, and no account is created.',
      params: Params,
      body: Type.Object({ email: Email, name: Type.Optional(PersonName), role: RoleSchema }, { additionalProperties: false }),
      response: { 200: Type.Object({ user: User, link: Type.Union([PasswordLink, Type.Null()]) }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const p = await managedProgramme(auth, request.params.id);
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
    let link = null;
    if (!user) {
      if (!canInvite(auth)) throw forbidden('only administrators create accounts');
      user = await users.create({ email, name: request.body.name?.trim() ?? '', role: request.body.role });
      const token = await users.issuePasswordToken(user.id, 'invite', fastify.config.passwordLinkHours);
      link = { setPasswordPath: setPasswordPath(token), expiresAt: new Date(Date.now() + fastify.config.passwordLinkHours * 3600_000).toISOString() };
      await audit.record({ actorType: 'user', actorId: auth.userId, action: 'user.invite', programmeId: p.id, detail: { user: user.id, role: user.role } });
    }
    await programmes.addMember(p.id, user.id);
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.member-add', programmeId: p.id, detail: { user: user.id } });
    return { user: toUser(user), link };
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
    const p = await managedProgramme(auth, request.params.id);
    // Membership first: whether an id outside the programme is an account, and its role, stays unsaid.
    const member = (await programmes.members(p.id)).find((u) => u.id === request.params.userId);
    if (!member) throw notFound('member-not-found', 'this person is not assigned to this programme');
    if (member.role !== 'assessor' && auth.role !== 'admin') throw forbidden('managers may take assessors off only');
    await programmes.removeMember(p.id, member.id);
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.member-remove', programmeId: p.id, detail: { user: member.id } });
    return reply.code(204).send(null);
  });

  // ---- Joining: for respondents, by code, with their resume token ----

  const JoinInfo = Type.Object({
    code: Type.String(),
    name: Type.String(),
    kind: Kind,
    deadline: NullableTimestamp,
    open: Type.Boolean({ description: 'False after the deadline: sharing and withdrawing are closed' }),
    questionnaires: Type.Array(Type.Object({ id: Type.String(), area: Type.String(), title: Type.Object({ nl: Type.String(), en: Type.String() }) })),
  });

  async function programmeByCode(input: string): Promise<ProgrammeRow> {
    const p = await programmes.findByCode(normalizeJoinCode(input));
    if (!p) throw notFound('join-code-not-found', 'no programme with this code; check the link or the code');
    return p;
  }
  const joinInfo = (p: ProgrammeRow) => {
    const areas = JSON.parse(p.areas) as string[];
    return {
      code: p.join_code, name: p.name, kind: p.kind, deadline: p.deadline, open: !pastDeadline(p),
      questionnaires: [...fastify.catalog.questionnaires.values()]
        .filter((q) => areas.includes(q.document.area))
        .map((q) => ({ id: q.document.id, area: q.document.area, title: q.document.title })),
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
    return { programme: p ? joinInfo(p) : null, name: s.shared_name, sharedAt: s.shared_at, withdrawnAt: s.withdrawn_at };
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
      }, { additionalProperties: false }),
      response: { 200: Sharing, ...errorResponses(400, 401, 404, 409, 429) },
    },
  }, async (request) => {
    const row = await respondent(request);
    const p = await programmeByCode(request.body.code);
    const name = request.body.name.trim();
    if (!name) throw badRequest('name-required', 'name: give the name the programme will know you by');
    if (row.status !== 'submitted') throw conflict('response-not-submitted', 'submit the test before sharing it');
    if (pastDeadline(p)) throw conflict('deadline-passed', 'the deadline of this programme has passed');
    if (!(JSON.parse(p.areas) as string[]).includes(row.area)) throw conflict('area-not-accepted', `this programme does not take tests of area "${row.area}"`);
    const current = (await programmes.submission(row.id))!;
    if (current.programme_id && current.programme_id !== p.id) throw conflict('shared-elsewhere', 'this test is shared with another programme; withdraw it there first');
    await programmes.share(row.id, p.id, name);
    await audit.record({ actorType: 'respondent', actorId: null, action: 'submission.share', programmeId: p.id, responseId: row.id, detail: { name } });
    return await sharingOf(row.id);
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
    await programmes.withdraw(row.id);
    await audit.record({ actorType: 'respondent', actorId: null, action: 'submission.withdraw', programmeId: p.id, responseId: row.id });
    return await sharingOf(row.id);
  });
}
