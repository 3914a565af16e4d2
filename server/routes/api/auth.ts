// Signing in and out, the current session, and setting a password through a one-time link.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../../auth/password.js';
import { Email, Locale, Password, Secret, Session } from '../../auth/schemas.js';
import { setPasswordPath, toUser } from '../../auth/views.js';
import { badRequest, notFound, unauthorized } from '../../errors.js';
import { staffOf } from '../../plugins/app/auth.js';
import { errorResponses } from '../../schemas/common.js';

export default async function authRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { users, sessions } = fastify.staffRepos;
  const { config } = fastify;
  const tags = ['accounts'];
  // Tight per-address limit on everything that checks a secret (the global limit is far looser).
  const tight = { rateLimit: { max: config.loginRateLimitPerMinute || 10, timeWindow: '1 minute' } };
  let dummy: Promise<string> | null = null;
  const dummyOnce = () => (dummy ??= dummyHash(config.passwordHashCost));

  fastify.post('/auth/login', {
    config: tight,
    schema: {
      tags, summary: 'Sign in with email and password; sets the session cookie',
      body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
      response: { 200: Session, ...errorResponses(400, 401, 429) },
    },
  }, async (request, reply) => {
    const user = await users.findByEmail(request.body.email.trim());
    const usable = user && user.password_hash && !user.disabled_at;
    // An unknown email costs the same hash as a known one, so timing does not tell which emails exist.
    const ok = await verifyPassword(request.body.password, usable ? user.password_hash! : await dummyOnce());
    if (!usable || !ok) throw unauthorized('wrong-credentials', 'email or password is wrong');
    const { csrfToken } = await fastify.startSession(reply, request, user);
    return { user: toUser(user), csrfToken };
  });

  fastify.post('/auth/logout', {
    preHandler: fastify.requireStaff,
    schema: {
      tags, summary: 'Sign out: ends this session',
      response: { 204: Type.Null(), ...errorResponses(401, 403) },
    },
  }, async (request, reply) => {
    await sessions.revoke(staffOf(request).sessionId);
    reply.clearSession(request);
    return reply.code(204).send(null);
  });

  fastify.get('/auth/me', {
    preHandler: fastify.requireStaff,
    schema: {
      tags, summary: 'The signed-in person and the CSRF token of this session',
      response: { 200: Session, ...errorResponses(401) },
    },
  }, async (request) => {
    const { user, csrfToken } = staffOf(request);
    return { user: toUser(user), csrfToken };
  });

  fastify.post('/auth/password', {
    preHandler: fastify.requireStaff,
    config: tight,
    schema: {
      tags, summary: 'Change my password; ends all my other sessions',
      body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
      response: { 200: Session, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const { user } = staffOf(request);
    const problem = passwordProblem(request.body.newPassword);
    if (problem) throw badRequest('weak-password', `newPassword: ${problem}`);
    if (!user.password_hash || !(await verifyPassword(request.body.currentPassword, user.password_hash))) {
      throw badRequest('wrong-password', 'currentPassword is wrong');
    }
    await users.setPassword(user.id, await hashPassword(request.body.newPassword, config.passwordHashCost));
    await sessions.revokeAllOf(user.id);
    const { csrfToken } = await fastify.startSession(reply, request, user);
    return { user: toUser((await users.find(user.id))!), csrfToken };
  });

  // Mails started by forgot-password run after the answer is sent: its timing then does not depend on
  // whether the address has an account. The app waits for them when it closes.
  const pending = new Set<Promise<void>>();
  fastify.addHook('onClose', async () => {
    await Promise.all(pending);
  });
  const mailReset = async (email: string, locale: 'nl' | 'en') => {
    const user = await users.findByEmail(email);
    if (!user || user.disabled_at) return;
    if (!(await fastify.mail.hasRoom(user.email))) return;
    // The link is issued in the mail's turn: past the hourly bound no mail goes out, so no new link may
    // void the one last mailed, even when requests arrive at once on several instances.
    // Someone invited who never set a password gets an invitation-type link: the same page, the same effect.
    await fastify.mail.queue(user.email, user.password_hash ? user.locale : locale, 'password-reset', async (trx) => ({
      setPasswordPath: setPasswordPath(await users.issuePasswordToken(user.id, user.password_hash ? 'reset' : 'invite', config.passwordLinkHours, {}, trx)),
      expiresAt: new Date(Date.now() + config.passwordLinkHours * 3600_000).toISOString(),
    }));
  };

  fastify.post('/auth/forgot-password', {
    config: tight,
    schema: {
      tags, summary: 'Forgot my password: mails a one-time link to set a new one, if there is an active account for this address',
      description: 'The answer is the same whether or not the address has an account (204, no body), so it tells nobody which addresses exist. Rate limited per client address; each address gets a bounded number of mails per hour. `locale` is the language of the page, used for someone who never signed in.',
      body: Type.Object({ email: Email, locale: Type.Optional(Locale) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(400, 429) },
    },
  }, async (request, reply) => {
    const job = mailReset(request.body.email.trim(), request.body.locale ?? 'nl')
      .catch((err) => request.log.error({ err }, 'could not write a password-reset mail'))
      .finally(() => pending.delete(job));
    pending.add(job);
    return reply.code(204).send(null);
  });

  const TokenBody = Type.Object({ token: Secret }, { additionalProperties: false });

  fastify.post('/auth/password-token', {
    config: tight,
    schema: {
      tags, summary: 'Whom a set-password link is for (to show before choosing a password)',
      description: 'The token travels in the body, not the URL, so it stays out of logs.',
      body: TokenBody,
      response: {
        200: Type.Object({
          email: Type.String(),
          purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')]),
          invitedBy: Type.Union([Type.String(), Type.Null()], { description: 'Who issued the link (name, else email); null for the create-admin CLI' }),
          programme: Type.Union([Type.String(), Type.Null()], { description: 'The programme the invitation was for, if any' }),
        }),
        ...errorResponses(400, 404, 429),
      },
    },
  }, async (request) => {
    const info = await users.peekPasswordToken(request.body.token);
    if (!info) throw notFound('password-link-invalid', 'this link is unknown, used or expired; ask an administrator for a new one');
    // From the token's own record (who issued it, for which programme), never from the URL.
    return { email: info.email, purpose: info.purpose, invitedBy: info.invitedBy, programme: info.programme };
  });

  fastify.post('/auth/set-password', {
    config: tight,
    schema: {
      tags, summary: 'Set a password with a one-time link (first admin, invitation or reset); ends all other sessions of that person and signs them in',
      description: 'Answers like sign-in: the session cookie is set and the body holds the person and the CSRF token, so they go straight on to work.',
      body: Type.Object({ token: Secret, password: Password }, { additionalProperties: false }),
      response: { 200: Session, ...errorResponses(400, 404, 429) },
    },
  }, async (request, reply) => {
    const problem = passwordProblem(request.body.password);
    if (problem) throw badRequest('weak-password', `password: ${problem}`);
    if (!await users.peekPasswordToken(request.body.token)) throw notFound('password-link-invalid', 'this link is unknown, used or expired; ask an administrator for a new one');
    const hash = await hashPassword(request.body.password, config.passwordHashCost);
    const user = await users.consumePasswordToken(request.body.token, hash);
    if (!user) throw notFound('password-link-invalid', 'this link is unknown, used or expired; ask an administrator for a new one');
    await sessions.revokeAllOf(user.id);
    // Staff walkthrough #11: having just proved they hold the link and chosen a password, they are signed in.
    const { csrfToken } = await fastify.startSession(reply, request, user);
    return { user: toUser(user), csrfToken };
  });
}
