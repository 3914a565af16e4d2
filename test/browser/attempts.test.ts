// The submissions list in a real browser (issue 14 item 1): one row per team with its attempts, the
// table fitting 1366 px, the list's state in the address surviving Back, accent-free search, reflow at
// 390 px, and the "what changed since your review" panel on a team's new attempt.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { answerLate, launchBrowser } from '../helpers/browser.js';
import { assign, bearer, cookieFrom, createProgramme, createUser, login, PASSWORD, share, submittedResponse, TEST_HASH_COST } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let programmeId: string;
let f2: { id: string; token: string };
let f3: { id: string; token: string };

async function retake(r: { id: string; token: string }, changes: Record<string, unknown>) {
  const next = (await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) })).json() as { id: string; token: string };
  expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: changes } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-attempts-')), 'e2e.db'), rateLimitPerMinute: 0,
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  await createUser(app, 'admin@example.org', 'admin');
  const admin = await login(app, 'admin@example.org');
  const p = await createProgramme(app, admin, { name: 'Cohort 2026', kind: 'cohort' });
  programmeId = p.id;
  await createUser(app, 'assessor@example.org', 'assessor');
  await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
  const names = ['Fairhire AI', 'Lumen Labs', 'Taalmaatje', 'VRzorg Nederland B.V.', 'Spatial Twin Technologies', 'Kwantum Krypto Ümlaut'];
  const first: Record<string, { id: string; token: string }> = {};
  for (const name of names) {
    first[name] = await submittedResponse(app);
    await share(app, first[name], p.joinCode, name);
  }
  f2 = await retake(first['Fairhire AI'], { 'm-dpia': { option: 'done' } });
  await share(app, f2, p.joinCode, 'Fairhire AI');
  const assessor = await login(app, 'assessor@example.org');
  const reviewed = await app.inject({
    method: 'PUT', url: `/api/submissions/${f2.id}/review`, headers: assessor.write,
    payload: { scores: { privacy: { score: 55, comment: 'DPIA nog niet af' } }, judgement: 'conditional', comment: 'Eerst de DPIA afronden', submit: true },
  });
  expect(reviewed.statusCode, reviewed.body).toBe(200);
  f3 = await retake(f2, { 'm-security': { options: ['mfa', 'backup', 'pentest'] } });
  await share(app, f3, p.joinCode, 'Fairhire AI');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedInContext(width: number): Promise<BrowserContext> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'assessor@example.org', password: PASSWORD } });
  const [name, value] = cookieFrom(res).split('=');
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'nl-NL' });
  await context.addCookies([{ name, value, url: base }]);
  return context;
}

