// Writes that check and then insert, done twice at the same moment by two instances on one database
// (two apps in this process: one SQLite file, or one PostgreSQL schema with a pool each, so the two
// really overlap there). Each pair must end as one of them done after the other would: no 5xx, one
// row where one belongs, the plan's cap held, the answer the slower one would have had anyway.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_PLAN_ITEMS } from '../../server/repositories/plan-items.js';
import { rows, value } from '../helpers/db.js';
import { fixtureDir, readFixture } from '../helpers/app.js';
import { bearer, createProgramme, createUser, login, share, signedIn, submittedResponse, type Session } from '../helpers/staff.js';
import { closeInstance, closeInstances, instance, sharedDatabase, twoInstances } from '../helpers/instances.js';

vi.setConfig({ testTimeout: 60_000 });

const ROUNDS = 4;
afterEach(closeInstances);

/** Status (and error code) of each answer, sorted, so a pair reads the same whichever came first. */
const outcomes = (res: LightMyRequestResponse[]) =>
  res.map((r) => (r.statusCode >= 400 ? `${r.statusCode} ${r.json().code}` : String(r.statusCode))).sort();
const noServerErrors = (res: LightMyRequestResponse[]) => {
  for (const r of res) expect(r.statusCode, r.body).toBeLessThan(500);
};

const ANSWERS = {
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'none' }, 'm-retention': { option: 'dont-know' },
  'm-security': { options: ['none'] }, 'm-context': { text: 'x' },
};

