// Issue 13: links use the address people reach (PUBLIC_URL). Malformed values stop start-up with a
// clear message; production refuses to start without one; the CLI never prints a guessed localhost
// link; the browser learns the address from GET /api/site, which never takes it from the Host header.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../server/cli/create-admin.js';
import { configFromEnv, defaultConfig } from '../../server/config.js';
import { openDb } from '../../server/db/connect.js';
import { testApp } from '../helpers/app.js';
import { linkTo, publicUrl } from '../../client/src/logic/links.js';

describe('PUBLIC_URL at start-up', () => {
  it('is an origin: trailing slash dropped, scheme and host lower-cased', () => {
    expect(configFromEnv({ PUBLIC_URL: 'https://toets.example.org/' }).publicUrl).toBe('https://toets.example.org');
    expect(configFromEnv({ PUBLIC_URL: 'HTTPS://Toets.Example.org:8443' }).publicUrl).toBe('https://toets.example.org:8443');
    expect(configFromEnv({ PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe('http://localhost:3000');
  });

  it('refuses anything but an http(s) origin, saying what is wrong', () => {
    for (const bad of ['toets.example.org', 'ftp://toets.example.org', 'https://toets.example.org/app', 'https://toets.example.org/?x=1',
      'https://toets.example.org/#top', 'https://user:pw@toets.example.org', 'javascript:alert(1)', 'https://', ' https://toets.example.org']) {
      expect(() => configFromEnv({ PUBLIC_URL: bad }), bad).toThrow(/^PUBLIC_URL /);
    }
  });

  it('is unset (null) by default, and required when NODE_ENV=production', () => {
    expect(configFromEnv({}).publicUrl).toBeNull();
    expect(defaultConfig().publicUrl).toBeNull();
    expect(() => configFromEnv({ NODE_ENV: 'production' })).toThrow(/PUBLIC_URL must be set/);
    expect(configFromEnv({ NODE_ENV: 'production', PUBLIC_URL: 'https://toets.example.org' }).publicUrl).toBe('https://toets.example.org');
  });
});

describe('create-admin', () => {
  it('without PUBLIC_URL says it must be set, and creates nothing', async () => {
    const config = defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-purl-')), 'z.db') });
    await expect(createAdmin(config, 'first@example.org')).rejects.toThrow(/PUBLIC_URL must be set/);
    const db = openDb({ ...config, databasePoolSize: 1 });
    try {
      const tables = await db.kysely.introspection.getTables();
      // Refused before the database was touched: not even migrated.
      expect(tables.map((t) => t.name)).not.toContain('users');
    } finally {
      await db.close();
    }
  });

  it('with PUBLIC_URL prints a link on that address', async () => {
    const config = defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-purl-')), 'z.db'), publicUrl: 'https://toets.example.org' });
    expect((await createAdmin(config, 'first@example.org')).link).toMatch(/^https:\/\/toets\.example\.org\/staff\/set-password#[\w-]{43}$/);
  });
});

describe('GET /api/site', () => {
  it('gives the configured address, whatever Host the request names', async () => {
    const app = await testApp({ publicUrl: 'https://toets.example.org' });
    try {
      const res = await app.inject({ url: '/api/site', headers: { host: 'evil.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ publicUrl: 'https://toets.example.org' });
    } finally {
      await app.close();
    }
  });

  it('gives null when unset, so the browser keeps the address it has open (never one from Host or X-Forwarded-Host)', async () => {
    const app = await testApp({ trustProxy: true });
    try {
      const res = await app.inject({ url: '/api/site', headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' } });
      expect(res.json()).toEqual({ publicUrl: null });
      expect(res.body).not.toContain('evil');
    } finally {
      await app.close();
    }
  });
});

describe('links in the browser', () => {
  afterEach(() => { publicUrl.value = null; });

  it('use the public address when the server has one, else the address the page is on', () => {
    expect(linkTo('/shared#abc', 'http://10.0.0.5:3000')).toBe('http://10.0.0.5:3000/shared#abc');
    publicUrl.value = 'https://toets.example.org';
    expect(linkTo('/shared#abc', 'http://10.0.0.5:3000')).toBe('https://toets.example.org/shared#abc');
    expect(linkTo('/resume#id.token', 'http://localhost:5173')).toBe('https://toets.example.org/resume#id.token');
  });
});
