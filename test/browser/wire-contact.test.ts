// Issue 14 wiring in the browser: the staff submission page shows the startup's contact address only
// when the startup consented to show it to the programme; in Dutch at 390 px (no sideways scroll)
// and in English at 1366 px. Needs `npm run build`.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, submittedResponse, TEST_HASH_COST, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-wire-')), 'w.db'),
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function pageAs(session: Session, width: number, locale: 'nl' | 'en'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return await ctx.newPage();
}

describe('the staff submission page', () => {
  it('shows the startup\'s contact address only with its second consent, in both languages, at 390 and 1366 px', { timeout: 240_000 }, async () => {
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, p.id, 'manager@example.org', 'manager');
    const manager = await login(app, 'manager@example.org');
    const s = await submittedResponse(app);
    await share(app, s, p.joinCode, 'Startup Een');
    const email = 'a-rather-long-founder-address.for-reminders@startup-een.example.org';
    const contact = (showToProgramme: boolean) => app.inject({ method: 'PUT', url: `/api/responses/${s.id}/contact`, headers: bearer(s.token), payload: { email, consent: true, showToProgramme } });

    expect((await contact(false)).statusCode).toBe(200);
    const hidden = await pageAs(manager, 1366, 'en');
    await hidden.goto(`${base}/staff/submissions/${s.id}`);
    await hidden.getByRole('heading', { level: 1, name: 'Startup Een' }).waitFor({ timeout: 60_000 });
    expect(await hidden.locator('.startup-contact').count()).toBe(0);
    expect(await hidden.content()).not.toContain(email);
    await hidden.close();

    expect((await contact(true)).statusCode).toBe(200);
    for (const [width, locale, words] of [[390, 'nl', 'Contactadres van de startup:'], [1366, 'en', 'Startup\'s contact address:']] as const) {
      const page = await pageAs(manager, width, locale);
      await page.goto(`${base}/staff/submissions/${s.id}`);
      const line = page.locator('.startup-contact');
      await line.waitFor({ timeout: 60_000 });
      expect(await line.textContent()).toBe(`${words} ${email}`);
      expect(await line.locator('a').getAttribute('href')).toBe(`mailto:${email}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.close();
    }
  });
});
