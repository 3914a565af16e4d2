// Issue 14, accounts and programmes: the staff walkthrough's defects 8, 9, 10, 11 and 23
// (/work/shared/reviews/walkthrough-staff.md). Runs on both engines (TEST_ENGINE=postgres).
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/client.js';
import { locale } from '../../client/src/i18n/i18n.js';
import * as texts from '../../client/src/i18n/messages.errors.js';
import { errorText } from '../../client/src/logic/errors.js';
import { isErrorCode } from '../../core/error-codes.js';
import { createAdmin } from '../../server/cli/create-admin.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture } from '../helpers/app.js';
import * as tables from '../helpers/db.js';
import {
  assign, bearer, cookieFrom, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session,
} from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
// A second area, so that changing a programme's areas can be tried.
const mini = readFixture('mini.json');
const questionnairesDir = fixtureDir({ 'mini.json': mini, 'mini-xr.json': { ...mini, id: 'mini-xr', area: 'xr' } });
beforeEach(async () => {
  app = await staffApp({ publicUrl: 'https://toets.example.org', questionnairesDir });
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  locale.value = 'nl';
  await app.close();
});

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
  app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const tokenOf = (link: { setPasswordPath: string }) => link.setPasswordPath.split('#')[1];
const future = () => new Date(Date.now() + 30 * 86400_000).toISOString();
const past = () => new Date(Date.now() - 86400_000).toISOString();

