// Issue 14 wiring: the parts' seams closed. Mails to a startup that left an address (clarification
// request, decision) in its language with the unsubscribe link; none without (or after withdrawing)
// one. Runs on both engines; mails are read from a real SMTP server in this process.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../helpers/db.js';
import { startSmtp } from '../helpers/smtp.js';
import { assign, bearer, createProgramme, signedIn, share, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

const PUBLIC_URL = 'https://toets.example.org';
const SLOW = { timeout: 180_000 };

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => { smtp = await startSmtp(); });
afterAll(async () => { await smtp.close(); });

let app: FastifyInstance;
afterEach(async () => { await app?.close(); });

let counter = 0;
const addr = (name: string) => `${name}-${++counter}-${Date.now()}@example.org`;

interface World { admin: Session; manager: Session; assessor: Session; programme: { id: string; joinCode: string; name: string } }

async function world(): Promise<World> {
  app = await staffApp({ publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'z@example.org', mailRetryBaseMs: 50, mailPollMs: 100, mailTimeoutMs: 5_000 });
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
  const { session: manager } = await signedIn(app, 'manager@example.org', 'manager');
  const { session: assessor } = await signedIn(app, 'assessor@example.org', 'assessor');
  await assign(app, admin, programme.id, 'manager@example.org', 'manager');
  await assign(app, admin, programme.id, 'assessor@example.org', 'assessor');
  const patched = await app.inject({ method: 'PATCH', url: `/api/programmes/${programme.id}`, headers: manager.write, payload: { reviewsNeeded: 1, showDecisionToStartups: true } });
  expect(patched.statusCode, patched.body).toBe(200);
  return { admin, manager, assessor, programme };
}

/** A shared submission whose startup left `email` (or nothing) in `locale`. */
async function startup(w: World, name: string, email: string | null, locale: 'nl' | 'en' = 'nl') {
  const s = await submittedResponse(app);
  await share(app, s, w.programme.joinCode, name);
  if (email) {
    const res = await app.inject({ method: 'PUT', url: `/api/responses/${s.id}/contact`, headers: bearer(s.token), payload: { email, consent: true, locale } });
    expect(res.statusCode, res.body).toBe(200);
  }
  return s;
}
const ask = (w: World, id: string) =>
  app.inject({ method: 'PUT', url: `/api/submissions/${id}/verdicts/m-dpia`, headers: w.assessor.write, payload: { verdict: 'evidence', message: 'Stuur de DPIA mee.' } });
async function reviewAndDecide(w: World, id: string, outcome: string, rationale: string) {
  const r = await app.inject({ method: 'PUT', url: `/api/submissions/${id}/review`, headers: w.assessor.write, payload: { scores: {}, judgement: 'positive', comment: '', submit: true } });
  expect(r.statusCode, r.body).toBe(200);
  const d = await app.inject({ method: 'PUT', url: `/api/submissions/${id}/decision`, headers: w.manager.write, payload: { outcome, rationale } });
  expect(d.statusCode, d.body).toBe(200);
}
async function retake(r: { id: string; token: string }, changes: Record<string, unknown>) {
  const started = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) });
  expect(started.statusCode, started.body).toBe(201);
  const next = started.json() as { id: string; token: string };
  expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: changes } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}
/** The file as rows of cells (no quoted separators in this data) and the cell under a header. */
function parseCsv(body: string, sep: string) {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = body.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(sep));
  return { header, rows, cell: (row: string[], name: string) => {
    const i = header.indexOf(name);
    expect(i, `${name} in ${header.join(' | ')}`).toBeGreaterThan(-1);
    // Ids are random base64url: one starting with '-' is defused with an apostrophe like any cell.
    return row[i].replace(/^'(?=[-+=@])/, '');
  } };
}
const csvOf = async (who: Session, programmeId: string, query = 'locale=nl') => {
  const res = await app.inject({ url: `/api/programmes/${programmeId}/export.csv?${query}`, headers: who.read });
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
};
const unsubscribeLink = /https:\/\/toets\.example\.org\/unsubscribe\?lang=(?:nl|en)#[A-Za-z0-9_-]{32}/;
const startupMails = async (template: string) => Number(await tables.value(app, 'SELECT COUNT(*) FROM mail_outbox WHERE template = ?', template));

