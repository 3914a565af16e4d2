// Mail (issue 14, item 6): invitations and password resets arrive at a real SMTP server in this
// process, with working links; the HTML part never carries markup someone typed; failed sends are
// retried and visible to admins; without SMTP the mail waits in the outbox. Runs on both engines.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../server/config.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { login, signedIn, staffApp, type Session } from '../helpers/staff.js';
import { startSmtp } from '../helpers/smtp.js';

const PUBLIC_URL = 'https://toets.example.org';
const linkIn = (text: string) => {
  const m = /https:\/\/toets\.example\.org\/staff\/set-password\?lang=(?:nl|en)#([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no set-password link in:\n${text}`);
  return { url: m[0], token: m[1] };
};

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
});

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function mailingApp(overrides = {}) {
  app = await staffApp({ publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'Zelftoets <zelftoets@example.org>', mailRetryBaseMs: 50, mailPollMs: 200, mailTimeoutMs: 5_000, ...overrides });
  const { session } = await signedIn(app, 'admin@example.org', 'admin');
  return session;
}

const invite = (admin: Session, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/users', headers: admin.write, payload: { role: 'assessor', ...payload } });
const mailLog = async (admin: Session) => {
  const res = await app.inject({ method: 'GET', url: '/api/mail', headers: admin.read });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { sending: boolean; mails: Array<{ to: string; subject: string; text: string; state: string; attempts: number; lastError: string | null; template: string }> };
};
const forgot = (email: string, locale?: 'nl' | 'en') =>
  app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email, ...(locale ? { locale } : {}) } });

describe('invitation mail', () => {
  it('arrives in the invitee\'s language with a link that sets the password, after which they sign in', async () => {
    const admin = await mailingApp();
    const res = await invite(admin, { email: 'nieuw@example.org', name: 'Noor', locale: 'en' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mail).toEqual({ state: 'queued', error: null });
    const mail = await smtp.mailFor('nieuw@example.org');
    expect(mail.subject).toBe('Invitation to the Public Values Self-Assessment');
    expect(mail.from).toBe('zelftoets@example.org');
    expect(mail.text).toContain('Dear Noor,');
    const { url, token } = linkIn(mail.text);
    // The mailed link is the one the admin sees, opening the page in the mail's language.
    expect(url).toBe(PUBLIC_URL + res.json().link.setPasswordPath.replace('#', '?lang=en#'));
    expect(mail.html).toContain(`href="${url}"`);
    const set = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'een lang nieuw wachtwoord' } });
    expect(set.statusCode, set.body).toBe(200);
    await login(app, 'nieuw@example.org', 'een lang nieuw wachtwoord');
    // The log says it was sent; its stored copy no longer holds a usable link.
    await expect.poll(async () => (await mailLog(admin)).mails.find((m) => m.to === 'nieuw@example.org')?.state).toBe('sent');
    const logged = (await mailLog(admin)).mails.find((m) => m.to === 'nieuw@example.org')!;
    expect(logged.text).not.toContain(token);
    expect(logged.text).toContain('/staff/set-password?lang=en#…');
  });

  it('is in Dutch by default, and its HTML part shows a name full of markup as text', async () => {
    const admin = await mailingApp();
    const name = '<img src=x onerror=alert(1)> & "Bob"';
    expect((await invite(admin, { email: 'xss@example.org', name })).statusCode).toBe(201);
    const mail = await smtp.mailFor('xss@example.org');
    expect(mail.subject).toBe('Uitnodiging voor de Publieke Waarden Zelftoets');
    expect(mail.text).toContain(`Beste ${name},`);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('"Bob"');
    expect(mail.html).toContain('Beste &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Bob&quot;,');
    // The only tags are the template's own.
    expect(new Set(mail.html.match(/<\/?([a-z]+)/g)!.map((t) => t.replace(/[</]/g, '')))).toEqual(new Set(['html', 'body', 'p', 'a']));
  });

  it('is retried after the SMTP server refuses it, and the attempts show in the admin\'s list', async () => {
    const admin = await mailingApp();
    smtp.reject(2);
    const before = smtp.refused;
    expect((await invite(admin, { email: 'later@example.org' })).statusCode).toBe(201);
    const mail = await smtp.mailFor('later@example.org');
    expect(smtp.refused - before).toBe(2);
    linkIn(mail.text);
    await expect.poll(async () => (await mailLog(admin)).mails.find((m) => m.to === 'later@example.org')?.state).toBe('sent');
    const logged = (await mailLog(admin)).mails.find((m) => m.to === 'later@example.org')!;
    expect(logged.attempts).toBe(3);
    expect(smtp.received.filter((m) => m.to.includes('later@example.org'))).toHaveLength(1);
  });

  it('gives up after the last attempt and says why', async () => {
    const admin = await mailingApp({ mailMaxAttempts: 2 });
    smtp.reject(2);
    expect((await invite(admin, { email: 'never@example.org' })).statusCode).toBe(201);
    await expect.poll(async () => (await mailLog(admin)).mails.find((m) => m.to === 'never@example.org')?.state).toBe('failed');
    const logged = (await mailLog(admin)).mails.find((m) => m.to === 'never@example.org')!;
    expect(logged.attempts).toBe(2);
    expect(logged.lastError).toMatch(/451/);
    smtp.reject(0);
  });
});

