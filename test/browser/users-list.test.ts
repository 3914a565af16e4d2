// The admin's users page: more accounts than fit on one page are paged, and a search by email or name
// finds one among them; both languages, at 390 and 1366 px, without serious accessibility violations.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerLate, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { signedIn, TEST_HASH_COST, type Session } from '../helpers/staff.js';

const SHOTS = process.env.USERS_SHOTS ?? join(tmpdir(), 'zelftoets-shots-users');
let app: FastifyInstance;
let browser: Browser;
let base: string;
let admin: Session;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  mkdirSync(SHOTS, { recursive: true });
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-users-')), 'u.db'), rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
  for (let i = 0; i < 60; i++) {
    const no = String(i).padStart(2, '0');
    await app.staffRepos.users.create({ email: `assessor-${no}@example.org`, name: i === 42 ? 'Zeynep Yılmaz' : `Beoordelaar ${no}`, role: 'assessor' });
  }
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The admin's users page in a context of its own, at `width` px, in `lang` when given. */
async function adminPage(width: number, lang?: 'nl' | 'en') {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies([{ name: 'zt_session', value: admin.cookie.split('=')[1], url: base }]);
  if (lang) await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), lang);
  return { ctx, page: await ctx.newPage() };
}

const WORDS = {
  nl: { count: '61 accounts', one: '1 account', page1: 'Pagina 1 van 2', page2: 'Pagina 2 van 2', next: 'Volgende pagina', search: 'Zoeken op e-mailadres of naam', none: 'Geen account gevonden met deze zoekterm.' },
  en: { count: '61 accounts', one: '1 account', page1: 'Page 1 of 2', page2: 'Page 2 of 2', next: 'Next page', search: 'Search by email address or name', none: 'No account matches this search.' },
};

describe('users page', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`pages through 61 accounts and finds one by name (${lang})`, { timeout: 90_000 }, async () => {
      const w = WORDS[lang];
      for (const width of [390, 1366]) {
        const { ctx, page } = await adminPage(width, lang);
        await page.goto(`${base}/staff/users`);
        const rows = page.locator('table.users-table tbody tr');
        await expect.poll(() => page.locator('main [role=status].meta').textContent()).toBe(w.count);
        await expect.poll(() => rows.count()).toBe(50);
        await expect.poll(() => page.locator('nav.pager span').textContent()).toBe(w.page1);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await expectNoSeriousA11yViolations(page, `users page ${lang} ${width}`);
        await page.getByRole('button', { name: w.next }).click();
        await expect.poll(() => page.locator('nav.pager span').textContent()).toBe(w.page2);
        // The pager moves at once, the rows when the page has come.
        await expect.poll(() => rows.count()).toBe(11);
        expect(await rows.last().locator('td').first().textContent()).toBe('assessor-59@example.org');

        await page.getByLabel(w.search).fill('yılmaz');
        await expect.poll(() => page.locator('main [role=status].meta').textContent()).toBe(w.one);
        await expect.poll(() => rows.count()).toBe(1);
        expect(await rows.first().locator('td').first().textContent()).toBe('assessor-42@example.org');
        expect(await page.locator('nav.pager').count()).toBe(0);
        await page.screenshot({ path: join(SHOTS, `users-search-${lang}-${width}.png`), fullPage: width > 500 });
        await page.getByLabel(w.search).fill('niemand');
        await expect.poll(() => page.locator('main [role=status].meta').textContent()).toBe(w.none);
        await expect.poll(() => page.locator('table.users-table').count()).toBe(0);
        await ctx.close();
      }
    });
  }
});

describe('users page search', () => {
  it('shows the answer to the latest search, also when an earlier one answers after it', { timeout: 60_000 }, async () => {
    const { ctx, page } = await adminPage(1366);
    // The search for "beoordelaar 1" (ten accounts) answers late, after the one for "beoordelaar 12".
    await answerLate(page, '**/api/users?*', 1_500, (r) => new URL(r.url()).searchParams.get('q') === 'beoordelaar 1');
    await page.goto(`${base}/staff/users`);
    const status = page.locator('main [role=status].meta');
    await expect.poll(() => status.textContent()).toBe('61 accounts');
    await page.getByLabel('Zoeken op e-mailadres of naam').fill('beoordelaar 1');
    await page.waitForRequest((r) => new URL(r.url()).searchParams.get('q') === 'beoordelaar 1');
    await page.getByLabel('Zoeken op e-mailadres of naam').fill('beoordelaar 12');
    await expect.poll(() => status.textContent()).toBe('1 account');
    // Past the late answer: the list is still the latest search's.
    await page.waitForTimeout(2_000);
    expect(await status.textContent()).toBe('1 account');
    expect(await page.locator('table.users-table tbody tr').count()).toBe(1);
    await ctx.close();
  });

  it('searches once typing stops, not once per key', { timeout: 60_000 }, async () => {
    const { ctx, page } = await adminPage(1366);
    await page.goto(`${base}/staff/users`);
    const status = page.locator('main [role=status].meta');
    await expect.poll(() => status.textContent()).toBe('61 accounts');
    const searched: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/users?')) searched.push(new URL(r.url()).searchParams.get('q') ?? ''); });
    await page.getByLabel('Zoeken op e-mailadres of naam').pressSequentially('assessor-07', { delay: 20 });
    await expect.poll(() => status.textContent()).toBe('1 account');
    await page.waitForTimeout(500);
    expect(searched).toEqual(['assessor-07']);
    await ctx.close();
  });

  it('an action that ends after a search reloads the searched list, not the one from before', { timeout: 60_000 }, async () => {
    const { ctx, page } = await adminPage(1366);
    await answerLate(page, '**/api/users/*/reset-link', 1_500, 'POST');
    await page.goto(`${base}/staff/users`);
    const status = page.locator('main [role=status].meta');
    await expect.poll(() => status.textContent()).toBe('61 accounts');
    const reset = page.waitForResponse((r) => r.url().endsWith('/reset-link'));
    await page.getByRole('button', { name: 'Link voor nieuw wachtwoord (assessor-00@example.org)' }).click();
    await page.getByLabel('Zoeken op e-mailadres of naam').fill('assessor-07');
    await expect.poll(() => status.textContent()).toBe('1 account');
    await reset;
    await page.waitForTimeout(1_000);
    // The link's reload was the latest request; made with the list from before the search, it showed all 61.
    expect(await status.textContent()).toBe('1 account');
    expect(await page.locator('table.users-table tbody tr').count()).toBe(1);
    await ctx.close();
  });

  it('a search that failed leaves no error once the next one answers', { timeout: 60_000 }, async () => {
    const { ctx, page } = await adminPage(1366);
    await page.route('**/api/users?*', (route) => (new URL(route.request().url()).searchParams.get('q') === 'kapot' ? route.abort('connectionreset') : route.continue()));
    await page.goto(`${base}/staff/users`);
    const status = page.locator('main [role=status].meta');
    await expect.poll(() => status.textContent()).toBe('61 accounts');
    const field = page.getByLabel('Zoeken op e-mailadres of naam');
    await field.fill('kapot');
    await expect.poll(() => page.locator('main [role=alert]').count()).toBe(1);
    await field.fill('assessor-07');
    await expect.poll(() => status.textContent()).toBe('1 account');
    expect(await page.locator('main [role=alert]').count()).toBe(0);
    await ctx.close();
  });
});