describe('mails to a startup that left an address', SLOW, () => {
  it('a clarification request and a decision reach an opted-in startup in its language, with the unsubscribe link', async () => {
    const w = await world();
    const en = addr('founder-en');
    const nl = addr('oprichter-nl');
    const a = await startup(w, 'Startup EN', en, 'en');
    const b = await startup(w, 'Startup NL', nl, 'nl');

    expect((await ask(w, a.id)).statusCode).toBe(200);
    const request = await smtp.mailFor(en);
    expect(request.subject).toBe('A question from Subsidie AI 2026 about your self-assessment');
    expect(request.text).toContain('"Did you do a DPIA?"');
    expect(request.text).toContain(`${PUBLIC_URL}/report/${a.id}?lang=en`);
    expect(request.text).toMatch(unsubscribeLink);
    expect(request.text + request.html).not.toMatch(/assessor@example\.org|manager@example\.org/);

    await reviewAndDecide(w, b.id, 'fund_with_conditions', 'Eerst de DPIA afronden');
    const decision = await smtp.mailFor(nl);
    expect(decision.subject).toBe('Besluit van Subsidie AI 2026');
    expect(decision.text).toContain('toegekend onder voorwaarden');
    expect(decision.text).toContain('Toelichting: Eerst de DPIA afronden');
    expect(decision.text).toContain('Geen mail meer? Trek uw toestemming in:');
    expect(decision.text).toMatch(unsubscribeLink);
  });

  it('none goes to a startup that left no address, withdrew it, or whose programme keeps decisions to itself', async () => {
    const w = await world();
    const none = await startup(w, 'Zonder adres', null);
    const gone = addr('withdrawn');
    const withdrawn = await startup(w, 'Ingetrokken', gone);
    const del = await app.inject({ method: 'DELETE', url: `/api/responses/${withdrawn.id}/contact`, headers: bearer(withdrawn.token) });
    expect(del.statusCode, del.body).toBe(200);
    for (const s of [none, withdrawn]) {
      expect((await ask(w, s.id)).statusCode).toBe(200);
      await reviewAndDecide(w, s.id, 'decline', 'Past niet');
    }
    expect(await startupMails('clarification-request')).toBe(0);
    expect(await startupMails('decision')).toBe(0);

    // Opted in, but the programme does not show decisions to startups: the request is mailed, the decision not.
    await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.manager.write, payload: { showDecisionToStartups: false } });
    const quiet = addr('quiet');
    const q = await startup(w, 'Stil', quiet);
    expect((await ask(w, q.id)).statusCode).toBe(200);
    await reviewAndDecide(w, q.id, 'fund', 'Prima');
    expect(await startupMails('clarification-request')).toBe(1);
    expect(await startupMails('decision')).toBe(0);
    await app.close();
    expect(smtp.received.filter((m) => m.to.includes(gone))).toEqual([]);
    expect(smtp.received.filter((m) => m.to.includes(quiet)).map((m) => m.subject)).toEqual(['Vraag van Subsidie AI 2026 over je zelftoets']);
  });
});