describe('several instances on one database', () => {
  it('send each mail exactly once', async () => {
    const pg = ON_POSTGRES ? await freshSchema() : null;
    const db = pg ? { databaseUrl: TEST_DATABASE_URL, databaseSchema: pg.schema, databasePoolSize: 4 } : { databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-mail-')), 'm.db') };
    const opts = { ...db, publicUrl: PUBLIC_URL, smtpUrl: smtp.url, mailFrom: 'z@example.org', mailPollMs: 20 };
    const a = await staffApp(opts);
    const b = await staffApp(opts);
    try {
      const to = (i: number) => `multi${i}@example.org`;
      for (let i = 0; i < 20; i++) {
        await (i % 2 ? a : b).mail.queue(to(i), 'nl', 'password-reset', { setPasswordPath: `/staff/set-password#token${i}xxxxxxxxxxxxxxxx`, expiresAt: new Date().toISOString() });
      }
      for (let i = 0; i < 20; i++) await smtp.mailFor(to(i));
      await expect.poll(async () => (await a.mail.repo.recent(50)).filter((m) => m.state === 'sent').length).toBe(20);
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 20; i++) expect(smtp.received.filter((m) => m.to.includes(to(i)))).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await pg?.drop();
    }
  });
});

describe('password reset', () => {
  it('mails a one-time link to an existing address only, and answers the same either way', async () => {
    await mailingApp();
    await signedIn(app, 'bestaat@example.org', 'assessor');
    const known = await forgot('bestaat@example.org', 'en');
    const unknown = await forgot('bestaat-niet@example.org', 'en');
    const strip = (r: typeof known) => ({ status: r.statusCode, body: r.body, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => !['date', 'x-request-id'].includes(k))) });
    expect(known.statusCode).toBe(204);
    expect(strip(unknown)).toEqual(strip(known));

    const mail = await smtp.mailFor('bestaat@example.org');
    // The account's language, not the page's: it was created in Dutch.
    expect(mail.subject).toBe('Nieuw wachtwoord kiezen');
    const { token } = linkIn(mail.text);
    const set = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'mijn nieuwe wachtwoord' } });
    expect(set.statusCode, set.body).toBe(200);
    await login(app, 'bestaat@example.org', 'mijn nieuwe wachtwoord');
    // One-time.
    expect((await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'nog een wachtwoord' } })).statusCode).toBe(404);

    await app.close(); // waits for the background work: nothing is on its way to the unknown address
    expect(smtp.received.some((m) => m.to.includes('bestaat-niet@example.org'))).toBe(false);
  });

  it('is bounded per address per hour, and the answer still does not change', async () => {
    const admin = await mailingApp({ mailPerRecipientPerHour: 2 });
    await signedIn(app, 'veel@example.org', 'assessor');
    const answers = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await forgot('veel@example.org');
      answers.add(`${res.statusCode} ${res.body}`);
      // One at a time, so each request sees the mails of the ones before it.
      await expect.poll(async () => (await mailLog(admin)).mails.filter((m) => m.to === 'veel@example.org').length).toBe(Math.min(i + 1, 2));
    }
    expect([...answers]).toEqual(['204 ']);
    // Requests beyond the bound must not void the link last mailed: otherwise anyone could keep a
    // person from ever resetting their password (or accepting an invitation) by asking again.
    const { token } = linkIn((await smtp.mailFor('veel@example.org', 2)).text);
    const set = await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'mijn nieuwe wachtwoord' } });
    expect(set.statusCode, set.body).toBe(200);
    await app.close();
    expect(smtp.received.filter((m) => m.to.includes('veel@example.org'))).toHaveLength(2);
  });

  it('is rate limited per client address', async () => {
    app = await staffApp({ rateLimitPerMinute: 600, loginRateLimitPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await forgot('x@example.org')).statusCode);
    expect(codes).toEqual([204, 204, 204, 429, 429]);
  });
});