describe('two instances writing the same thing at once', () => {
  it('adopting the same action from two tabs: both answered, one plan item', async () => {
    const [a, b] = await twoInstances();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await submittedResponse(a, ANSWERS);
      const put = (app: FastifyInstance, note: string) =>
        app.inject({ method: 'PUT', url: `/api/responses/${r.id}/plan/m-dpia`, headers: bearer(r.token), payload: { note } });
      const res = await Promise.all([put(a, 'from a'), put(b, 'from b')]);
      noServerErrors(res);
      expect(outcomes(res)).toEqual(['200', '200']);
      expect(Number(await value(a, 'SELECT COUNT(*) FROM plan_items WHERE response_id = ? AND question_id = ?', r.id, 'm-dpia'))).toBe(1);
      expect(['from a', 'from b']).toContain(await value(a, 'SELECT note FROM plan_items WHERE response_id = ?', r.id));
    }
  });

  it('two tabs changing different fields of one plan item at once: both changes kept', async () => {
    const [a, b] = await twoInstances();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await submittedResponse(a, ANSWERS);
      const url = `/api/responses/${r.id}/plan/m-dpia`;
      expect((await a.inject({ method: 'PUT', url, headers: bearer(r.token), payload: {} })).statusCode).toBe(200);
      const res = await Promise.all([
        a.inject({ method: 'PUT', url, headers: bearer(r.token), payload: { note: `note ${i}` } }),
        b.inject({ method: 'PUT', url, headers: bearer(r.token), payload: { owner: `owner ${i}` } }),
      ]);
      noServerErrors(res);
      expect(outcomes(res)).toEqual(['200', '200']);
      // Each field is sent alone: the later save must not write back the other's field as it read it before.
      expect(await rows(a, 'SELECT note, owner FROM plan_items WHERE response_id = ?', r.id)).toEqual([{ note: `note ${i}`, owner: `owner ${i}` }]);
    }
  });

  it('two actions adopted at once into a plan with room for one: the cap holds', async () => {
    const [a, b] = await twoInstances();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await submittedResponse(a, ANSWERS);
      const now = new Date().toISOString();
      await a.database.kysely.insertInto('plan_items').values(Array.from({ length: MAX_PLAN_ITEMS - 1 }, (_, k) => ({
        id: `filler-${i}-${k}`, response_id: r.id, question_id: `q-${k}`, kind: 'improve', values_json: '[]', status: 'open' as const, created_at: now, updated_at: now,
      }))).execute();
      const put = (app: FastifyInstance, question: string) =>
        app.inject({ method: 'PUT', url: `/api/responses/${r.id}/plan/${question}`, headers: bearer(r.token), payload: {} });
      const res = await Promise.all([put(a, 'm-dpia'), put(b, 'm-security')]);
      noServerErrors(res);
      expect(outcomes(res)).toEqual(['200', '400 plan-full']);
      expect(Number(await value(a, 'SELECT COUNT(*) FROM plan_items WHERE response_id = ?', r.id))).toBe(MAX_PLAN_ITEMS);
    }
  });

  it('leaving an address from two tabs: both answered, one address for the team', async () => {
    const [a, b] = await twoInstances();
    for (let i = 0; i < ROUNDS; i++) {
      const r = await submittedResponse(a, ANSWERS);
      const put = (app: FastifyInstance, email: string) =>
        app.inject({ method: 'PUT', url: `/api/responses/${r.id}/contact`, headers: bearer(r.token), payload: { email, consent: true } });
      const res = await Promise.all([put(a, 'x@example.org'), put(b, 'y@example.org')]);
      noServerErrors(res);
      expect(outcomes(res)).toEqual(['200', '200']);
      const rows = await a.database.kysely.selectFrom('startup_contacts').select(['response_id', 'email']).where('response_id', '=', r.id).execute();
      expect(rows).toHaveLength(1);
      expect(['x@example.org', 'y@example.org']).toContain(rows[0].email);
    }
  });

  it('assessors\' requests and the startup\'s answers arriving at once on a thread with room for two: 50 messages at most', async () => {
    const [a, b] = await twoInstances();
    const { session: admin } = await signedIn(a, 'admin@example.org', 'admin');
    const programme = await createProgramme(a, admin, { name: 'Clarify' });
    for (const email of ['een@example.org', 'twee@example.org']) {
      const user = await createUser(a, email, 'assessor');
      await a.staffRepos.programmes.addMember(programme.id, user.id);
    }
    const one = await login(a, 'een@example.org');
    const two = await login(b, 'twee@example.org');
    for (let i = 0; i < ROUNDS; i++) {
      const r = await submittedResponse(a, ANSWERS);
      await share(a, r, programme.joinCode, `Startup ${i}`);
      const ask = (app: FastifyInstance, who: Session, message: string) =>
        app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/verdicts/m-dpia`, headers: who.write, payload: { verdict: 'evidence', message } });
      const threadId = (await ask(a, one, 'Stuur de DPIA mee.')).json().threadId as string;
      const answer = (app: FastifyInstance, text: string) =>
        app.inject({ method: 'POST', url: `/api/responses/${r.id}/clarifications/${threadId}/answer`, headers: bearer(r.token), payload: { text } });
      for (let k = 0; k < 47; k++) expect((await answer(a, `Antwoord ${k}`)).statusCode).toBe(200);
      // 48 messages: room for two, and four writers at once on two instances.
      const res = await Promise.all([ask(a, one, 'Nog een keer.'), ask(b, two, 'En de bijlage?'), answer(a, 'Hier'), answer(b, 'En hier')]);
      noServerErrors(res);
      expect(res.filter((x) => x.statusCode === 200)).toHaveLength(2);
      expect(Number(await value(a, 'SELECT COUNT(*) FROM clarification_messages WHERE thread_id = ?', threadId))).toBe(50);
    }
  });

  it('a programme\'s areas changed while a test is shared with it: the test is refused, or the change is', async () => {
    // A second area to change to: the mini questionnaire once more, as a quantum one.
    const questionnairesDir = fixtureDir({ 'mini.json': readFixture('mini.json'), 'mini-q.json': { ...readFixture('mini.json'), id: 'mini-q', area: 'quantum' } });
    const [a, b] = await twoInstances({ questionnairesDir });
    const { session: admin } = await signedIn(a, 'admin@example.org', 'admin');
    for (let i = 0; i < ROUNDS * 2; i++) {
      const programme = await createProgramme(a, admin, { name: `Areas ${i}`, areas: ['ai'] });
      const r = await submittedResponse(a, ANSWERS);
      const res = await Promise.all([
        a.inject({ method: 'PATCH', url: `/api/programmes/${programme.id}`, headers: admin.write, payload: { areas: ['quantum'] } }),
        b.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code: programme.joinCode, name: `Startup ${i}`, confirm: true } }),
      ]);
      noServerErrors(res);
      // As one after the other: the change first (the AI test is then not taken), or the share first (the areas then stay).
      expect([['200', '409 area-not-accepted'], ['200', '409 programme-has-submissions']]).toContainEqual(outcomes(res));
      const areas = JSON.parse(String(await value(a, 'SELECT areas FROM programmes WHERE id = ?', programme.id)));
      const shared = await value(a, 'SELECT programme_id FROM responses WHERE id = ?', r.id);
      expect(shared === programme.id ? areas : ['quantum']).toEqual(shared === programme.id ? ['ai'] : areas);
    }
  });

  it('two managers saving the embedding sites at once: the list is one of theirs, never both merged', async () => {
    const [a, b] = await twoInstances();
    const { session: admin } = await signedIn(a, 'admin@example.org', 'admin');
    const other = await login(b, 'admin@example.org');
    for (let i = 0; i < ROUNDS; i++) {
      const programme = await createProgramme(a, admin, { name: `Embed ${i}`, kind: 'cohort' });
      const put = (app: FastifyInstance, s: Session, origins: string[]) =>
        app.inject({ method: 'PUT', url: `/api/programmes/${programme.id}/embed`, headers: s.write, payload: { origins } });
      const res = await Promise.all([put(a, admin, ['https://een.example.nl']), put(b, other, ['https://twee.example.nl'])]);
      noServerErrors(res);
      const stored = (await rows<{ origin: string }>(a, 'SELECT origin FROM programme_embed_origins WHERE programme_id = ?', programme.id)).map((r) => r.origin);
      expect([['https://een.example.nl'], ['https://twee.example.nl']]).toContainEqual(stored);
    }
  });

  it('two admins inviting the same address at once: one account, the other told it is taken (or re-invited, as one after the other)', async () => {
    const [a, b] = await twoInstances();
    const { session: sa } = await signedIn(a, 'admin@example.org', 'admin');
    const sb = await login(b, 'admin@example.org');
    for (let i = 0; i < ROUNDS; i++) {
      const email = `new${i}@example.org`;
      const invite = (app: FastifyInstance, s: Session, address: string) =>
        app.inject({ method: 'POST', url: '/api/users', headers: s.write, payload: { email: address, role: 'assessor' } });
      // The second spelled in capitals: the address is the same account whatever its case.
      const res = await Promise.all([invite(a, sa, email), invite(b, sb, email.toUpperCase())]);
      noServerErrors(res);
      const [created, other] = res[0].statusCode === 201 ? res : [res[1], res[0]];
      expect(created.statusCode, created.body).toBe(201);
      expect(outcomes([other])).toEqual([expect.stringMatching(/^(200|409 email-taken)$/)]);
      if (other.statusCode === 200) expect(other.json()).toMatchObject({ reissued: true, user: { id: created.json().user.id } });
      expect(Number(await value(a, 'SELECT COUNT(*) FROM users WHERE lower(email) = ?', email))).toBe(1);
    }
  });

  it('two admins adding the same new person to two programmes at once: one account, a member of both', async () => {
    const [a, b] = await twoInstances();
    const { session: sa } = await signedIn(a, 'admin@example.org', 'admin');
    const sb = await login(b, 'admin@example.org');
    const p1 = await createProgramme(a, sa, { name: 'One' });
    const p2 = await createProgramme(a, sa, { name: 'Two' });
    for (let i = 0; i < ROUNDS; i++) {
      const email = `member${i}@example.org`;
      const add = (app: FastifyInstance, s: Session, programmeId: string) =>
        app.inject({ method: 'POST', url: `/api/programmes/${programmeId}/members`, headers: s.write, payload: { email, role: 'assessor' } });
      const res = await Promise.all([add(a, sa, p1.id), add(b, sb, p2.id)]);
      noServerErrors(res);
      expect(outcomes(res)).toEqual(['200', '200']);
      const ids = res.map((r) => r.json().user.id);
      expect(ids[0]).toBe(ids[1]);
      expect(Number(await value(a, 'SELECT COUNT(*) FROM users WHERE lower(email) = ?', email))).toBe(1);
      expect([...(await a.staffRepos.programmes.programmeIdsOf(ids[0]))].sort()).toEqual([p1.id, p2.id].sort());
    }
  });

  it('a flood of password resets for one address from two instances: no more mails than the hourly bound, and the newest link mailed works', async () => {
    const where = await sharedDatabase();
    const settings = { publicUrl: 'https://toets.example.org', mailPerRecipientPerHour: 3, rateLimitPerMinute: 10_000, loginRateLimitPerMinute: 10_000 };
    const a = await instance(where, settings);
    const b = await instance(where, settings);
    await signedIn(a, 'flood@example.org', 'assessor');
    const forgot = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email: 'flood@example.org' } });
    const res = await Promise.all(Array.from({ length: 12 }, (_, i) => forgot(i % 2 ? b : a)));
    expect(res.map((r) => r.statusCode)).toEqual(Array(12).fill(204));
    // Closing waits for the mails the requests started.
    await closeInstance(a);
    await closeInstance(b);
    const c = await instance(where, settings);
    const mails = await rows<{ text_body: string }>(c, 'SELECT text_body FROM mail_outbox WHERE recipient = ?', 'flood@example.org');
    expect(mails).toHaveLength(3);
    // A request that found no room must not have voided the link mailed before it: one mailed link still sets the password.
    const tokens = mails.map((m) => /set-password\?lang=(?:nl|en)#([A-Za-z0-9_-]+)/.exec(m.text_body)![1]);
    const set = await Promise.all(tokens.map((token) => c.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'een nieuw wachtwoord' } })));
    expect(set.map((r) => r.statusCode).sort()).toEqual([200, 404, 404]);
  });
});
