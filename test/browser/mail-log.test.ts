// The mail log (admins) in a real browser: a mail in the other language is marked as such for a
// screen reader, times follow the chosen language, and sending a failed mail again keeps the
// keyboard's place and says so.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { signedIn, TEST_HASH_COST, type Session } from '../helpers/staff.js';
import { startSmtp } from '../helpers/smtp.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let admin: Session;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  smtp = await startSmtp();
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-mail-log-')), 'e2e.db'),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
    publicUrl: 'https://toets.example.org', smtpUrl: smtp.url, mailFrom: 'Zelftoets <zelftoets@example.org>',
    mailRetryBaseMs: 50, mailPollMs: 100, mailTimeoutMs: 5_000,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

async function pageAs(session: Session, locale: 'nl' | 'en', width = 1280): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
  await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return ctx.newPage();
}

describe('mail log', () => {
  it('marks a mail written in the other language with its language', { timeout: 60_000 }, async () => {
    await app.mail.repo.insert({
      recipient: 'founder@example.org', locale: 'en', template: 'assignment',
      subject: 'New applications to review', text: 'Two applications are waiting for your review.', html: '', state: 'outbox',
    });
    const page = await pageAs(admin, 'nl');
    await page.goto(`${base}/staff/mail`);
    const entry = page.locator('.mail-entry', { hasText: 'New applications to review' });
    await entry.waitFor();
    // The subject and text are English on a Dutch page: read with Dutch sounds without a lang.
    const langOf = (selector: string) => entry.locator(selector).evaluate((el) => el.closest('[lang]')?.getAttribute('lang'));
    expect(await langOf('h2')).toBe('en');
    expect(await langOf('pre')).toBe('en');
    await expectNoSeriousA11yViolations(page, 'mail log');
    await page.context().close();
  });

  it('shows when a mail was written in the chosen language, not the browser\'s', { timeout: 60_000 }, async () => {
    const mail = await app.mail.repo.insert({
      recipient: 'assessor@example.org', locale: 'nl', template: 'assignment',
      subject: 'Nieuwe aanvragen om te beoordelen', text: 'Er wachten twee aanvragen.', html: '', state: 'outbox',
    });
    for (const [locale, tag] of [['nl', 'nl-NL'], ['en', 'en-GB']] as const) {
      // The browser itself is set to American English.
      const page = await pageAs(admin, locale);
      await page.goto(`${base}/staff/mail`);
      const entry = page.locator('.mail-entry', { hasText: 'Nieuwe aanvragen om te beoordelen' });
      await entry.waitFor();
      const when = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(mail.created_at));
      expect(await entry.locator('dd').nth(2).textContent()).toBe(when);
      await page.context().close();
    }
  });

  it('sending a failed mail again says so in a status region and keeps the focus on the mail', { timeout: 60_000 }, async () => {
    await app.mail.repo.insert({
      recipient: 'retry@example.org', locale: 'nl', template: 'assignment',
      subject: 'Mislukte herinnering', text: 'Er wacht een aanvraag.', html: '', state: 'failed', error: 'connection refused',
    });
    const page = await pageAs(admin, 'nl');
    await page.goto(`${base}/staff/mail`);
    const entry = page.locator('.mail-entry', { hasText: 'Mislukte herinnering' });
    const again = entry.getByRole('button', { name: 'Opnieuw versturen' });
    await again.waitFor();
    // A status region is only read out when it was on the page before it filled.
    expect(await entry.locator('[role=status]').count()).toBe(1);
    const region = await entry.locator('[role=status]').elementHandle();
    // The mail server refuses for a while, so the mail is still waiting when the log reloads.
    smtp.reject(8);
    await again.focus();
    await page.keyboard.press('Enter');
    await again.waitFor({ state: 'detached' });
    await expect.poll(() => region!.textContent()).toBe('Staat weer klaar om te versturen.');
    // The button is gone: focus must not fall back to the top of the page.
    expect(await page.evaluate(() => document.activeElement !== document.body && !!document.activeElement?.closest('.mail-entry'))).toBe(true);
    smtp.reject(0);
    await page.context().close();
  });
});
