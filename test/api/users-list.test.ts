// The admin's list of staff accounts: paged in email order and searchable by email or name, so an
// installation with more accounts than fit on one page still shows every one (it stopped at 1,000).
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import * as tables from '../helpers/db.js';
import { signedIn, staffApp } from '../helpers/staff.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function world(n: number) {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  for (let i = 0; i < n; i++) {
    const no = String(i).padStart(4, '0');
    await app.staffRepos.users.create({ email: `user-${no}@example.org`, name: i === 7 ? 'Alice Jansen' : `Beoordelaar ${no}`, role: 'assessor' });
  }
  await app.staffRepos.users.create({ email: 'under_score@example.org', name: 'Percent 100%', role: 'assessor' });
  const list = async (query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/users${query}`, headers: admin.read });
    return res;
  };
  return { list };
}

describe('GET /api/users', () => {
  it('pages through every account in email order, past the old cap of 1,000', async () => {
    const { list } = await world(1_050);
    const first = (await list()).json();
    expect(first).toMatchObject({ total: 1_052, limit: 50, offset: 0 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0].email).toBe('admin@example.org');
    expect(first.items[1].email).toBe('under_score@example.org');
    expect(first.items[2].email).toBe('user-0000@example.org');
    const emails: string[] = [];
    for (let offset = 0; offset < 1_052; offset += 100) emails.push(...(await list(`?limit=100&offset=${offset}`)).json().items.map((u: { email: string }) => u.email));
    expect(emails).toHaveLength(1_052);
    expect(new Set(emails).size).toBe(1_052);
    expect(emails.at(-1)).toBe('user-1049@example.org');
    expect((await list('?offset=1052')).json()).toMatchObject({ items: [], total: 1_052 });
  });

  it('narrows by email or name, case-insensitively, and takes % and _ literally', async () => {
    const { list } = await world(30);
    const byEmail = (await list('?q=user-001')).json();
    expect(byEmail.total).toBe(10);
    expect(byEmail.items.map((u: { email: string }) => u.email)).toEqual(Array.from({ length: 10 }, (_, i) => `user-001${i}@example.org`));
    expect((await list('?q=aLiCe')).json()).toMatchObject({ total: 1, items: [{ email: 'user-0007@example.org', name: 'Alice Jansen' }] });
    expect((await list('?q=_')).json()).toMatchObject({ total: 1, items: [{ email: 'under_score@example.org' }] });
    expect((await list('?q=%25')).json()).toMatchObject({ total: 1, items: [{ name: 'Percent 100%' }] });
    expect((await list('?q=%20%20')).json().total).toBe(32);
    expect((await list('?q=nobody')).json()).toMatchObject({ total: 0, items: [] });
  });

  it('refuses a limit, offset or search it does not take with a 400 in the error shape', async () => {
    const { list } = await world(0);
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?offset=-1', '?offset=1234567', `?q=${'a'.repeat(101)}`]) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ statusCode: 400, code: expect.any(String), message: expect.any(String) });
    }
  });
});

describe('GET /api/users on either engine', () => {
  it('finds a name whatever its accents and case, on SQLite as on PostgreSQL', async () => {
    const { list } = await world(3);
    await app.staffRepos.users.create({ email: 'zeynep@example.org', name: 'Zeynep Öztürk', role: 'assessor' });
    for (const q of ['öz', 'ÖZ', 'ozturk', 'OZTÜRK', 'zeynep öztürk']) {
      expect((await list(`?q=${encodeURIComponent(q)}`)).json(), q).toMatchObject({ total: 1, items: [{ email: 'zeynep@example.org' }] });
    }
    // Address and name are searched apart: nothing matches across the two.
    expect((await list('?q=org%20zeynep')).json().total).toBe(0);
  });

  it('orders byte by byte on the folded address, whatever the PostgreSQL collation', async () => {
    app = await staffApp();
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    if (tables.engineOf(app) === 'postgres') {
      // A database made with a language's collation, as managed databases usually are (ICU's English
      // stands in for it; the test cluster itself is "C"): it sorts "_" before "." and folds case.
      for (const column of ['id', 'email', 'name', 'search_key']) await tables.exec(app, `ALTER TABLE users ALTER COLUMN ${column} TYPE text COLLATE "en-US-x-icu"`);
    }
    for (const email of ['janb@example.org', 'Jan_c@example.org', 'jan.smit@example.org', 'JANA@example.org']) {
      await app.staffRepos.users.create({ email, name: '', role: 'assessor' });
    }
    const res = await app.inject({ method: 'GET', url: '/api/users?limit=3', headers: admin.read });
    const rest = await app.inject({ method: 'GET', url: '/api/users?limit=3&offset=3', headers: admin.read });
    const emails = [...res.json().items, ...rest.json().items].map((u: { email: string }) => u.email);
    expect(emails).toEqual(['admin@example.org', 'jan.smit@example.org', 'Jan_c@example.org', 'JANA@example.org', 'janb@example.org']);
  });

  it('gives accounts made before the search key their key at start-up', async () => {
    const { list } = await world(2);
    await tables.exec(app, 'UPDATE users SET search_key = NULL');
    expect((await list('?q=beoordelaar')).json().total).toBe(0);
    expect(await app.staffRepos.users.backfillSearchKeys(1)).toBe(4);
    expect((await list('?q=beoordelaar')).json().total).toBe(2);
    expect(await app.staffRepos.users.backfillSearchKeys()).toBe(0);
  });
});
