// What a programme's manager may do with accounts (issue 10, hygiene): add assessors they already work
// with, nothing else. They cannot create accounts, never get a set-password link, and cannot tell from
// the answer whether an email has an account.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgramme, createUser, login, signedIn, staffApp, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

describe('a manager and accounts of people outside their programmes', () => {
  it('answers alike for new addresses and for every account outside the manager\'s programmes, and hands out no link', async () => {
    const mine = await createProgramme(app, admin, { name: 'Mine' });
    const elsewhere = await createProgramme(app, admin, { name: 'Elsewhere' });
    const manager = await createUser(app, 'manager@example.org', 'manager');
    await app.staffRepos.programmes.addMember(mine.id, manager.id);
    const session = await login(app, 'manager@example.org');

    const outsider = await createUser(app, 'outsider@example.org', 'assessor');
    await app.staffRepos.programmes.addMember(elsewhere.id, outsider.id);
    await createUser(app, 'loose@example.org', 'assessor');
    await createUser(app, 'boss@example.org', 'manager');
    await createUser(app, 'root@example.org', 'admin');

    const add = (email: string, role = 'assessor') =>
      app.inject({ method: 'POST', url: `/api/programmes/${mine.id}/members`, headers: session.write, payload: { email, role } });
    const answers = [];
    for (const email of ['new-person@example.org', 'outsider@example.org', 'loose@example.org', 'boss@example.org', 'root@example.org']) {
      const res = await add(email);
      answers.push({ status: res.statusCode, body: res.json() });
      expect(res.body).not.toContain('set-password');
    }
    expect(answers[0].status).toBe(404);
    for (const a of answers) expect(a).toEqual(answers[0]);
    // Nothing was created or assigned.
    expect(await app.staffRepos.users.findByEmail('new-person@example.org')).toBeUndefined();
    expect((await app.staffRepos.programmes.members(mine.id)).map((u) => u.email)).toEqual(['manager@example.org']);

    // Other roles are refused whatever the email.
    const known = await add('boss@example.org', 'manager');
    const unknown = await add('nobody@example.org', 'manager');
    expect(known.statusCode).toBe(403);
    expect(unknown.json()).toEqual(known.json());
  });

  it('adds an assessor who already works in one of the manager\'s programmes', async () => {
    const first = await createProgramme(app, admin, { name: 'First' });
    const second = await createProgramme(app, admin, { name: 'Second' });
    const manager = await createUser(app, 'manager@example.org', 'manager');
    await app.staffRepos.programmes.addMember(first.id, manager.id);
    await app.staffRepos.programmes.addMember(second.id, manager.id);
    const colleague = await createUser(app, 'colleague@example.org', 'assessor');
    await app.staffRepos.programmes.addMember(first.id, colleague.id);
    const session = await login(app, 'manager@example.org');

    const res = await app.inject({ method: 'POST', url: `/api/programmes/${second.id}/members`, headers: session.write, payload: { email: 'Colleague@example.org', role: 'assessor' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ user: { email: 'colleague@example.org', role: 'assessor' }, link: null });
    expect((await app.staffRepos.programmes.programmeIdsOf(colleague.id)).has(second.id)).toBe(true);
  });

  it('leaves inviting new people to administrators, who get the link', async () => {
    const p = await createProgramme(app, admin);
    const res = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/members`, headers: admin.write, payload: { email: 'fresh@example.org', role: 'assessor' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().link.setPasswordPath).toMatch(/^\/staff\/set-password#/);
  });

  it('takes off only its own programme\'s assessors, and answers alike for any other id', async () => {
    const p = await createProgramme(app, admin);
    const manager = await createUser(app, 'manager@example.org', 'manager');
    await app.staffRepos.programmes.addMember(p.id, manager.id);
    const session = await login(app, 'manager@example.org');
    const otherManager = await createUser(app, 'other-manager@example.org', 'manager');
    const remove = (userId: string) => app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/members/${userId}`, headers: session.write });
    const stranger = await remove(otherManager.id);
    const missing = await remove('AAAAAAAAAAAAAAAAAAAAAA');
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json()).toEqual(missing.json());
  });
});
