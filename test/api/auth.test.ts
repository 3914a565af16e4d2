// Accounts: password hashing, sign-in, sessions in SQLite and their revocation, CSRF, set-password
// links (first admin, invitations, resets), and the login rate limit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/password.js';
import { createAdmin } from '../../server/cli/create-admin.js';
import { defaultConfig } from '../../server/config.js';
import { buildApp } from '../../server/build.js';
import { fixtureDir, readFixture } from '../helpers/app.js';
import { cookieFrom, createUser, login, PASSWORD, signedIn, staffApp, TEST_HASH_COST } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await staffApp();
});
afterEach(async () => {
  await app.close();
});

describe('password hashing', () => {
  it('uses scrypt at OWASP\'s cost by default, with a random salt, and verifies', async () => {
    const hash = await hashPassword('een lang wachtwoord');
    expect(hash).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword('een lang wachtwoord', hash)).toBe(true);
    expect(await verifyPassword('een lang wachtwoorD', hash)).toBe(false);
    expect(await hashPassword('een lang wachtwoord', TEST_HASH_COST)).not.toBe(await hashPassword('een lang wachtwoord', TEST_HASH_COST));
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$40$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('signing in', () => {
  it('sets an httpOnly, SameSite=Strict session cookie whose id is stored only as a hash', async () => {
    await createUser(app, 'ada@example.org', 'admin');
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ADA@example.org', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^zt_session=[A-Za-z0-9_-]{43};/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(set).not.toContain('Secure');
    expect(res.json().user).toMatchObject({ email: 'ada@example.org', role: 'admin', active: true });
    expect(JSON.stringify(res.json())).not.toContain('scrypt');
    const id = cookieFrom(res).split('=')[1];
    const rows = (await tables.rows(app, 'SELECT * FROM sessions'));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(id);
  });

  it('marks the cookie Secure when served over https behind a trusted proxy', async () => {
    const proxied = await staffApp({ trustProxy: true });
    await createUser(proxied, 'ada@example.org', 'admin');
    const res = await proxied.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { email: 'ada@example.org', password: PASSWORD } });
    expect(String(res.headers['set-cookie'])).toContain('Secure');
    await proxied.close();
  });

  it('answers a wrong password, an unknown email and an account without password alike', async () => {
    await createUser(app, 'ada@example.org', 'admin');
    await app.staffRepos.users.create({ email: 'new@example.org', name: '', role: 'assessor' });
    for (const payload of [
      { email: 'ada@example.org', password: 'wrong password!!' },
      { email: 'nobody@example.org', password: PASSWORD },
      { email: 'new@example.org', password: PASSWORD },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'wrong-credentials', message: 'email or password is wrong' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses a disabled account', async () => {
    const { session } = await signedIn(app, 'root@example.org', 'admin');
    const user = await createUser(app, 'bo@example.org', 'assessor');
    const res = await app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: session.write, payload: { disabled: true } });
    expect(res.statusCode).toBe(200);
    const denied = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bo@example.org', password: PASSWORD } });
    expect(denied.statusCode).toBe(401);
  });

  it('limits login attempts per client address', async () => {
    const limited = await staffApp({ rateLimitPerMinute: 600, loginRateLimitPerMinute: 5 });
    const codes: Array<[number, string]> = [];
    for (let i = 0; i < 7; i++) {
      const res = await limited.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.org', password: 'guess number ' + i } });
      codes.push([res.statusCode, res.json().code]);
    }
    expect(codes).toEqual([...Array(5).fill([401, 'wrong-credentials']), [429, 'rate-limited'], [429, 'rate-limited']]);
    await limited.close();
  });
});

describe('sessions', () => {
  it('knows who is signed in, and forgets after logout (the old cookie is revoked server-side)', async () => {
    await createUser(app, 'ada@example.org', 'manager');
    const s = await login(app, 'ada@example.org');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.read });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'ada@example.org', role: 'manager' }, csrfToken: s.csrf });
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.write });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/zt_session=;/);
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.read });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a write without the session\'s CSRF token', async () => {
    await createUser(app, 'ada@example.org', 'admin');
    const s = await login(app, 'ada@example.org');
    for (const headers of [s.read, { ...s.read, 'x-csrf-token': 'x'.repeat(43) }]) {
      const res = await app.inject({ method: 'POST', url: '/api/programmes', headers, payload: { name: 'X', kind: 'cohort', areas: ['ai'] } });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toMatch(/CSRF/);
    }
    expect((await tables.row(app, 'SELECT COUNT(*) AS n FROM programmes'))).toEqual({ n: 0 });
  });

  it('ends every session of a person whose password changes, and starts a fresh one for them', async () => {
    await createUser(app, 'ada@example.org', 'assessor');
    const laptop = await login(app, 'ada@example.org');
    const phone = await login(app, 'ada@example.org');
    const res = await app.inject({ method: 'POST', url: '/api/auth/password', headers: laptop.write, payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' } });
    expect(res.statusCode).toBe(200);
    const fresh = cookieFrom(res);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: phone.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: laptop.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fresh } })).statusCode).toBe(200);
    await login(app, 'ada@example.org', 'a brand new passphrase');
  });

  it('refuses a password change with a wrong current password or a short new one', async () => {
    await createUser(app, 'ada@example.org', 'assessor');
    const s = await login(app, 'ada@example.org');
    let res = await app.inject({ method: 'POST', url: '/api/auth/password', headers: s.write, payload: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('currentPassword is wrong');
    res = await app.inject({ method: 'POST', url: '/api/auth/password', headers: s.write, payload: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(res.json().message).toMatch(/newPassword: password must have at least 12 characters/);
    await login(app, 'ada@example.org');
  });

  it('ends a person\'s sessions when an admin changes their role', async () => {
    const { session: admin } = await signedIn(app, 'root@example.org', 'admin');
    const { user, session } = await signedIn(app, 'bo@example.org', 'assessor');
    const res = await app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.write, payload: { role: 'manager' } });
    expect(res.json().role).toBe('manager');
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session.read })).statusCode).toBe(401);
    // A name change alone leaves sessions alone.
    const again = await login(app, 'bo@example.org');
    await app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.write, payload: { name: 'Bo' } });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: again.read })).statusCode).toBe(200);
  });

  it('does not accept an expired session', async () => {
    await createUser(app, 'ada@example.org', 'assessor');
    const s = await login(app, 'ada@example.org');
    (await tables.exec(app, "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'"));
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: s.read })).statusCode).toBe(401);
  });

  it('keeps an admin from locking themselves out', async () => {
    const { user, session } = await signedIn(app, 'root@example.org', 'admin');
    const res = await app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: session.write, payload: { role: 'assessor' } });
    expect(res.statusCode).toBe(409);
  });
});

