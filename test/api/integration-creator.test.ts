// API keys and webhooks act for the person who created them: they work only while that person may
// still manage the programme. Taken off the programme, disabled, or no longer a manager: the keys
// stop authenticating and the webhooks stop delivering, with a reason in the log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assign, createProgramme, createUser, login, signedIn, staffApp, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
let receiver: Server;
let received: string[];
let hookUrl: string;
let admin: Session;
let manager: Session;
let managerId: string;
let p: { id: string; joinCode: string };

beforeEach(async () => {
  received = [];
  receiver = createServer((req, res) => {
    received.push(String(req.headers['x-zelftoets-delivery']));
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  app = await staffApp({ webhookAllowInsecure: true, webhookPollMs: 50, webhookRetryBaseMs: 100 });
  ({ session: admin } = await signedIn(app, 'admin@example.org', 'admin'));
  p = await createProgramme(app, admin, { name: 'Cohort', kind: 'cohort' });
  managerId = (await createUser(app, 'manager@example.org', 'manager')).id;
  await app.staffRepos.users.update(managerId, { name: 'Mia Manager', role: 'manager', disabledAt: null });
  await assign(app, admin, p.id, 'manager@example.org', 'manager');
  manager = await login(app, 'manager@example.org');
});
afterEach(async () => {
  await app.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function keyAndHook() {
  const key = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } })).json();
  const hook = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url: hookUrl, events: ['submission.shared'] } })).json();
  return { key, hook };
}
const useKey = (key: string) => app.inject({ method: 'GET', url: '/api/integration/cohort', headers: { 'x-api-key': key } });
const deliveries = (hookId: string) => app.integration.webhooks.deliveries(hookId);
const emit = () => app.integration.emit(p.id, 'submission.shared', { submission: { id: 'x' } });

const losses: Array<[string, () => Promise<unknown>]> = [
  ['taken off the programme', () => app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/members/${managerId}`, headers: admin.write })],
  ['disabled', () => app.inject({ method: 'PATCH', url: `/api/users/${managerId}`, headers: admin.write, payload: { disabled: true } })],
  ['made an assessor', () => app.inject({ method: 'PATCH', url: `/api/users/${managerId}`, headers: admin.write, payload: { role: 'assessor' } })],
];

describe('API keys and webhooks after their creator loses access', () => {
  it('the key list says who created each key and when it was last used', async () => {
    const { key } = await keyAndHook();
    expect((await useKey(key.key)).statusCode).toBe(200);
    const list = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/api-keys`, headers: admin.read })).json();
    expect(list).toEqual([expect.objectContaining({
      id: key.id, createdBy: { id: managerId, email: 'manager@example.org', name: 'Mia Manager' }, creatorHasAccess: true,
      lastUsedAt: expect.stringMatching(/^\d{4}-/),
    })]);
    const hooks = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/webhooks`, headers: admin.read })).json();
    expect(hooks[0]).toMatchObject({ createdBy: { email: 'manager@example.org' }, creatorHasAccess: true });
  });

  it.each(losses)('creator %s: the key answers 401 with a code, pending and new deliveries fail with the reason', async (_, lose) => {
    const { key, hook } = await keyAndHook();
    expect((await useKey(key.key)).statusCode).toBe(200);
    // A delivery that is pending when access goes: the receiver is down for its first attempt.
    (await tables.exec(app, 'UPDATE webhooks SET url = ? WHERE id = ?', 'http://127.0.0.1:9/closed', hook.id));
    await emit();
    await expect.poll(async () => (await deliveries(hook.id))[0]?.attempts).toBe(1);
    (await tables.exec(app, 'UPDATE webhooks SET url = ? WHERE id = ?', hookUrl, hook.id));

    expect(((await lose()) as { statusCode: number }).statusCode).toBeLessThan(300);
    const refused = await useKey(key.key);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ statusCode: 401, code: 'api-key-creator-lost-access' });
    expect(refused.json().message).toMatch(/no longer manages/);

    await emit();
    await expect.poll(async () => (await deliveries(hook.id)).map((d) => d.state), { timeout: 5000 }).toEqual(['failed', 'failed']);
    for (const d of await deliveries(hook.id)) expect(d.last_error).toMatch(/no longer manages/);
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual([]);

    const list = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/api-keys`, headers: admin.read })).json();
    expect(list[0]).toMatchObject({ creatorHasAccess: false, revokedAt: null });
  });

  it('keys and webhooks of a creator who keeps access go on working, and an admin\'s work while they are admin', async () => {
    const { key, hook } = await keyAndHook();
    // Another manager leaving changes nothing for this manager's key.
    await createUser(app, 'other@example.org', 'manager');
    await assign(app, admin, p.id, 'other@example.org', 'manager');
    const other = (await app.staffRepos.users.findByEmail('other@example.org'))!;
    await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/members/${other.id}`, headers: admin.write });
    expect((await useKey(key.key)).statusCode).toBe(200);
    await emit();
    await expect.poll(() => received.length).toBe(1);
    await expect.poll(async () => (await deliveries(hook.id))[0].state).toBe('delivered');
    const adminKey = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: admin.write, payload: { name: 'admin' } })).json();
    expect((await useKey(adminKey.key)).statusCode).toBe(200);
  });
});
