// The admin's list of staff accounts: paged in email order and searchable by email or name, so an
// installation with more accounts than fit on one page still shows every one (it stopped at 1,000).
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
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