describe('the submissions list', () => {
  it('staff #2 #7 #13 #14: one row per team, fits 1366 px, filters and sort survive Back, accent-free search', { timeout: 240_000 }, async () => {
    const context = await signedInContext(1366);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/staff/programmes/${programmeId}`);
    await page.waitForSelector('.submissions-table tbody tr');
    // #2: six teams, Fairhire once, as its third attempt of three, with a link to the earlier ones.
    await page.waitForSelector('text=6 teams');
    expect(await page.locator('.submissions-table tbody tr').count()).toBe(6);
    const fairhire = page.locator('tr', { has: page.getByRole('link', { name: 'Fairhire AI', exact: true }) });
    await expect.poll(() => fairhire.locator('.attempt-line').innerText()).toContain('poging 3 van 3 · laatste');

    // #7: the table fits its box at 1366 px; review status and profile in view; the date on one line.
    const fit = await page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap')!;
      const box = wrap.getBoundingClientRect();
      const heads = [...document.querySelectorAll('.submissions-table th')].map((th) => th.getBoundingClientRect());
      const date = document.querySelector('.submissions-table td.nowrap')!;
      const range = document.createRange();
      range.selectNodeContents(date);
      return {
        scroll: wrap.scrollWidth - wrap.clientWidth,
        lastRight: Math.max(...heads.map((h) => h.right)) - box.right,
        dateLines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
        page: document.documentElement.scrollWidth,
      };
    });
    expect(fit.scroll, 'the table scrolls sideways at 1366 px').toBeLessThanOrEqual(0);
    expect(fit.lastRight, 'the profile column is cut off').toBeLessThanOrEqual(0);
    expect(fit.dateLines).toBe(1);
    expect(fit.page).toBeLessThanOrEqual(1366);
    await expect.poll(() => page.getByRole('button', { name: 'Beoordeling' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('th', { hasText: 'Profiel' }).isVisible()).toBe(true);
    expect(await page.locator('.scroll-hint').count()).toBe(0);

    // The team's earlier attempts, in the address too.
    await fairhire.getByRole('link', { name: /alle 3 pogingen/ }).click();
    await page.waitForSelector('text=Alle gedeelde pogingen van dit team');
    await expect.poll(() => page.locator('.submissions-table tbody tr').count()).toBe(3);
    expect(new URL(page.url()).searchParams.get('team')).toBeTruthy();
    await page.getByRole('button', { name: 'Terug naar alle teams' }).click();
    await expect.poll(() => page.locator('.submissions-table tbody tr').count()).toBe(6);

    // #13: filter and sort, open a submission, go Back: the same view.
    await page.selectOption('#f-area', 'ai');
    await page.selectOption('#f-attempts', 'all');
    await page.getByRole('button', { name: 'Randvoorwaarden' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('precondition');
    await page.getByLabel('Zoeken op naam').fill('umlaut');
    // #14: the accent-free search finds "Ümlaut".
    await expect.poll(() => page.locator('.submissions-table tbody tr').count()).toBe(1);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('umlaut');
    await page.getByRole('link', { name: 'Kwantum Krypto Ümlaut' }).click();
    await page.waitForSelector('h1:text("Kwantum Krypto Ümlaut")');
    await page.goBack();
    await page.waitForSelector('.submissions-table tbody tr');
    expect(await page.locator('#f-area').inputValue()).toBe('ai');
    expect(await page.locator('#f-attempts').inputValue()).toBe('all');
    expect(await page.getByLabel('Zoeken op naam').inputValue()).toBe('umlaut');
    expect(await page.locator('th[aria-sort]').innerText()).toContain('Randvoorwaarden');
    await expect.poll(() => page.locator('.submissions-table tbody tr').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a search answered late does not replace the list of a newer search', { timeout: 60_000 }, async () => {
    const context = await signedInContext(1366);
    const page = await context.newPage();
    // The first search is answered slowly, as on a busy server; the second one quickly.
    await answerLate(page, '**/api/programmes/*/submissions?*', 1500, (request) => new URL(request.url()).searchParams.get('q') === 'lumen');
    await page.goto(`${base}/staff/programmes/${programmeId}`);
    await page.waitForSelector('text=6 teams');
    const slow = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === 'lumen');
    const sent = page.waitForRequest((r) => new URL(r.url()).searchParams.get('q') === 'lumen');
    await page.getByLabel('Zoeken op naam').fill('lumen');
    await sent;
    await page.getByLabel('Zoeken op naam').fill('taal');
    await expect.poll(() => page.locator('.submissions-table tbody tr').innerText()).toContain('Taalmaatje');
    await slow;
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.locator('.submissions-table tbody tr').count()).toBe(1);
    expect(await page.locator('.submissions-table tbody tr').innerText()).toContain('Taalmaatje');
    expect(new URL(page.url()).searchParams.get('q')).toBe('taal');
    await context.close();
  });

  it('reflows at 390 px (no page-level sideways scroll), in both languages', { timeout: 120_000 }, async () => {
    const context = await signedInContext(390);
    const page = await context.newPage();
    for (const lang of ['nl', 'en']) {
      await page.goto(`${base}/staff/programmes/${programmeId}`);
      await page.evaluate((l) => localStorage.setItem('zelftoets:locale', l), lang);
      await page.reload();
      await page.waitForSelector('.submissions-table tbody tr');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), lang).toBeLessThanOrEqual(390);
      // Where the table itself must scroll, it says so and can be scrolled by keyboard.
      expect(await page.locator('.scroll-hint').count(), lang).toBe(1);
      expect(await page.locator('.table-wrap').getAttribute('tabindex')).toBe('0');
    }
    await context.close();
  });

  it('item 1: the new attempt shows the assessor what changed since the attempt they reviewed, and their review', { timeout: 120_000 }, async () => {
    const context = await signedInContext(1366);
    const page = await context.newPage();
    await page.evaluate(() => undefined);
    await page.goto(`${base}/staff/submissions/${f3.id}`);
    await page.waitForSelector('.attempt-changes');
    const panel = page.locator('.attempt-changes');
    await expect.poll(() => panel.innerText()).toContain('Vergeleken met poging 2');
    const text = await panel.innerText();
    expect(text).toContain('Veranderde antwoorden: 1');
    expect(text).toContain('Eerst de DPIA afronden');
    expect(text).toContain('DPIA nog niet af');
    // Nothing to compare on the attempt they reviewed itself.
    await page.goto(`${base}/staff/submissions/${f2.id}`);
    await page.waitForSelector('h1');
    await page.waitForTimeout(500);
    expect(await page.locator('.attempt-changes').count()).toBe(0);
    await context.close();
  });
});
