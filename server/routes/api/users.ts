// Managing staff accounts (admins only): list, invite, change role or disable, issue a reset link.
// An invitation's one-time link is mailed to the invitee (server/mail) and handed back to the admin
// too, so it still works without a mail server; reset links are handed back for the admin to pass on.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { canManageUsers } from '../../auth/permissions.js';
import { Email, Locale, MailOutcome, PasswordLink, PersonName, RecordId, RoleSchema, User } from '../../auth/schemas.js';
import { setPasswordPath, toUser } from '../../auth/views.js';
import { isUniqueViolation } from '../../db/dialect.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { staffOf } from '../../plugins/app/auth.js';
import { errorResponses } from '../../schemas/common.js';
import { createInvitations, invitationPending } from '../../services/invitations.js';

export default async function userRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users, sessions, audit } = fastify.staffRepos;
  const { config } = fastify;
  const tags = ['accounts'];
  const Params = Type.Object({ id: RecordId });
  const invitations = createInvitations(fastify);

  fastify.addHook('preHandler', fastify.requireStaff);
  fastify.addHook('preHandler', async (request) => {
    if (!canManageUsers(staffOf(request).auth)) throw forbidden('only administrators manage accounts');
  });

  const link = async (userId: string, purpose: 'invite' | 'reset', issuedBy: string) => {
    const token = await users.issuePasswordToken(userId, purpose, config.passwordLinkHours, { issuedBy });
    return { setPasswordPath: setPasswordPath(token), expiresAt: new Date(Date.now() + config.passwordLinkHours * 3600_000).toISOString() };
  };

  fastify.get('/users', {
    schema: {
      tags, summary: 'A page of the staff accounts in email order (admin)',
      description: 'q narrows to accounts whose email or name contains it (case-insensitive); total counts them all.',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 100 })),
        limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|100)$', description: '1..100, default 50' })),
        offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(User), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const q = request.query.q?.trim() ?? '';
    const limit = Number(request.query.limit ?? 50);
    const offset = Number(request.query.offset ?? 0);
    const [items, total] = [await users.page(q, limit, offset), await users.count(q)];
    return { items: items.map(toUser), total, limit, offset };
  });

  const Invited = Type.Object({
    user: User, link: PasswordLink, mail: MailOutcome,
    reissued: Type.Boolean({ description: 'True when the person was already invited and had not set a password yet: a new link replaces the earlier one' }),
  });
  fastify.post('/users', {
    schema: {
      tags, summary: 'Invite a person (admin): creates the account without a password and returns a one-time link to set one',
      description: 'The link is also mailed to the invitee, in `locale` (the language of all their mail); `mail` says what became of that mail. '
        + 'Inviting someone again who has not set a password yet (same role) issues a new link and mails it (200, `reissued: true`); '
        + 'an email with an active or blocked account, or with another role, is 409 `email-taken`.',
      body: Type.Object({ email: Email, name: Type.Optional(PersonName), role: RoleSchema, locale: Type.Optional(Locale) }, { additionalProperties: false }),
      response: { 200: Invited, 201: Invited, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const email = request.body.email.trim();
    const me = staffOf(request).user;
    const existing = await users.findByEmail(email);
    if (existing) {
      // Staff walkthrough #10: a lost invitation is fixed by inviting again, not by a dead end.
      if (!invitationPending(existing) || existing.role !== request.body.role) throw conflict('email-taken', `there is already an account for ${email}`);
      await audit.record({ actorType: 'user', actorId: me.id, action: 'user.reinvite', detail: { user: existing.id } });
      const again = await invitations.issue(existing, me, null);
      return reply.code(200).send({ user: toUser(existing), ...again, reissued: true });
    }
    let user;
    try {
      user = await users.create({ email, name: request.body.name?.trim() ?? '', role: request.body.role, locale: request.body.locale ?? 'nl' });
    } catch (err) {
      // Another admin invited this address at the same moment: 409 email-taken, as for any address
      // with an account, rather than a re-invitation whose new link would replace the one just mailed.
      if (isUniqueViolation(err, 'email')) throw conflict('email-taken', `there is already an account for ${email}`);
      throw err;
    }
    await audit.record({ actorType: 'user', actorId: me.id, action: 'user.invite', detail: { user: user.id, role: user.role } });
    const invited = await invitations.issue(user, me, null);
    return reply.code(201).send({ user: toUser(user), ...invited, reissued: false });
  });

  fastify.patch('/users/:id', {
    schema: {
      tags, summary: 'Change a person\'s name or role, or disable the account (admin); role changes and disabling end their sessions',
      params: Params,
      body: Type.Object({ name: Type.Optional(PersonName), role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: User, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const me = staffOf(request).user;
    const user = await users.find(request.params.id);
    if (!user) throw notFound('user-not-found', 'no account with this id');
    const role = request.body.role ?? user.role;
    const disabledAt = request.body.disabled === undefined ? user.disabled_at : request.body.disabled ? (user.disabled_at ?? new Date().toISOString()) : null;
    // An admin who demotes or disables themselves could leave nobody to undo it.
    if (user.id === me.id && (role !== 'admin' || disabledAt)) throw conflict('own-admin-role', 'you cannot take away your own admin role or disable yourself');
    const updated = await users.update(user.id, { name: request.body.name?.trim() ?? user.name, role, disabledAt });
    if (role !== user.role || disabledAt !== user.disabled_at) await sessions.revokeAllOf(user.id);
    await audit.record({ actorType: 'user', actorId: me.id, action: 'user.update', detail: { user: user.id, role, disabled: disabledAt !== null } });
    return toUser(updated);
  });

  fastify.post('/users/:id/reset-link', {
    schema: {
      tags, summary: 'Issue a one-time link to set a new password (admin); replaces any earlier unused link',
      params: Params,
      response: { 200: PasswordLink, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const user = await users.find(request.params.id);
    if (!user) throw notFound('user-not-found', 'no account with this id');
    await audit.record({ actorType: 'user', actorId: staffOf(request).user.id, action: 'user.reset-link', detail: { user: user.id } });
    return await link(user.id, user.password_hash ? 'reset' : 'invite', staffOf(request).user.id);
  });
}
