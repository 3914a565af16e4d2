// The submissions list orders the same on both engines: names as people read them (case and accents
// folded) and byte by byte beyond that, whatever the PostgreSQL database's collation; a submission
// without a score is the lowest value, as SQLite has it, not the highest, as PostgreSQL would.
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import * as tables from '../helpers/db.js';
import { createProgramme, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

it('orders names folded and byte by byte, and unscored submissions lowest, on either engine', async () => {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin, { name: 'Call', kind: 'cohort' });
  if (tables.engineOf(app) === 'postgres') {
    // A database made with a language's collation (as managed databases usually are): "apple" before
    // "Banana", "_" skipped. ICU's English stands in for it; the test cluster itself is "C".
    const icu = await tables.value<number>(app, "SELECT count(*) FROM pg_collation WHERE collname = 'en-US-x-icu'");
    expect(Number(icu)).toBe(1);
    for (const column of ['id', 'shared_name', 'shared_name_key', 'review_status', 'area', 'shared_at']) {
      await tables.exec(app, `ALTER TABLE responses ALTER COLUMN ${column} TYPE text COLLATE "en-US-x-icu"`);
    }
  }
  const names = ['Banana', '_zeta', 'apple', 'cherry', 'Émile', 'Zorro'];
  for (const name of names) {
    // "Zorro" answers nothing that scores: no precondition score (the test questionnaire has no goal values).
    const r = name === 'Zorro' ? await submittedResponse(app, { 'm-context': { text: 'Niets ingevuld' } }) : await submittedResponse(app);
    await share(app, r, p.joinCode, name);
  }
  const order = async (sort: string, dir: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions?sort=${sort}&dir=${dir}&limit=3`, headers: admin.read });
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json().items.map((s: { name: string }) => s.name);
    const rest = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions?sort=${sort}&dir=${dir}&limit=3&offset=3`, headers: admin.read })).json().items.map((s: { name: string }) => s.name);
    return [...first, ...rest];
  };
  expect(await order('name', 'asc')).toEqual(['_zeta', 'apple', 'Banana', 'cherry', 'Émile', 'Zorro']);
  expect(await order('name', 'desc')).toEqual(['Zorro', 'Émile', 'cherry', 'Banana', 'apple', '_zeta']);
  expect((await order('precondition', 'asc'))[0]).toBe('Zorro');
  expect((await order('precondition', 'desc')).at(-1)).toBe('Zorro');
});