describe('without SMTP_URL', () => {
  it('holds the hourly bound for mails queued at the same moment, each counted in its turn', async () => {
    app = await staffApp({ publicUrl: PUBLIC_URL, mailPerRecipientPerHour: 3 });
    const queued = await Promise.all(Array.from({ length: 10 }, () =>
      app.mail.queue('druk@example.org', 'nl', 'assignment', { programme: 'Subsidie AI 2026', count: 1, tasksPath: '/staff/tasks', passwordSet: true })));
    expect(queued.filter((m) => m !== null)).toHaveLength(3);
    const stored = await app.database.kysely.selectFrom('mail_outbox').select('id').where('recipient', '=', 'druk@example.org').execute();
    expect(stored).toHaveLength(3);
  });

  it('keeps every mail in the outbox, which only an admin reads', async () => {
    app = await staffApp({ publicUrl: PUBLIC_URL });
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const res = await invite(admin, { email: 'outbox@example.org', name: 'Olga' });
    expect(res.json().mail).toEqual({ state: 'outbox', error: null });
    const log = await mailLog(admin);
    expect(log.sending).toBe(false);
    const m = log.mails.find((x) => x.to === 'outbox@example.org')!;
    expect(m).toMatchObject({ state: 'outbox', template: 'invitation', subject: 'Uitnodiging voor de Publieke Waarden Zelftoets' });
    // Nothing was sent, so the link stays readable for the admin to pass on.
    expect(linkIn(m.text).url).toBe(PUBLIC_URL + res.json().link.setPasswordPath.replace('#', '?lang=nl#'));
    for (const role of ['manager', 'assessor'] as const) {
      const { session } = await signedIn(app, `${role}@example.org`, role);
      expect((await app.inject({ method: 'GET', url: '/api/mail', headers: session.read })).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/mail' })).statusCode).toBe(401);
  });

  // The limit was declared an integer, but a query string holds text and values are not coerced: every
  // ?limit= answered 400, so the documented parameter could not be used at all.
  it('reads ?limit= from 1 to 200 and refuses anything else with a 400', async () => {
    app = await staffApp({ publicUrl: PUBLIC_URL });
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) await invite(admin, { email });
    const limited = await app.inject({ method: 'GET', url: '/api/mail?limit=2', headers: admin.read });
    expect(limited.statusCode, limited.body).toBe(200);
    expect(limited.json().mails).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: '/api/mail?limit=200', headers: admin.read })).json().mails).toHaveLength(3);
    for (const limit of ['0', '201', '1.5', '-1', 'abc', '']) {
      expect((await app.inject({ method: 'GET', url: `/api/mail?limit=${limit}`, headers: admin.read })).json(), limit).toMatchObject({ statusCode: 400, code: 'invalid-request' });
    }
  });

  it('does not write a link without PUBLIC_URL, and the outbox says why', async () => {
    app = await staffApp();
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const res = await invite(admin, { email: 'nolink@example.org' });
    expect(res.statusCode).toBe(201);
    expect(res.json().mail.state).toBe('failed');
    const m = (await mailLog(admin)).mails.find((x) => x.to === 'nolink@example.org')!;
    expect(m.state).toBe('failed');
    expect(m.lastError).toMatch(/PUBLIC_URL/);
  });
});

describe('the mail table', () => {
  it('forgets settled mail after 90 days, never mail still waiting to be sent', async () => {
    app = await staffApp({ publicUrl: PUBLIC_URL });
    const db = app.database.kysely;
    const old = new Date(Date.now() - 91 * 24 * 3600_000).toISOString();
    const base = { recipient: 'a@example.org', locale: 'nl' as const, template: 'invitation', subject: 's', text_body: 't', html_body: 'h', created_at: old };
    await db.insertInto('mail_outbox').values([
      { ...base, id: 'sent', state: 'sent' }, { ...base, id: 'outbox', state: 'outbox' }, { ...base, id: 'failed', state: 'failed' },
      { ...base, id: 'queued', state: 'queued', next_attempt_at: new Date(Date.now() + 3600_000).toISOString() },
      { ...base, id: 'recent', state: 'sent', created_at: new Date().toISOString() },
    ]).execute();
    expect((await app.housekeeping.run()).mails).toBe(3);
    expect((await db.selectFrom('mail_outbox').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['queued', 'recent']);
  });
});

describe('configuration', () => {
  it('wants SMTP_URL and MAIL_FROM together, an smtp URL, and does not echo its password', () => {
    expect(() => configFromEnv({ SMTP_URL: 'smtp://u:p@mail.example.org:587' })).toThrow(/MAIL_FROM/);
    expect(() => configFromEnv({ MAIL_FROM: 'a@example.org' })).toThrow(/SMTP_URL/);
    expect(() => configFromEnv({ SMTP_URL: 'http://u:geheim@x', MAIL_FROM: 'a@example.org' })).toThrow(/smtp:\/\//);
    try { configFromEnv({ SMTP_URL: 'http://u:geheim@x', MAIL_FROM: 'a@example.org' }); } catch (err) { expect(String(err)).not.toContain('geheim'); }
    const c = configFromEnv({ SMTP_URL: 'smtps://u:p@mail.example.org:465', MAIL_FROM: 'Zelftoets <z@example.org>' });
    expect(c).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example.org:465', mailFrom: 'Zelftoets <z@example.org>' });
  });
});

