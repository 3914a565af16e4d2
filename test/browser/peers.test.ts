// Issue 16, items 4 and 5 in the browser: the founder opts in at submit (explained on the submit step),
// the report says when the comparison will appear, and shows percentiles and distributions once the
// pool (seeded through the API) reaches PEER_MIN_POOL; the cohort page shows the pool and plan figures.
// SCREENSHOT_DIR=… keeps pictures at 390 and 1366 px in both languages.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, TEST_HASH_COST, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

const answers = (dpia: string, security: string[]) => ({
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: dpia }, 'm-retention': { option: 'yes' }, 'm-security': { options: security },
  'm-context': { text: 'Een assistent' },
});
const VARIANTS = [answers('none', ['none']), answers('partly', ['mfa']), answers('done', ['mfa', 'backup']), answers('mostly', ['mfa', 'backup', 'pentest'])];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-peers-')), 'p.db'), rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), peerMinPool: 4, cohortMinGroup: 2,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function started(a: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: a } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string };
}
async function submitted(a: Record<string, unknown>, peerConsent: boolean) {
  const r = await started(a);
  const res = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/submit`, headers: bearer(r.token), payload: { peerConsent } });
  expect(res.statusCode, res.body).toBe(200);
  return r;
}

async function pageAt(width: number, locale: 'nl' | 'en', session?: Session): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  if (session) await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return ctx.newPage();
}
const snap = async (page: Page, name: string) => {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
};
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('compared with peers', () => {
  it('opts in at submit, hides the percentile view below the threshold and shows it once the pool reaches it', { timeout: 240_000 }, async () => {
    const me = await started(VARIANTS[1]);
    const page = await pageAt(390, 'nl');
    await page.goto(`${base}/resume#${me.id}.${me.token}`);
    await page.waitForURL(`**/test/${me.id}**`);
    await page.locator('#section-heading').waitFor({ timeout: 15_000 });
    await page.goto(`${base}/test/${me.id}?section=submit`);
    const consent = page.getByLabel('Voeg mijn scores anoniem toe aan de vergelijking met andere startups');
    await consent.waitFor({ timeout: 15_000 });
    expect(await page.locator('#peer-consent-explain').innerText()).toContain('geen antwoorden');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'submit-consent-nl-390');
    if (process.env.SCREENSHOT_DIR) await page.locator('.peer-consent').screenshot({ path: join(process.env.SCREENSHOT_DIR, 'submit-consent-box-nl-390.png') });
    await consent.check();
    await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    await page.waitForURL(`**/report/${me.id}`);
    const section = page.locator('section.peer-comparison');
    await section.waitFor({ timeout: 15_000 });
    // Below the threshold: the message, no table, no chart, no size.
    expect(await section.innerText()).toContain('zodra er 4 vergelijkbare rapporten zijn');
    expect(await section.locator('table').count()).toBe(0);
    expect(await section.locator('svg').count()).toBe(0);
    expect(await section.innerText()).toContain('Je scores tellen mee');
    expect(await (await app.inject({ method: 'GET', url: `/api/responses/${me.id}/peers`, headers: bearer(me.token) })).json()).toMatchObject({ consented: true, available: false, size: null });
    await snap(page, 'report-waiting-nl-390');
    if (process.env.SCREENSHOT_DIR) await section.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'report-waiting-section-nl-390.png') });

    // Two others: three in the pool with mine, still below.
    for (let i = 0; i < 2; i++) await submitted(VARIANTS[(i + 2) % 4], true);
    await page.reload();
    await section.waitFor();
    expect(await section.locator('table').count()).toBe(0);
    // The fourth report in the pool: the view appears, mine compared with the other three.
    await submitted(VARIANTS[0], true);
    for (const [width, locale] of [[390, 'nl'], [1366, 'nl'], [390, 'en'], [1366, 'en']] as const) {
      const p = await pageAt(width, locale);
      await p.goto(`${base}/resume#${me.id}.${me.token}`);
      await p.waitForURL(`**/report/${me.id}`);
      const s = p.locator('section.peer-comparison');
      await s.locator('table.peers-table').waitFor({ timeout: 15_000 });
      const text = await s.innerText();
      expect(text).toContain(locale === 'nl' ? 'Vergeleken met andere startups' : 'Compared with peers');
      expect(text).toMatch(locale === 'nl' ? /\d+e percentiel/ : /\d+th percentile/);
      expect(await s.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(1);
      expect(await s.locator('table.chart-table').count()).toBeGreaterThanOrEqual(1);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(width);
      if (width === 390 && locale === 'nl') await expectNoSeriousA11yViolations(p, 'report compared with peers');
      await s.scrollIntoViewIfNeeded();
      await snap(p, `report-peers-${locale}-${width}`);
      if (process.env.SCREENSHOT_DIR) await s.screenshot({ path: join(process.env.SCREENSHOT_DIR, `report-peers-section-${locale}-${width}.png`) });
      await p.context().close();
    }
  });

  it('shows the cohort against the pool and plan progress on the cohort page, at 390 and 1366 px', { timeout: 240_000 }, async () => {
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const programme = await createProgramme(app, admin, { name: 'Cohort 2026', kind: 'cohort' });
    await createUser(app, 'manager@example.org', 'manager');
    await assign(app, admin, programme.id, 'manager@example.org', 'manager');
    const manager = await login(app, 'manager@example.org');
    for (let i = 0; i < 2; i++) {
      const r = await submitted(VARIANTS[i + 1], false);
      await share(app, r, programme.joinCode, `Team ${i}`);
      await app.database.kysely.insertInto('plan_items').values({
        id: `plan-${i}`, response_id: r.id, question_id: 'm-dpia', kind: 'improve', values_json: '["privacy"]', owner: '', due_date: '2020-01-01',
        status: i ? 'done' : 'open', note: '', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z',
      }).execute();
    }
    for (const [width, locale] of [[390, 'nl'], [1366, 'nl'], [390, 'en'], [1366, 'en']] as const) {
      const p = await pageAt(width, locale, manager);
      await p.goto(`${base}/staff/programmes/${programme.id}/cohort`);
      await p.locator('table.cohort-plans').waitFor({ timeout: 15_000 });
      const plans = await p.locator('table.cohort-plans').innerText();
      expect(plans).toMatch(/Privacy[^\n]*\s2\s+1\s+1/);
      expect(await p.locator('table.cohort-peers').innerText()).toMatch(/\d/);
      expect(await scrollWidth(p)).toBeLessThanOrEqual(width);
      await p.locator('#cohort-peers-heading').scrollIntoViewIfNeeded();
      await snap(p, `cohort-peers-${locale}-${width}`);
      if (process.env.SCREENSHOT_DIR) await p.locator('table.cohort-plans').screenshot({ path: join(process.env.SCREENSHOT_DIR, `cohort-plans-table-${locale}-${width}.png`) });
      await p.context().close();
    }
  });
});
