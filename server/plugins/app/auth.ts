// Staff authentication: cookie-based server-side sessions. Decorates the app with the staff
// repositories and with preHandlers that put the signed-in person on the request; writes must also
// carry the session's CSRF token in the x-csrf-token header (synchronizer token pattern).
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Auth } from '../../auth/permissions.js';
import { sameSecret } from '../../auth/tokens.js';
import type { AppConfig } from '../../config.js';
import { HttpError, unauthorized } from '../../errors.js';
import { createAuditRepository, type AuditRepository } from '../../repositories/audit.js';
import { createProgrammeRepository, type ProgrammeRepository } from '../../repositories/programmes.js';
import { createReviewRepository, type ReviewRepository } from '../../repositories/reviews.js';
import { createSessionRepository, type SessionRepository } from '../../repositories/sessions.js';
import { createUserRepository, type UserRow, type UserRepository } from '../../repositories/users.js';

export const SESSION_COOKIE = 'zt_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface StaffContext {
  user: UserRow;
  auth: Auth;
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    staffRepos: {
      users: UserRepository;
      sessions: SessionRepository;
      programmes: ProgrammeRepository;
      reviews: ReviewRepository;
      audit: AuditRepository;
    };
    /** preHandler: a signed-in staff member is required (and, on writes, the CSRF token). */
    requireStaff: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    startSession: (reply: FastifyReply, request: FastifyRequest, user: UserRow) => Promise<{ csrfToken: string }>;
  }
  interface FastifyRequest {
    staff: StaffContext | null;
  }
}

export default fp(
  async function auth(fastify, opts: { config: AppConfig }) {
    await fastify.register(cookie);
    const db = fastify.database.kysely;
    const repos = {
      users: createUserRepository(db),
      sessions: createSessionRepository(db),
      programmes: createProgrammeRepository(db),
      reviews: createReviewRepository(db),
      audit: createAuditRepository(db),
    };
    fastify.decorate('staffRepos', repos);
    const keyed = await repos.programmes.backfillSearchKeys();
    if (keyed) fastify.log.info({ responses: keyed }, 'search keys stored for names shared before migration 014');
    const accounts = await repos.users.backfillSearchKeys();
    if (accounts) fastify.log.info({ users: accounts }, 'search keys stored for accounts made before migration 028');
    fastify.decorateRequest('staff', null);

    const cookieOptions = (request: FastifyRequest) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'strict' as const,
      // Over plain http (local development, tests) a Secure cookie would never come back.
      secure: request.protocol === 'https',
    });

    fastify.decorate('startSession', async (reply: FastifyReply, request: FastifyRequest, user: UserRow) => {
      const session = await repos.sessions.create(user.id, opts.config.sessionHours);
      reply.setCookie(SESSION_COOKIE, session.id, { ...cookieOptions(request), expires: session.expiresAt });
      return { csrfToken: session.csrfToken };
    });

    fastify.decorate('requireStaff', async (request: FastifyRequest, reply: FastifyReply) => {
      const id = request.cookies[SESSION_COOKIE];
      const session = id && /^[A-Za-z0-9_-]{43}$/.test(id) ? await repos.sessions.find(id) : undefined;
      const user = session ? await repos.users.find(session.user_id) : undefined;
      if (!session || !user || user.disabled_at) {
        if (id) reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
        throw unauthorized('not-signed-in', 'sign in first');
      }
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, session.csrf_token)) {
          throw new HttpError(403, 'csrf-token-invalid', `send the session's CSRF token in the ${CSRF_HEADER} header`);
        }
      }
      request.staff = {
        user,
        sessionId: id!,
        csrfToken: session.csrf_token,
        auth: { userId: user.id, role: user.role, programmeIds: await repos.programmes.programmeIdsOf(user.id) },
      };
    });

    fastify.decorateReply('clearSession', function (this: FastifyReply, request: FastifyRequest) {
      this.clearCookie(SESSION_COOKIE, cookieOptions(request));
    });
  },
  { name: 'auth', dependencies: ['services'] },
);

declare module 'fastify' {
  interface FastifyReply {
    clearSession: (request: FastifyRequest) => void;
  }
}

/** The signed-in person; only call behind requireStaff. */
export function staffOf(request: FastifyRequest): StaffContext {
  if (!request.staff) throw unauthorized('not-signed-in', 'sign in first');
  return request.staff;
}
