// API keys: created, listed and revoked by managers, stored hashed; a key reads its own programme only.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/auth/tokens.js';
import { assign, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
let manager: Session;
let p: { id: string; joinCode: string };
let other: { id: string; joinCode: string };
beforeEach(async () => {
  app = await staffApp({ cohortMinGroup: 1 });
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  p = await createProgramme(app, admin, { name: 'Cohort A', kind: 'cohort' });
  other = await createProgramme(app, admin, { name: 'Cohort B', kind: 'cohort' });
  await createUser(app, 'manager@example.org', 'manager');
  await assign(app, admin, p.id, 'manager@example.org', 'manager');
  manager = await login(app, 'manager@example.org');
});
afterEach(async () => {
  await app.close();
});

const withKey = (key: string, url: string) => app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });

describe('API keys', () => {
  it('shows a key once, keeps only its hash, reads the programme\'s submissions and cohort, and stops working when revoked', async () => {
    const created = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } });
    expect(created.statusCode, created.body).toBe(201);
    const { key, id, prefix } = created.json();
    expect(key).toMatch(/^ztk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const stored = (await tables.row(app, 'SELECT * FROM api_keys WHERE id = ?', id)) as Record<string, unknown>;
    expect(stored.key_hash).toBe(sha256(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    const list = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/api-keys`, headers: manager.read });
    expect(list.json()).toEqual([expect.objectContaining({ id, name: 'CRM', prefix, revokedAt: null })]);
    expect(list.body).not.toContain(key);

    const mine = await submittedResponse(app);
    await share(app, mine, p.joinCode, 'Eigen Startup');
    await share(app, await submittedResponse(app), other.joinCode, 'Andermans Startup');
    const subs = await withKey(key, '/api/integration/submissions');
    expect(subs.statusCode, subs.body).toBe(200);
    expect(subs.json()).toMatchObject({ programme: { id: p.id }, total: 1, items: [{ id: mine.id, name: 'Eigen Startup' }] });
    expect(Object.keys(subs.json().items[0].values)).toHaveLength(app.catalog.values.length);
    expect(subs.body).not.toContain('Andermans');
    const figures = await withKey(key, '/api/integration/cohort');
    expect(figures.statusCode).toBe(200);
    expect(figures.json()).toMatchObject({ teams: 1, threshold: 1 });
    expect(figures.json().teamList).toBeUndefined();
    expect((await app.integration.apiKeys.find(id))!.last_used_at).not.toBeNull();

    const revoked = await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/api-keys/${id}`, headers: manager.write });
    expect(revoked.statusCode).toBe(204);
    expect((await withKey(key, '/api/integration/submissions')).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/api-keys/${id}`, headers: manager.write })).statusCode).toBe(404);
  });

  it('refuses missing, malformed and unknown keys, and staff sessions, on the integration API', async () => {
    for (const headers of [{}, { 'x-api-key': 'nope' }, { 'x-api-key': `ztk_${'a'.repeat(43)}` }, manager.read]) {
      const res = await app.inject({ method: 'GET', url: '/api/integration/cohort', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/API key/);
    }
  });

  // Nothing bounded them, while the list showed the newest 200 rows, revoked ones included: an active
  // key could drop out of sight, and so out of reach of revoking.
  it('takes at most 50 active keys per programme, and lists every active one first', async () => {
    const create = () => app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } });
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await create();
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    expect((await create()).json()).toMatchObject({ statusCode: 409, code: 'api-keys-full' });
    expect(Number(await tables.value(app, 'SELECT count(*) FROM api_keys'))).toBe(50);
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/api-keys/${ids[0]}`, headers: manager.write })).statusCode).toBe(204);
    const again = await create();
    expect(again.statusCode).toBe(201);
    ids[0] = again.json().id;

    for (let i = 0; i < 250; i++) {
      await tables.exec(app, 'INSERT INTO api_keys (id, programme_id, name, key_hash, prefix, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        `revoked-${String(i).padStart(14, '0')}`, p.id, 'old', `hash-${i}`, 'ztk_xxxxxx', '2099-01-01T00:00:00.000Z', '2099-01-02T00:00:00.000Z');
    }
    const listed = (await app.inject({ url: `/api/programmes/${p.id}/api-keys`, headers: manager.read })).json();
    expect(listed).toHaveLength(200);
    expect(listed.filter((k: { revokedAt: string | null }) => k.revokedAt === null).map((k: { id: string }) => k.id).sort()).toEqual([...ids].sort());
  });

  it('lets only the programme\'s managers manage its keys', async () => {
    const key = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'x' } })).json();
    // Another programme's key id does not revoke through this programme.
    const { session: admin } = await signedIn(app, 'admin2@example.org', 'admin');
    const otherKey = (await app.inject({ method: 'POST', url: `/api/programmes/${other.id}/api-keys`, headers: admin.write, payload: { name: 'y' } })).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/api-keys/${otherKey.id}`, headers: manager.write })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${other.id}/api-keys`, headers: manager.read })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.read, payload: { name: 'no csrf' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: '  ' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'a', extra: 1 } })).statusCode).toBe(400);
    expect(key.key).toBeDefined();
  });
});
