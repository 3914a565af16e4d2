// Issue 14, item 6 (reminders part): a startup's opt-in contact address (consent, revocable by link
// and on its report, never shown to the programme without a second consent), deadline reminders to
// startups and assessors (each once, also across instances), and sending a failed mail again. Mails
// are read from a real SMTP server in this process. Runs on both engines.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_DAYS, sendDeadlineReminders } from '../../server/jobs/reminders.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { startSmtp } from '../helpers/smtp.js';
import { assign, bearer, createProgramme, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

const PUBLIC_URL = 'https://toets.example.org';
const DAY = 24 * 3600_000;

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => { smtp = await startSmtp(); });
afterAll(async () => { await smtp.close(); });

let app: FastifyInstance;
afterEach(async () => { await app?.close(); });

let counter = 0;
/** Addresses unique to this run: the SMTP server is shared by the whole file. */
const addr = (name: string) => `${name}-${++counter}-${Date.now()}@example.org`;

async function mailingApp(overrides = {}) {
  app = await staffApp({ publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'z@example.org', mailRetryBaseMs: 50, mailPollMs: 100, mailTimeoutMs: 5_000, ...overrides });
  const { session } = await signedIn(app, 'admin@example.org', 'admin');
  return session;
}

async function started(a: FastifyInstance, locale: 'nl' | 'en' = 'nl') {
  const res = await a.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', locale } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}
const putContact = (a: FastifyInstance, r: { id: string; token: string }, payload: Record<string, unknown>) =>
  a.inject({ method: 'PUT', url: `/api/responses/${r.id}/contact`, headers: bearer(r.token), payload });
const getContact = async (a: FastifyInstance, r: { id: string; token: string }) => {
  const res = await a.inject({ method: 'GET', url: `/api/responses/${r.id}/contact`, headers: bearer(r.token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().contact;
};
const unsubscribeTokenIn = (text: string) => {
  const m = /https:\/\/toets\.example\.org\/unsubscribe\?lang=(?:nl|en)#([A-Za-z0-9_-]{32})/.exec(text);
  if (!m) throw new Error(`no unsubscribe link in:\n${text}`);
  return m[1];
};
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

// Two cores shared by many: these tests make many requests, so they get more time than the default.
const SLOW = { timeout: 180_000 };

describe('a startup\'s contact address', SLOW, () => {
  it('is kept only with the consent ticked, belongs to the team, and is withdrawn on the report', async () => {
    const admin = await mailingApp();
    const p = await createProgramme(app, admin, { deadline: inDays(20) });
    const r = await submittedResponse(app);
    const email = addr('startup');

    const refused = await putContact(app, r, { email, consent: false, code: p.joinCode });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ statusCode: 400, code: 'consent-required' });
    expect((await putContact(app, r, { email, code: p.joinCode })).json().code).toBe('invalid-request');
    expect((await putContact(app, r, { email, consent: true, code: 'NOPE-NOPE' })).json().code).toBe('join-code-not-found');
    expect(await getContact(app, r)).toBeNull();

    const ok = await putContact(app, r, { email, consent: true, code: p.joinCode, locale: 'en' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().contact).toMatchObject({ email, locale: 'en', programme: { code: p.joinCode, name: p.name }, showToProgramme: false });

    // A re-take is the same team: it sees (and can withdraw) the same address.
    const retake = (await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) })).json() as { id: string; token: string };
    expect((await getContact(app, retake)).email).toBe(email);
    expect((await app.startupContacts.startupContact(retake.id))).toMatchObject({ email, locale: 'en', unsubscribePath: expect.stringMatching(/^\/unsubscribe#/) });
    // Another startup's token does not reach it.
    const other = await started(app);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}/contact`, headers: bearer(other.token) })).statusCode).toBe(404);

    const gone = await app.inject({ method: 'DELETE', url: `/api/responses/${retake.id}/contact`, headers: bearer(retake.token) });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(await getContact(app, r)).toBeNull();
    expect(await app.startupContacts.startupContact(r.id)).toBeNull();
    // Nothing of the address is left behind, tokens included.
    expect(await app.database.kysely.selectFrom('startup_contact_tokens').select('token_hash').execute()).toEqual([]);
  });

  it('never reaches the programme\'s staff without the second consent: submission, CSV, integration API, audit', async () => {
    const admin = await mailingApp();
    const p = await createProgramme(app, admin);
    const { session: manager, user: managerUser } = await signedIn(app, 'manager@example.org', 'manager');
    const { session: assessor } = await signedIn(app, 'assessor@example.org', 'assessor');
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Startup BV');
    const email = addr('geheim');
    expect((await putContact(app, r, { email, consent: true })).json().contact.programme).toMatchObject({ code: p.joinCode });
    const { key } = await app.integration.apiKeys.create({ programmeId: p.id, name: 'crm', createdBy: managerUser.id });

    const everything = async () => {
      const bodies: string[] = [];
      for (const s of [admin, manager, assessor] as Session[]) {
        const sub = await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: s.read });
        expect(sub.statusCode, sub.body).toBe(200);
        bodies.push(sub.body);
        bodies.push((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions`, headers: s.read })).body);
        const csv = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv`, headers: s.read });
        expect(csv.statusCode).toBe(200);
        bodies.push(csv.body);
      }
      for (const url of ['/api/integration/submissions', '/api/integration/cohort']) {
        const res = await app.inject({ method: 'GET', url, headers: { 'x-api-key': key } });
        expect(res.statusCode, res.body).toBe(200);
        bodies.push(res.body);
      }
      return bodies;
    };
    for (const body of await everything()) expect(body).not.toContain(email);
    const sub = (s: Session) => app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: s.read }).then((x) => x.json());
    expect((await sub(manager)).startupContact).toBeNull();
    // The audit log holds that consent was given, never the address, and not in the programme's history.
    const audit = await app.database.kysely.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(email);
    expect(audit.filter((a) => a.action.startsWith('contact.')).every((a) => a.programme_id === null)).toBe(true);

    // The second consent: the programme's staff see the address on the submission.
    expect((await putContact(app, r, { email, consent: true, showToProgramme: true })).json().contact.showToProgramme).toBe(true);
    for (const s of [admin, manager, assessor]) expect((await sub(s)).startupContact).toEqual({ email });
    // Un-ticking it takes it away again.
    await putContact(app, r, { email, consent: true, showToProgramme: false });
    for (const body of await everything()) expect(body).not.toContain(email);
  });

  it('shows the address only to the programme it was shown to, not to another the team shares with later', async () => {
    const admin = await mailingApp();
    const first = await createProgramme(app, admin, { name: 'Eerste' });
    const second = await createProgramme(app, admin, { name: 'Tweede' });
    const { session: manager } = await signedIn(app, 'manager@example.org', 'manager');
    await assign(app, admin, second.id, 'manager@example.org', 'manager');
    const r = await submittedResponse(app);
    await share(app, r, first.joinCode, 'Startup BV');
    const email = addr('alleen-eerste');
    const left = (await putContact(app, r, { email, consent: true, showToProgramme: true })).json().contact;
    expect(left).toMatchObject({ programme: { code: first.joinCode }, showToProgramme: true });
    const sub = (s: Session) => app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: s.read });
    expect((await sub(admin)).json().startupContact).toEqual({ email });

    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).statusCode).toBe(200);
    await share(app, r, second.joinCode, 'Startup BV');
    for (const s of [admin, manager]) {
      const res = await sub(s);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(email);
    }
  });
});

describe('deadline reminders', SLOW, () => {
  it('go to startups that joined but did not share, and to assessors with reviews left, in their language, once', async () => {
    const admin = await mailingApp();
    const deadline = inDays(3);
    const p = await createProgramme(app, admin, { name: 'Subsidie <AI> 2026', deadline });
    const later = await createProgramme(app, admin, { name: 'Later', deadline: inDays(30) });

    const joined = await started(app, 'en');
    const joinedMail = addr('joined');
    await putContact(app, joined, { email: joinedMail, consent: true, code: p.joinCode });
    const shared = await submittedResponse(app);
    await share(app, shared, p.joinCode, 'Gedeeld BV');
    const sharedMail = addr('shared');
    await putContact(app, shared, { email: sharedMail, consent: true });
    const nowhere = await started(app);
    const nowhereMail = addr('nowhere');
    await putContact(app, nowhere, { email: nowhereMail, consent: true });
    const elsewhere = await started(app);
    const elsewhereMail = addr('elsewhere');
    await putContact(app, elsewhere, { email: elsewhereMail, consent: true, code: later.joinCode });
    // Withdrawn before the reminder: nothing goes to it.
    const withdrawn = await started(app);
    const withdrawnMail = addr('withdrawn');
    await putContact(app, withdrawn, { email: withdrawnMail, consent: true, code: p.joinCode });
    await app.inject({ method: 'DELETE', url: `/api/responses/${withdrawn.id}/contact`, headers: bearer(withdrawn.token) });

    const open = addr('open-assessor');
    const done = addr('done-assessor');
    const outsider = addr('outsider');
    const manager = addr('manager');
    const { user: openUser } = await signedIn(app, open, 'assessor');
    const { session: doneSession } = await signedIn(app, done, 'assessor');
    await signedIn(app, outsider, 'assessor');
    await signedIn(app, manager, 'manager');
    await app.database.kysely.updateTable('users').set({ locale: 'en' }).where('id', '=', openUser.id).execute();
    for (const [email, role] of [[open, 'assessor'], [done, 'assessor'], [manager, 'manager']] as const) await assign(app, admin, p.id, email, role);
    const reviewed = await app.inject({
      method: 'PUT', url: `/api/submissions/${shared.id}/review`, headers: doneSession.write,
      payload: { scores: {}, judgement: 'positive', comment: '', submit: true },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);

    const first = await app.housekeeping.run();
    expect(first.reminders).toEqual({ startups: 1, assessors: 1 });
    expect((await app.housekeeping.run()).reminders).toEqual({ startups: 0, assessors: 0 });

    const startupMail = await smtp.mailFor(joinedMail);
    // The 7-day reminder, for a deadline set 3 days ahead: the mail says what is left, not the stage.
    expect(startupMail.subject).toBe('3 days left to share your self-assessment with Subsidie <AI> 2026');
    expect(startupMail.text).toContain(`${PUBLIC_URL}/join/${p.joinCode}`);
    expect(startupMail.html).toContain('Subsidie &lt;AI&gt; 2026');
    unsubscribeTokenIn(startupMail.text);

    const assessorMail = await smtp.mailFor(open);
    expect(assessorMail.subject).toBe('3 days until the deadline of Subsidie <AI> 2026');
    expect(assessorMail.text).toContain('One submission still awaits your submitted review');
    expect(assessorMail.text).toContain(`${PUBLIC_URL}/staff/programmes/${p.id}`);
    // Staff mail names no startup.
    expect(assessorMail.text + assessorMail.html).not.toContain('Gedeeld BV');

    await app.close(); // lets the sender finish: what was queued has arrived
    for (const nobody of [sharedMail, nowhereMail, elsewhereMail, withdrawnMail, done, outsider, manager]) {
      expect(smtp.received.filter((m) => m.to.includes(nobody)), nobody).toEqual([]);
    }
    expect(smtp.received.filter((m) => m.to.includes(joinedMail))).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to.includes(open))).toHaveLength(1);
  });

  it('count for an assessor only the assignments still shared with the programme: a withdrawn test is no open work', async () => {
    const admin = await mailingApp();
    const p = await createProgramme(app, admin, { name: 'Subsidie AI 2026', deadline: inDays(3) });
    const assessor = addr('assigned-assessor');
    const { user } = await signedIn(app, assessor, 'assessor');
    await app.database.kysely.updateTable('users').set({ locale: 'en' }).where('id', '=', user.id).execute();
    await assign(app, admin, p.id, assessor, 'assessor');
    const kept = await submittedResponse(app);
    await share(app, kept, p.joinCode, 'Blijft BV');
    const gone = await submittedResponse(app);
    await share(app, gone, p.joinCode, 'Trekt Terug BV');
    for (const s of [kept, gone]) {
      const res = await app.inject({ method: 'POST', url: `/api/submissions/${s.id}/assignments`, headers: admin.write, payload: { assessorId: user.id } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const withdrawn = await app.inject({ method: 'DELETE', url: `/api/responses/${gone.id}/programme`, headers: bearer(gone.token) });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);

    expect((await app.housekeeping.run()).reminders).toEqual({ startups: 0, assessors: 1 });
    const reminder = await app.database.kysely.selectFrom('mail_outbox').select('text_body')
      .where('recipient', '=', assessor).where('template', '=', 'deadline-reminder-assessor').executeTakeFirstOrThrow();
    expect(reminder.text_body).toContain('One submission still awaits your submitted review');
  });

  it('the unsubscribe link in a reminder withdraws the address, and the 1-day reminder then does not come', async () => {
    const admin = await mailingApp();
    const deadline = inDays(5);
    const p = await createProgramme(app, admin, { deadline });
    const r = await started(app);
    const email = addr('leaving');
    await putContact(app, r, { email, consent: true, code: p.joinCode });
    await app.housekeeping.run();
    const mail = await smtp.mailFor(email);
    expect(mail.subject).toBe(`Nog 5 dagen om uw zelftoets te delen met ${p.name}`);
    expect(mail.text).toContain('Geen mail meer? Trek uw toestemming in:');
    const token = unsubscribeTokenIn(mail.text);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/unsubscribe?lang=nl#${token}"`);

    const res = await app.inject({ method: 'POST', url: '/api/contact/unsubscribe', payload: { token } });
    expect(res.statusCode, res.body).toBe(204);
    expect(await getContact(app, r)).toBeNull();
    const again = await app.inject({ method: 'POST', url: '/api/contact/unsubscribe', payload: { token } });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('unsubscribe-link-invalid');

    // A day before the deadline: nothing more goes to the withdrawn address.
    const oneDayBefore = Date.parse(deadline) - 12 * 3600_000;
    expect(await sendDeadlineReminders({ db: app.database.kysely, mail: app.mail, contacts: app.startupContacts }, oneDayBefore)).toEqual({ startups: 0, assessors: 0 });
    expect(REMINDER_DAYS).toEqual([7, 1]);
  });

  it('do not ask a startup to share with an archived programme, which takes no shares', async () => {
    const admin = await mailingApp();
    const p = await createProgramme(app, admin, { deadline: inDays(5) });
    const r = await submittedResponse(app);
    await putContact(app, r, { email: addr('archived'), consent: true, code: p.joinCode });
    const archived = await app.inject({ method: 'PATCH', url: `/api/programmes/${p.id}`, headers: admin.write, payload: { archived: true } });
    expect(archived.statusCode, archived.body).toBe(200);
    // What the reminder would ask for is refused.
    const shared = await app.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code: p.joinCode, name: 'Startup BV', confirm: true } });
    expect(shared.statusCode).toBe(409);
    expect((await app.housekeeping.run()).reminders).toMatchObject({ startups: 0 });
    expect(await app.database.kysely.selectFrom('mail_outbox').select('id').where('template', '=', 'deadline-reminder-startup').execute()).toEqual([]);
  });

  it('sends the 1-day reminder after the 7-day one, each once (a deadline given with an offset too)', async () => {
    const admin = await mailingApp();
    // The same instant written in Amsterdam summer time: compared as a time, not as text.
    const deadline = new Date(Date.now() + 6 * DAY + 2 * 3600_000).toISOString().replace('Z', '+02:00');
    const p = await createProgramme(app, admin, { deadline });
    const r = await started(app);
    const email = addr('twice');
    await putContact(app, r, { email, consent: true, code: p.joinCode });
    const deps = { db: app.database.kysely, mail: app.mail, contacts: app.startupContacts };
    expect((await sendDeadlineReminders(deps)).startups).toBe(1);
    const dayBefore = Date.parse(deadline) - 20 * 3600_000;
    expect((await sendDeadlineReminders(deps, dayBefore)).startups).toBe(1);
    expect((await sendDeadlineReminders(deps, dayBefore + 3600_000)).startups).toBe(0);
    expect((await sendDeadlineReminders(deps, Date.parse(deadline) + 1000)).startups).toBe(0);
    expect((await smtp.mailFor(email, 2)).subject).toBe(`Nog 1 dag om uw zelftoets te delen met ${p.name}`);
  });

  it('are sent once by two app instances on one database running at the same time', async () => {
    const pg = ON_POSTGRES ? await freshSchema() : null;
    const db = pg ? { databaseUrl: TEST_DATABASE_URL, databaseSchema: pg.schema, databasePoolSize: 4 } : { databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-rem-')), 'r.db') };
    const opts = { ...db, publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'z@example.org', mailPollMs: 20 };
    const a = await staffApp(opts);
    const b = await staffApp(opts);
    try {
      const { session: admin } = await signedIn(a, 'admin@example.org', 'admin');
      const p = await createProgramme(a, admin, { deadline: inDays(2) });
      const to: string[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await started(i % 2 ? a : b);
        to.push(addr(`multi${i}`));
        await putContact(i % 2 ? b : a, r, { email: to[i], consent: true, code: p.joinCode });
      }
      const assessor = addr('multi-assessor');
      await signedIn(b, assessor, 'assessor');
      await assign(a, admin, p.id, assessor, 'assessor');
      await share(a, await submittedResponse(a), p.joinCode, 'X');
      const runs = await Promise.all([a.housekeeping.run(), b.housekeeping.run(), a.housekeeping.run(), b.housekeeping.run()]);
      expect(runs.reduce((n, r) => n + r.reminders.startups, 0)).toBe(8);
      expect(runs.reduce((n, r) => n + r.reminders.assessors, 0)).toBe(1);
      for (const t of [...to, assessor]) await smtp.mailFor(t);
      await expect.poll(async () => (await a.mail.repo.recent(50)).filter((m) => m.state === 'sent').length, { timeout: 30_000 }).toBe(9);
      await new Promise((r) => setTimeout(r, 200));
      for (const t of [...to, assessor]) expect(smtp.received.filter((m) => m.to.includes(t)), t).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await pg?.drop();
    }
  }, 120_000);
});