describe('staff #8: the first admin\'s set-password link', () => {
  it('staff #8: create-admin prints the link on PUBLIC_URL, refuses without it, and warns when it is a local address', async () => {
    const dir = () => join(mkdtempSync(join(tmpdir(), 'zelftoets-8-')), 'z.db');
    await expect(createAdmin(defaultConfig({ databasePath: dir() }), 'first@example.org')).rejects.toThrow(/PUBLIC_URL must be set/);
    const right = await createAdmin(defaultConfig({ databasePath: dir(), publicUrl: 'https://toets.example.org' }), 'first@example.org');
    expect(right.link).toMatch(/^https:\/\/toets\.example\.org\/staff\/set-password#[\w-]{43}$/);
    expect(right.warning).toBeNull();
    const local = await createAdmin(defaultConfig({ databasePath: dir(), publicUrl: 'http://localhost:3000' }), 'first@example.org');
    expect(local.link.startsWith('http://localhost:3000/staff/set-password#')).toBe(true);
    expect(local.warning).toMatch(/only .*this machine.*3000/);
  });
});

describe('staff #9: server errors show in Dutch in the Dutch interface', () => {
  it('staff #9: every message the walkthrough saw comes with a code the interface words in Dutch (and English)', async () => {
    const { session: manager } = await signedIn(app, 'manager@example.org', 'manager');
    const { session: assessor } = await signedIn(app, 'assessor@example.org', 'assessor');
    const p = await createProgramme(app, admin);
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Lumen Labs');
    const seen = [
      await inject('POST', '/api/auth/login', {}, { email: 'admin@example.org', password: 'not the password at all' }),
      await inject('POST', '/api/auth/password-token', {}, { token: 'x'.repeat(43) }),
      await inject('PUT', `/api/submissions/${r.id}/status`, assessor.write, { status: 'in_review' })
        .then(() => inject('PUT', `/api/submissions/${r.id}/status`, assessor.write, { status: 'reviewed' })),
      await inject('PUT', `/api/programmes/${p.id}/embed`, manager.write, { origins: ['https://incubator.example/path'] }),
      await inject('POST', `/api/programmes/${p.id}/api-keys`, manager.write, { name: '' }),
      await inject('POST', `/api/programmes/${p.id}/webhooks`, manager.write, { url: 'http://hooks.example.org/x', events: ['review.submitted'] }),
      await inject('POST', `/api/programmes/${p.id}/webhooks`, manager.write, { url: 'https://127.0.0.1/x', events: ['review.submitted'] }),
      await inject('GET', '/api/submissions/AAAAAAAAAAAAAAAAAAAAAA', assessor.read),
    ];
    const codes = seen.map((res) => res.json().code as string);
    expect(codes).toEqual([
      'wrong-credentials', 'password-link-invalid', 'review-required', 'invalid-origin', 'invalid-request',
      'invalid-webhook-url', 'invalid-webhook-url', 'submission-not-found',
    ]);
    for (const res of seen) {
      const body = res.json() as { code: string; message: string };
      expect(isErrorCode(body.code)).toBe(true);
      const err = new ApiError(res.statusCode, body.message, body.code);
      locale.value = 'nl';
      expect(errorText(err)).toBe(texts.nl[body.code as keyof typeof texts.nl]);
      expect(errorText(err)).not.toContain(body.message);
      locale.value = 'en';
      expect(errorText(err)).toBe(texts.en[body.code as keyof typeof texts.en]);
    }
    // For the first admin "ask an administrator" leads nowhere: the text names the way back too.
    expect(texts.nl['password-link-invalid']).toMatch(/create-admin/);
    expect(texts.en['password-link-invalid']).toMatch(/create-admin/);
  });
});

describe('staff #10: invitation links', () => {
  it('staff #10: inviting an already invited person again issues (and mails) a new link; the old one stops working', async () => {
    const first = await inject('POST', '/api/users', admin.write, { email: 'alice@example.org', name: 'Alice', role: 'assessor' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ reissued: false, mail: { state: 'outbox' } });
    const again = await inject('POST', '/api/users', admin.write, { email: 'Alice@example.org', role: 'assessor' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ reissued: true, user: { email: 'alice@example.org', name: 'Alice' }, mail: { state: 'outbox' } });
    expect(tokenOf(again.json().link)).not.toBe(tokenOf(first.json().link));
    expect((await inject('POST', '/api/auth/password-token', {}, { token: tokenOf(first.json().link) })).statusCode).toBe(404);
    expect((await inject('POST', '/api/auth/password-token', {}, { token: tokenOf(again.json().link) })).statusCode).toBe(200);
    expect(Number(await tables.value(app, "SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'alice@example.org'"))).toBe(2);
    // Someone who set a password, or with another role, is still a conflict.
    await createUser(app, 'bob@example.org', 'assessor');
    expect((await inject('POST', '/api/users', admin.write, { email: 'bob@example.org', role: 'assessor' })).json().code).toBe('email-taken');
    expect((await inject('POST', '/api/users', admin.write, { email: 'alice@example.org', role: 'manager' })).json().code).toBe('email-taken');
  });

  it('staff #10: added from the programme page with a name, mailed, and the set-password page learns programme and inviter from the server', async () => {
    const p = await createProgramme(app, admin, { name: 'Subsidieregeling Deeptech' });
    await app.staffRepos.users.update((await app.staffRepos.users.findByEmail('admin@example.org'))!.id, { name: 'Ada Beheer', role: 'admin', disabledAt: null });
    const added = await inject('POST', `/api/programmes/${p.id}/members`, admin.write, { email: 'carol@example.org', name: 'Carol Kant', role: 'assessor' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ user: { name: 'Carol Kant' }, reissued: false, mail: { state: 'outbox' } });
    const info = await inject('POST', '/api/auth/password-token', {}, { token: tokenOf(added.json().link) });
    expect(info.json()).toEqual({ email: 'carol@example.org', purpose: 'invite', invitedBy: 'Ada Beheer', programme: 'Subsidieregeling Deeptech' });
    const mail = await tables.row<{ text_body: string }>(app, "SELECT text_body FROM mail_outbox WHERE recipient = 'carol@example.org'");
    expect(mail!.text_body).toContain('Carol Kant');
    // Added again while the invitation is pending: a new link, said so.
    const again = await inject('POST', `/api/programmes/${p.id}/members`, admin.write, { email: 'carol@example.org', role: 'assessor' });
    expect(again.json()).toMatchObject({ reissued: true, link: { setPasswordPath: expect.stringMatching(/^\/staff\/set-password#/) } });
    expect((await inject('POST', '/api/auth/password-token', {}, { token: tokenOf(added.json().link) })).statusCode).toBe(404);
  });

  it('staff #10: a manager re-issues an invitation of an assessor on their programme; it is mailed, never handed to the manager', async () => {
    const p = await createProgramme(app, admin);
    const other = await createProgramme(app, admin, { name: 'Ander programma' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    const manager = await login(app, 'manager@example.org');
    const invited = await inject('POST', `/api/programmes/${p.id}/members`, admin.write, { email: 'dave@example.org', role: 'assessor' });
    const dave = invited.json().user.id as string;
    const mgr = (await app.staffRepos.users.findByEmail('manager@example.org'))!;

    const res = await inject('POST', `/api/programmes/${p.id}/members/${dave}/invitation`, manager.write);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ user: { id: dave }, link: null, mail: { state: 'outbox' } });
    expect((await inject('POST', '/api/auth/password-token', {}, { token: tokenOf(invited.json().link) })).statusCode).toBe(404);
    const mails = await tables.rows<{ text_body: string }>(app, "SELECT text_body FROM mail_outbox WHERE recipient = 'dave@example.org' ORDER BY created_at");
    expect(mails).toHaveLength(2);
    expect(mails[1].text_body).toContain(mgr.name);
    // Admins get the link as well.
    const byAdmin = await inject('POST', `/api/programmes/${p.id}/members/${dave}/invitation`, admin.write);
    expect(byAdmin.json().link.setPasswordPath).toMatch(/^\/staff\/set-password#/);
    // Re-adding as the manager (dave works in the manager's programme) re-issues too, without a link.
    const readd = await inject('POST', `/api/programmes/${p.id}/members`, manager.write, { email: 'dave@example.org', role: 'assessor' });
    expect(readd.json()).toMatchObject({ reissued: true, link: null, mail: { state: 'outbox' } });
    // Not for a manager, not outside the programme, not for someone who set a password.
    expect((await inject('POST', `/api/programmes/${p.id}/members/${mgr.id}/invitation`, manager.write)).statusCode).toBe(403);
    expect((await inject('POST', `/api/programmes/${other.id}/members/${dave}/invitation`, manager.write)).statusCode).toBe(404);
    await createUser(app, 'erin@example.org', 'assessor');
    await assign(app, admin, p.id, 'erin@example.org', 'assessor');
    const erin = (await app.staffRepos.users.findByEmail('erin@example.org'))!;
    const active = await inject('POST', `/api/programmes/${p.id}/members/${erin.id}/invitation`, manager.write);
    expect(active.statusCode).toBe(409);
    expect(active.json().code).toBe('invitation-not-pending');
  });
});

describe('staff #11: after setting a password', () => {
  it('staff #11: the person is signed in at once (session cookie, CSRF token) and can work', async () => {
    const invited = await inject('POST', '/api/users', admin.write, { email: 'fay@example.org', role: 'assessor' });
    const set = await inject('POST', '/api/auth/set-password', {}, { token: tokenOf(invited.json().link), password: 'a long enough passphrase' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ user: { email: 'fay@example.org', active: true }, csrfToken: expect.any(String) });
    const cookie = cookieFrom(set);
    const me = await inject('GET', '/api/auth/me', { cookie });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('fay@example.org');
    const write = await inject('POST', '/api/auth/password', { cookie, 'x-csrf-token': set.json().csrfToken }, { currentPassword: 'a long enough passphrase', newPassword: 'another long passphrase' });
    expect(write.statusCode).toBe(200);
  });
});

describe('staff #23: programme settings and lifecycle', () => {
  it('staff #23: a deadline in the past is refused on create and on edit unless allowPastDeadline; an unchanged one does not block a rename', async () => {
    const refused = await inject('POST', '/api/programmes', admin.write, { name: 'Oud', kind: 'subsidy', areas: ['ai'], deadline: '2026-01-01T00:00:00.000Z' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'deadline-in-past', statusCode: 400, error: expect.any(String), message: expect.stringMatching(/allowPastDeadline/) });
    const forced = await inject('POST', '/api/programmes', admin.write, { name: 'Oud', kind: 'subsidy', areas: ['ai'], deadline: past(), allowPastDeadline: true });
    expect(forced.statusCode).toBe(201);
    expect(forced.json()).toMatchObject({ open: false, archived: false });
    expect((await inject('PATCH', `/api/programmes/${forced.json().id}`, admin.write, { name: 'Oud 2', deadline: forced.json().deadline })).statusCode).toBe(200);

    const p = await createProgramme(app, admin, { deadline: future() });
    expect((await inject('GET', `/api/programmes/${p.id}`, admin.read)).json().open).toBe(true);
    const moved = await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { deadline: past() });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().code).toBe('deadline-in-past');
    const closed = await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { deadline: past(), allowPastDeadline: true });
    expect(closed.json()).toMatchObject({ open: false });
  });

  // A leap second passes the date-time format but is no moment JavaScript can read: it was stored, and
  // a deadline that never compared as passed left sharing open for good (and sent no reminders).
  it('staff #23: a deadline at a leap second is refused on create and on edit, and nothing changes', async () => {
    const created = await inject('POST', '/api/programmes', admin.write, { name: 'Sprong', kind: 'subsidy', areas: ['ai'], deadline: '2016-12-31T23:59:60Z', allowPastDeadline: true });
    expect(created.json()).toMatchObject({ statusCode: 400, code: 'invalid-request', message: expect.stringMatching(/deadline/) });
    const deadline = future();
    const p = await createProgramme(app, admin, { deadline });
    const moved = await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { deadline: '2099-12-31T23:59:60Z' });
    expect(moved.json()).toMatchObject({ statusCode: 400, code: 'invalid-request', message: expect.stringMatching(/deadline/) });
    expect((await inject('GET', `/api/programmes/${p.id}`, admin.read)).json()).toMatchObject({ deadline, open: true });
  });

  // minLength counted the spaces, which were then trimmed away: a programme named "" was stored, to be
  // shown so on the join page and in every list.
  it('staff #23: a programme name of only spaces is refused with name-required, on create and on edit', async () => {
    const created = await inject('POST', '/api/programmes', admin.write, { name: '   ', kind: 'subsidy', areas: ['ai'] });
    expect(created.json()).toMatchObject({ statusCode: 400, code: 'name-required' });
    const p = await createProgramme(app, admin, { name: 'Echt' });
    const renamed = await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { name: ' \t ' });
    expect(renamed.json()).toMatchObject({ statusCode: 400, code: 'name-required' });
    expect((await inject('GET', `/api/programmes/${p.id}`, admin.read)).json().name).toBe('Echt');
  });

  it('staff #23: areas and kind change while nothing is shared, and not after (programme-has-submissions)', async () => {
    const p = await createProgramme(app, admin, { areas: ['ai'] });
    const changed = await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { kind: 'cohort', areas: ['ai', 'xr'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ kind: 'cohort', areas: ['ai', 'xr'] });
    await share(app, await submittedResponse(app), p.joinCode, 'Lumen Labs');
    for (const body of [{ kind: 'subsidy' }, { areas: ['ai'] }]) {
      const res = await inject('PATCH', `/api/programmes/${p.id}`, admin.write, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('programme-has-submissions');
    }
    // Sending the same values back (a settings form) is not a change.
    expect((await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { name: 'Nieuw', kind: 'cohort', areas: ['xr', 'ai'] })).statusCode).toBe(200);
  });

  it('staff #23: an archived programme is hidden from lists by default, read-only, and can be un-archived', async () => {
    const { session: manager } = await signedIn(app, 'manager@example.org', 'manager');
    const p = await createProgramme(app, admin, { name: 'Cohort 2025' });
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    const archived = await inject('PATCH', `/api/programmes/${p.id}`, manager.write, { archived: true });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(archived.json()).toMatchObject({ archived: true, open: false });
    for (const s of [admin, manager]) {
      expect((await inject('GET', '/api/programmes', s.read)).json().map((x: { id: string }) => x.id)).not.toContain(p.id);
      expect((await inject('GET', '/api/programmes?archived=include', s.read)).json().map((x: { id: string }) => x.id)).toContain(p.id);
    }
    expect((await inject('GET', `/api/programmes/${p.id}`, manager.read)).statusCode).toBe(200);
    const attempts = [
      await inject('PATCH', `/api/programmes/${p.id}`, manager.write, { name: 'Anders' }),
      await inject('POST', `/api/programmes/${p.id}/members`, admin.write, { email: 'new@example.org', role: 'assessor' }),
    ];
    expect(attempts[0].json().code).toBe('programme-archived');
    expect(attempts[1].json().code).toBe('programme-archived');
    const r = await submittedResponse(app);
    const shareRes = await inject('PUT', `/api/responses/${r.id}/programme`, bearer(r.token), { code: p.joinCode, name: 'X', confirm: true });
    expect(shareRes.statusCode).toBe(409);
    expect(shareRes.json().code).toBe('programme-archived');
    expect((await inject('GET', `/api/join/${p.joinCode}`, {})).json().open).toBe(false);
    const back = await inject('PATCH', `/api/programmes/${p.id}`, manager.write, { archived: false });
    expect(back.json()).toMatchObject({ archived: false, open: true });
    expect((await inject('GET', '/api/programmes', manager.read)).json().map((x: { id: string }) => x.id)).toContain(p.id);
    const actions = await tables.rows<{ action: string }>(app, "SELECT action FROM audit_log WHERE action LIKE 'programme.%archive' ORDER BY id");
    expect(actions.map((a) => a.action)).toEqual(['programme.archive', 'programme.unarchive']);
  });

  it('staff #23: staff remove a submission on the startup\'s request, also after the deadline; audited, and the startup keeps its report', async () => {
    const { session: manager } = await signedIn(app, 'manager@example.org', 'manager');
    const { session: assessor } = await signedIn(app, 'assessor@example.org', 'assessor');
    const p = await createProgramme(app, admin, { deadline: future() });
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Kwantum Krypto');
    await inject('PATCH', `/api/programmes/${p.id}`, admin.write, { deadline: past(), allowPastDeadline: true });
    // The startup itself can no longer withdraw.
    expect((await inject('DELETE', `/api/responses/${r.id}/programme`, bearer(r.token))).json().code).toBe('deadline-passed');
    expect((await inject('DELETE', `/api/programmes/${p.id}/submissions/${r.id}`, assessor.write)).statusCode).toBe(403);
    const removed = await inject('DELETE', `/api/programmes/${p.id}/submissions/${r.id}`, manager.write);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await inject('DELETE', `/api/programmes/${p.id}/submissions/${r.id}`, manager.write)).json().code).toBe('submission-not-found');
    expect((await inject('GET', `/api/programmes/${p.id}/submissions`, assessor.read)).json().total).toBe(0);
    expect((await inject('GET', `/api/submissions/${r.id}`, assessor.read)).statusCode).toBe(404);
    // The startup's own test and report stay; only the share is gone.
    expect((await inject('GET', `/api/responses/${r.id}`, bearer(r.token))).statusCode).toBe(200);
    expect((await inject('GET', `/api/responses/${r.id}/programme`, bearer(r.token))).json()).toMatchObject({ programme: null });
    const entry = await tables.row<{ actor_type: string; actor_id: string; response_id: string }>(app,
      "SELECT actor_type, actor_id, response_id FROM audit_log WHERE action = 'submission.remove'");
    expect(entry).toMatchObject({ actor_type: 'user', actor_id: (await app.staffRepos.users.findByEmail('manager@example.org'))!.id, response_id: r.id });
  });
});