describe('set-password links', () => {
  it('invites a person: no password until they set one through a one-time link', async () => {
    const { session } = await signedIn(app, 'root@example.org', 'admin');
    const res = await app.inject({ method: 'POST', url: '/api/users', headers: session.write, payload: { email: 'new@example.org', name: 'Nieuw', role: 'assessor' } });
    expect(res.statusCode).toBe(201);
    const { user, link } = res.json();
    expect(user).toMatchObject({ email: 'new@example.org', active: false });
    expect(link.setPasswordPath).toMatch(/^\/staff\/set-password#[A-Za-z0-9_-]{43}$/);
    const token = link.setPasswordPath.split('#')[1];
    expect(JSON.stringify((await tables.rows(app, 'SELECT * FROM password_tokens')))).not.toContain(token);

    const info = await app.inject({ method: 'POST', url: '/api/auth/password-token', payload: { token } });
    expect(info.json()).toMatchObject({ email: 'new@example.org', purpose: 'invite' });
    const short = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'too short' } });
    expect(short.statusCode).toBe(400);
    const set = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'my own long passphrase' } });
    expect(set.statusCode).toBe(200);
    await login(app, 'new@example.org', 'my own long passphrase');
    const twice = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'another long passphrase' } });
    expect(twice.statusCode).toBe(404);
    await login(app, 'new@example.org', 'my own long passphrase');
  });

  it('resets a password with an admin-issued link; only the latest link works, and it ends old sessions', async () => {
    const { session: admin } = await signedIn(app, 'root@example.org', 'admin');
    const { user, session } = await signedIn(app, 'bo@example.org', 'assessor');
    const first = (await app.inject({ method: 'POST', url: `/api/users/${user.id}/reset-link`, headers: admin.write })).json();
    const second = (await app.inject({ method: 'POST', url: `/api/users/${user.id}/reset-link`, headers: admin.write })).json();
    const [t1, t2] = [first.setPasswordPath.split('#')[1], second.setPasswordPath.split('#')[1]];
    expect((await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token: t1, password: 'reset passphrase one' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token: t2, password: 'reset passphrase two' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session.read })).statusCode).toBe(401);
    await login(app, 'bo@example.org', 'reset passphrase two');
  });

  it('refuses an expired link', async () => {
    const user = await app.staffRepos.users.create({ email: 'late@example.org', name: '', role: 'assessor' });
    const token = await app.staffRepos.users.issuePasswordToken(user.id, 'invite', 1);
    (await tables.exec(app, "UPDATE password_tokens SET expires_at = '2000-01-01T00:00:00.000Z'"));
    const res = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'a fine long passphrase' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/expired/);
  });

  it('creates the first admin from the command line with a link, never a password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-admin-'));
    const config = defaultConfig({
      databasePath: join(dir, 'z.db'), clientDir: null, rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
      questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), publicUrl: 'https://toets.example.org',
    });
    const result = await createAdmin(config, 'first@example.org', 'First');
    expect(result.created).toBe(true);
    expect(result.link).toMatch(/^https:\/\/toets\.example\.org\/staff\/set-password#[A-Za-z0-9_-]{43}$/);
    await expect(createAdmin(config, 'not an email')).rejects.toThrow(/not an email/);
    const server = await buildApp(config);
    const row = (await server.staffRepos.users.findByEmail('first@example.org'))!;
    expect(row).toMatchObject({ role: 'admin', password_hash: null });
    const res = await server.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token: result.link.split('#')[1], password: 'the first admin phrase' } });
    expect(res.statusCode).toBe(200);
    await login(server, 'first@example.org', 'the first admin phrase');
    await server.close();
  });
});
