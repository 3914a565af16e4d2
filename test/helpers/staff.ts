// Helpers for the staff (accounts, programmes, reviews) tests: cheap password hashing, signed-in
// sessions as header sets, and respondents who submit and share.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import type { Role } from '../../server/auth/permissions.js';
import type { AppConfig } from '../../server/config.js';
import { testApp } from './app.js';

/** scrypt at N=2^10 instead of 2^17: the tests check behaviour, not cost (see docs/accounts.md). */
export const TEST_HASH_COST = 10;
export const PASSWORD = 'correct horse battery staple';

export function staffApp(overrides: Partial<AppConfig> = {}) {
  return testApp({ passwordHashCost: TEST_HASH_COST, ...overrides });
}

export async function createUser(app: FastifyInstance, email: string, role: Role, password = PASSWORD) {
  const user = await app.staffRepos.users.create({ email, name: email.split('@')[0], role });
  await app.staffRepos.users.setPassword(user.id, await hashPassword(password, TEST_HASH_COST));
  return user;
}

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a read. */
  read: Record<string, string>;
  /** Headers for a write: the cookie and the CSRF token. */
  write: Record<string, string>;
}

export function cookieFrom(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const first = (Array.isArray(raw) ? raw : [raw]).find((c) => typeof c === 'string' && c.startsWith('zt_session=')) as string | undefined;
  if (!first) throw new Error('no session cookie set');
  return first.split(';')[0];
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = cookieFrom(res);
  const csrf = res.json().csrfToken as string;
  return { cookie, csrf, read: { cookie }, write: { cookie, 'x-csrf-token': csrf } };
}

export async function signedIn(app: FastifyInstance, email: string, role: Role) {
  const user = await createUser(app, email, role);
  return { user, session: await login(app, email) };
}

export async function createProgramme(app: FastifyInstance, admin: Session, body: Record<string, unknown> = {}) {
  const res = await app.inject({
    method: 'POST', url: '/api/programmes', headers: admin.write,
    payload: { name: 'Subsidie AI 2026', kind: 'subsidy', areas: ['ai'], ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; joinCode: string; joinPath: string; name: string };
}

/** Puts a person (made if new) straight into a programme's people and signs them in. */
export async function memberOf(app: FastifyInstance, programmeId: string, email: string, role: 'manager' | 'assessor') {
  const user = await app.staffRepos.users.findByEmail(email) ?? (await createUser(app, email, role));
  await app.staffRepos.programmes.addMember(programmeId, user.id);
  return login(app, email);
}

export async function assign(app: FastifyInstance, by: Session, programmeId: string, email: string, role: Role) {
  const res = await app.inject({ method: 'POST', url: `/api/programmes/${programmeId}/members`, headers: by.write, payload: { email, role } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A respondent who answers the mini questionnaire, with notes, and submits. */
export async function submittedResponse(app: FastifyInstance, answers: Record<string, unknown> = {
  'm-personal-data': { option: 'yes' },
  'm-dpia': { option: 'partly', note: 'Concept-DPIA ligt bij de FG' },
  'm-retention': { option: 'yes' },
  'm-security': { options: ['mfa', 'backup'] },
  'm-context': { text: 'Een assistent voor gemeenten' },
}) {
  const started = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers } });
  expect(started.statusCode, started.body).toBe(201);
  const { id, token } = started.json() as { id: string; token: string };
  const submitted = await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return { id, token };
}

export async function share(app: FastifyInstance, r: { id: string; token: string }, code: string, name: string) {
  const res = await app.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code, name, confirm: true } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
