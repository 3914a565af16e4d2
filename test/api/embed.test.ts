// Embedding: the sites a programme lists may frame /embed/<code> and nothing else of the app.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseOrigin } from '../../server/integration/origins.js';
import { assign, createProgramme, createUser, login, signedIn, staffApp, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let manager: Session;
let p: { id: string; joinCode: string };
beforeEach(async () => {
  const clientDir = mkdtempSync(join(tmpdir(), 'zelftoets-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>app</title>');
  app = await staffApp({ clientDir });
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  p = await createProgramme(app, admin, { name: 'Incubator', kind: 'cohort' });
  await createUser(app, 'manager@example.org', 'manager');
  await assign(app, admin, p.id, 'manager@example.org', 'manager');
  manager = await login(app, 'manager@example.org');
});
afterEach(async () => {
  await app.close();
});

const frameAncestors = (res: { headers: Record<string, unknown> }) => /frame-ancestors ([^;]*)/.exec(String(res.headers['content-security-policy']))?.[1];
const setOrigins = (origins: string[]) => app.inject({ method: 'PUT', url: `/api/programmes/${p.id}/embed`, headers: manager.write, payload: { origins } });

describe('embedding', () => {
  it('frames /embed/<code> for exactly the listed sites, and nothing else', async () => {
    const before = await app.inject({ method: 'GET', url: `/embed/${p.joinCode}` });
    expect(before.statusCode).toBe(200);
    expect(frameAncestors(before)).toBe("'none'");

    const set = await setOrigins(['https://incubator.example', 'https://incubator.example/', 'http://localhost:8080']);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ origins: ['http://localhost:8080', 'https://incubator.example'], embedPath: `/embed/${p.joinCode}`, scriptPath: '/embed.js' });

    const page = await app.inject({ method: 'GET', url: `/embed/${p.joinCode}?area=ai&lang=en` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(frameAncestors(page)).toBe('http://localhost:8080 https://incubator.example');
    expect(page.headers['x-frame-options']).toBeUndefined();
    // Only framing changes: the rest of the policy stays as strict as elsewhere.
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    // Typed forgivingly, as join codes are.
    expect(frameAncestors(await app.inject({ method: 'GET', url: `/embed/${p.joinCode.toLowerCase()}` }))).toContain('https://incubator.example');

    for (const url of ['/', `/join/${p.joinCode}`, '/staff', `/embed/ABCDEFGH`, '/api/health', `/api/embed/${p.joinCode}`]) {
      const res = await app.inject({ method: 'GET', url });
      expect(frameAncestors(res), url).toBe("'none'");
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }

    const info = await app.inject({ method: 'GET', url: `/api/embed/${p.joinCode}` });
    expect(info.json()).toMatchObject({ code: p.joinCode, name: 'Incubator', open: true, origins: ['http://localhost:8080', 'https://incubator.example'] });
    expect((await app.inject({ method: 'GET', url: '/api/embed/ABCDEFGH' })).statusCode).toBe(404);

    expect((await setOrigins([])).json().origins).toEqual([]);
    expect(frameAncestors(await app.inject({ method: 'GET', url: `/embed/${p.joinCode}` }))).toBe("'none'");
  });

  it('tells the frame an archived programme is closed, as the join page does, before the startup takes the whole test', async () => {
    const open = async () => ({
      embed: (await app.inject({ method: 'GET', url: `/api/embed/${p.joinCode}` })).json().open,
      join: (await app.inject({ method: 'GET', url: `/api/join/${p.joinCode}` })).json().open,
    });
    expect(await open()).toEqual({ embed: true, join: true });
    const archived = await app.inject({ method: 'PATCH', url: `/api/programmes/${p.id}`, headers: manager.write, payload: { archived: true } });
    expect(archived.statusCode, archived.body).toBe(200);
    // Sharing is refused (programme-archived), so the frame must not offer the test as open.
    expect(await open()).toEqual({ embed: false, join: false });
  });

  it('an archived programme is read-only here too: no new sites, keys or webhooks, while revoking still works', async () => {
    const key = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } })).json();
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${p.id}`, headers: manager.write, payload: { archived: true } })).statusCode).toBe(200);
    const writes = [
      await setOrigins(['https://incubator.example']),
      await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'Another' } }),
      await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url: 'https://hooks.example.org/x', events: ['submission.withdrawn'] } }),
    ];
    expect(writes.map((r) => [r.statusCode, r.json().code])).toEqual(Array(3).fill([409, 'programme-archived']));
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/embed`, headers: manager.read })).json().origins).toEqual([]);
    // A key that leaks after archiving can still be revoked.
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${p.id}/api-keys/${key.id}`, headers: manager.write })).statusCode).toBe(204);
  });

  it('accepts sites only: https (http for localhost), no paths, no wildcards', async () => {
    expect(normaliseOrigin('https://Incubator.Example:443')).toEqual({ origin: 'https://incubator.example' });
    expect(normaliseOrigin('http://127.0.0.1:5000')).toEqual({ origin: 'http://127.0.0.1:5000' });
    for (const bad of ['http://incubator.example', 'https://incubator.example/cohort', 'https://*.example', "'self'", 'javascript:alert(1)', 'https://a.example?x=1', 'https://a.example; script-src *']) {
      expect('error' in normaliseOrigin(bad), bad).toBe(true);
    }
    const res = await setOrigins(['https://ok.example', 'https://x.example; frame-ancestors *']);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^origins\/1: /);
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/embed`, headers: manager.read })).json().origins).toEqual([]);
  });
});