describe('assessor deadline reminders follow the assignments', SLOW, () => {
  it('remind only assessors with open assignments once a programme assigns; without assignments the old rule holds', async () => {
    const w = await world();
    const deadline = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${w.programme.id}`, headers: w.manager.write, payload: { deadline } })).statusCode).toBe(200);
    const plain = await createProgramme(app, w.admin, { name: 'Zonder toewijzing', deadline });
    const people: Record<string, { email: string; id: string; session: Session }> = {};
    for (const key of ['open', 'done', 'free']) {
      const email = addr(`assessor-${key}`);
      const { user, session } = await signedIn(app, email, 'assessor');
      await assign(app, w.admin, w.programme.id, email, 'assessor');
      await assign(app, w.admin, plain.id, email, 'assessor');
      people[key] = { email, id: user.id, session };
    }
    const [s1, s2, s3] = [await startup(w, 'Een', null), await startup(w, 'Twee', null), await startup(w, 'Drie', null)];
    const other = await submittedResponse(app);
    await share(app, other, plain.joinCode, 'Elders');
    const toAssessor = async (id: string, assessorId: string) =>
      expect((await app.inject({ method: 'POST', url: `/api/submissions/${id}/assignments`, headers: w.manager.write, payload: { assessorId } })).statusCode).toBe(200);
    await toAssessor(s1.id, people.open.id);
    await toAssessor(s2.id, people.open.id);
    await toAssessor(s1.id, people.done.id);
    const reviewed = await app.inject({ method: 'PUT', url: `/api/submissions/${s1.id}/review`, headers: people.done.session.write, payload: { scores: {}, judgement: 'positive', comment: '', submit: true } });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    void s3; // shared, unassigned and unreviewed: under the old rule it would make everyone "open"

    const run = await app.housekeeping.run();
    // In the assigning programme only "open" (2 assigned, none reviewed); in the other all three (old rule).
    expect(run.reminders.assessors).toBe(4);
    const byRecipient = async (template: string) => (await tables.rows<{ recipient: string; text: string; subject: string }>(app,
      'SELECT recipient, text_body AS text, subject FROM mail_outbox WHERE template = ? ORDER BY recipient', template));
    const reminders = await byRecipient('deadline-reminder-assessor');
    const inAssigning = reminders.filter((m) => m.subject.includes('Subsidie AI 2026'));
    expect(inAssigning.map((m) => m.recipient)).toEqual([people.open.email]);
    expect(inAssigning[0].text).toContain('2 inzendingen wachten nog op uw ingediende beoordeling');
    const inPlain = reminders.filter((m) => m.subject.includes('Zonder toewijzing'));
    expect(inPlain.map((m) => m.recipient).sort()).toEqual([people.open.email, people.done.email, people.free.email].sort());
  });
});

describe('the programme CSV', SLOW, () => {
  it('carries the current decision in words, its rationale and date; a blind assessor\'s file leaves it empty', async () => {
    const w = await world();
    const { session: second } = await signedIn(app, 'tweede@example.org', 'assessor');
    await assign(app, w.admin, w.programme.id, 'tweede@example.org', 'assessor');
    const s = await startup(w, 'Fairhire', null);
    await reviewAndDecide(w, s.id, 'decline', 'Te vroeg');
    // A changed decision: the file has the current one.
    const again = await app.inject({ method: 'PUT', url: `/api/submissions/${s.id}/decision`, headers: w.manager.write, payload: { outcome: 'fund_with_conditions', rationale: 'Met DPIA (uiterlijk juni)' } });
    expect(again.statusCode, again.body).toBe(200);

    const nl = parseCsv(await csvOf(w.manager, w.programme.id), ';');
    expect(nl.header.slice(10, 16)).toEqual(['Team-id', 'Poging', 'Pogingen gedeeld', 'Besluit', 'Besluit: motivering', 'Besluit genomen op']);
    expect(nl.cell(nl.rows[0], 'Besluit')).toBe('Toekennen onder voorwaarden');
    expect(nl.cell(nl.rows[0], 'Besluit: motivering')).toBe('Met DPIA (uiterlijk juni)');
    expect(nl.cell(nl.rows[0], 'Besluit genomen op')).toMatch(/^\d\d-\d\d-20\d\d \d\d:\d\d$/);
    const en = parseCsv(await csvOf(w.manager, w.programme.id, 'locale=en'), ',');
    expect(en.cell(en.rows[0], 'Decision')).toBe('Fund with conditions');
    expect(en.cell(en.rows[0], 'Decided at')).toMatch(/^20\d\d-\d\d-\d\d \d\d:\d\d$/);

    // The assessor who reviewed sees it; one who has not submitted a review does not (blind rule).
    expect(await csvOf(w.assessor, w.programme.id)).toContain('Toekennen onder voorwaarden');
    const blind = await csvOf(second, w.programme.id);
    expect(blind).not.toContain('Toekennen onder voorwaarden');
    expect(blind).not.toContain('uiterlijk juni');
    expect(parseCsv(blind, ';').header).toContain('Besluit');
  });

  it('staff #2 / #18: one row per team, as the list, with team and attempt; attempts=all gives every shared attempt', async () => {
    const w = await world();
    const f1 = await startup(w, 'Fairhire', null);
    const f2 = await retake(f1, { 'm-dpia': { option: 'done' } });
    await share(app, f2, w.programme.joinCode, 'Fairhire');
    const f3 = await retake(f2, {});
    await share(app, f3, w.programme.joinCode, 'Fairhire');
    const l1 = await startup(w, 'Lumen', null);
    const l2 = await retake(l1, {});
    await share(app, l2, w.programme.joinCode, 'Lumen');
    await startup(w, 'Umlaut', null);

    const list = async (query: string) => (await app.inject({ url: `/api/programmes/${w.programme.id}/submissions?limit=100${query}`, headers: w.manager.read })).json() as { total: number; items: Array<{ id: string; teamId: string; attempt: number }> };
    const latest = await list('');
    expect(latest.total).toBe(3);
    const csv = parseCsv(await csvOf(w.manager, w.programme.id), ';');
    expect(csv.rows).toHaveLength(latest.total);
    expect(csv.rows.map((r) => csv.cell(r, 'Id')).sort()).toEqual(latest.items.map((i) => i.id).sort());
    const fair = csv.rows.find((r) => csv.cell(r, 'Naam') === 'Fairhire')!;
    expect(csv.cell(fair, 'Id')).toBe(f3.id);
    expect([csv.cell(fair, 'Poging'), csv.cell(fair, 'Pogingen gedeeld')]).toEqual(['3', '3']);
    expect(csv.cell(fair, 'Team-id')).toBe(latest.items.find((i) => i.id === f3.id)!.teamId);

    const all = await list('&attempts=all');
    expect(all.total).toBe(6);
    const every = parseCsv(await csvOf(w.manager, w.programme.id, 'locale=en&attempts=all'), ',');
    expect(every.rows).toHaveLength(all.total);
    const teams = new Set(every.rows.map((r) => every.cell(r, 'Team id')));
    expect(teams.size).toBe(3);
    expect((await app.inject({ url: `/api/programmes/${w.programme.id}/export.csv?attempts=some`, headers: w.manager.read })).statusCode).toBe(400);
  });
});