describe('the mail list', SLOW, () => {
  const log = async (admin: Session) => (await app.inject({ method: 'GET', url: '/api/mail', headers: admin.read })).json().mails as Array<{ id: string; to: string; state: string; attempts: number; lastError: string | null }>;

  it('shows a mail the SMTP server kept refusing as failed, with its error and attempts; an admin sends it again', async () => {
    const admin = await mailingApp({ mailMaxAttempts: 2 });
    const email = addr('refused');
    smtp.reject(2);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: admin.write, payload: { email, role: 'assessor' } })).statusCode).toBe(201);
    await expect.poll(async () => (await log(admin)).find((m) => m.to === email)?.state, { timeout: 30_000 }).toBe('failed');
    const failed = (await log(admin)).find((m) => m.to === email)!;
    expect(failed).toMatchObject({ attempts: 2, lastError: expect.stringMatching(/^451: /) });
    expect(smtp.received.some((m) => m.to.includes(email))).toBe(false);

    const { session: manager } = await signedIn(app, 'manager@example.org', 'manager');
    expect((await app.inject({ method: 'POST', url: `/api/mail/${failed.id}/retry`, headers: manager.write })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/mail/nope/retry', headers: admin.write })).json().code).toBe('not-found');

    const retried = await app.inject({ method: 'POST', url: `/api/mail/${failed.id}/retry`, headers: admin.write });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'queued', attempts: 0 });
    await smtp.mailFor(email);
    await expect.poll(async () => (await log(admin)).find((m) => m.to === email)?.state, { timeout: 30_000 }).toBe('sent');
    // A sent mail is not sent again.
    const twice = await app.inject({ method: 'POST', url: `/api/mail/${failed.id}/retry`, headers: admin.write });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('mail-not-retryable');
  });

  it('does not send a mail again that was never written, nor without SMTP', async () => {
    app = await staffApp(); // neither SMTP nor PUBLIC_URL: the invitation is stored as failed
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    await app.inject({ method: 'POST', url: '/api/users', headers: admin.write, payload: { email: 'x@example.org', role: 'assessor' } });
    const m = (await log(admin)).find((x) => x.to === 'x@example.org')!;
    expect(m.state).toBe('failed');
    const res = await app.inject({ method: 'POST', url: `/api/mail/${m.id}/retry`, headers: admin.write });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ statusCode: 409, code: 'mail-not-retryable' });
  });
});
