// An editor is never a programme member, so sees no submissions (docs/accounts.md, "Roles"). A member
// whose role an admin changes to editor keeps their membership row; it must no longer open anything.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

describe('a programme member made an editor', () => {
  it('sees none of the programme: not it, its list, its CSV, nor a submission (404 as for any programme not theirs)', async () => {
    const programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
    const person = await createUser(app, 'anna@example.org', 'assessor');
    await app.staffRepos.programmes.addMember(programme.id, person.id);
    const startup = await submittedResponse(app);
    await share(app, startup, programme.joinCode, 'Acme Analytics');

    const assigned = await app.inject({ method: 'POST', url: `/api/submissions/${startup.id}/assignments`, headers: admin.write, payload: { assessorId: person.id } });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const changed = await app.inject({ method: 'PATCH', url: `/api/users/${person.id}`, headers: admin.write, payload: { role: 'editor' } });
    expect(changed.statusCode, changed.body).toBe(200);
    const editor = await login(app, 'anna@example.org');

    for (const url of [
      `/api/programmes/${programme.id}`,
      `/api/programmes/${programme.id}/submissions`,
      `/api/programmes/${programme.id}/export.csv`,
      `/api/submissions/${startup.id}`,
      `/api/submissions/${startup.id}/clarifications`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: editor.read });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(404);
      expect(res.body).not.toContain('Acme Analytics');
    }
    const list = await app.inject({ method: 'GET', url: '/api/programmes', headers: editor.read });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([]);
    const tasks = await app.inject({ method: 'GET', url: '/api/me/tasks', headers: editor.read });
    expect(tasks.statusCode).toBe(200);
    expect(tasks.json().items).toEqual([]);
  });
});
