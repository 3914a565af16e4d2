// The decision page in a real browser (issue 14, item 4), at 1366 and 390 px, in Dutch and English:
// before the quorum only the count; after it the reviews side by side with the flagged spread; the
// manager records a decision; an assessor who has not reviewed is refused the page.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { answerLate, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { assign, createProgramme, createUser, login, share, signedIn, submittedResponse, TEST_HASH_COST, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-decision-')), 'e2e.db'),
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function pageAs(session: Session, width: number, locale: 'nl' | 'en' = 'nl'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return await ctx.newPage();
}
/** SCREENSHOT_DIR=… keeps full-page pictures of the screens, for looking at them. */
const snap = async (page: Page, name: string) => {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
};
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('decision page', () => {
  it('shows the quorum, then the reviews side by side with the spread flagged, and records a decision, at 1366 and 390 px', { timeout: 240_000 }, async () => {
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
    const people: Record<string, Session> = {};
    for (const [email, role] of [['manager@example.org', 'manager'], ['a1@example.org', 'assessor'], ['a2@example.org', 'assessor'], ['a3@example.org', 'assessor']] as const) {
      await createUser(app, email, role);
      await assign(app, admin, p.id, email, role);
      people[email] = await login(app, email);
    }
    const s = await submittedResponse(app);
    await share(app, s, p.joinCode, 'Startup Een');
    const [v1, v2] = app.catalog.values.map((v) => v.id);
    const review = (who: string, a: number, b: number, judgement: string) => app.inject({
      method: 'PUT', url: `/api/submissions/${s.id}/review`, headers: people[who].write,
      payload: { scores: { [v1]: { score: a, comment: `Toelichting ${who} bij ${a}` }, [v2]: { score: b, comment: '' } }, judgement, comment: 'Samen', submit: true },
    });
    expect((await review('a1@example.org', 40, 60, 'positive')).statusCode).toBe(200);

    const manager = people['manager@example.org'];
    const wide = await pageAs(manager, 1366);
    const errors: string[] = [];
    wide.on('pageerror', (e) => errors.push(String(e)));
    await wide.goto(`${base}/staff/submissions/${s.id}/decision`);
    await wide.waitForSelector('h1:text("Besluit over Startup Een")');
    expect(await wide.locator('#quorum').textContent()).toBe('1 van 2 benodigde beoordelingen ingediend.');
    expect(await wide.locator('.decision-value').count()).toBe(0);
    expect(await wide.locator('.decision-form').count()).toBe(0);

    expect((await review('a2@example.org', 70, 65, 'negative')).statusCode).toBe(200);
    await wide.reload();
    await wide.waitForSelector('.decision-value');
    expect(await wide.locator('#quorum').textContent()).toBe('2 van 2 benodigde beoordelingen ingediend.');
    // 40 vs 70: spread 30, flagged; 60 vs 65: not.
    await expect.poll(() => wide.locator(`.decision-value[data-value="${v1}"]`).getAttribute('class')).toContain('flagged');
    expect(await wide.locator(`.decision-value[data-value="${v2}"]`).getAttribute('class')).not.toContain('flagged');
    expect(await wide.locator(`.decision-value[data-value="${v1}"]`).textContent()).toContain('Toelichting a1@example.org bij 40');
    expect(await wide.locator('[data-flag="judgements"]').count()).toBe(1);
    await expectNoSeriousA11yViolations(wide, 'decision page');
    expect(await noSidewaysScroll(wide)).toBeLessThanOrEqual(1366);

    await wide.getByLabel('Toekennen onder voorwaarden').check();
    await wide.getByLabel('Motivering (verplicht)').fill('Sterk team; de DPIA moet af.');
    await wide.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await expect.poll(() => wide.locator('#current-decision').textContent()).toContain('Huidig besluit: Toekennen onder voorwaarden');
    expect(await wide.locator('#current-decision').textContent()).toContain('Sterk team; de DPIA moet af.');
    // Said in words too, in a status region a screen reader announces.
    expect(await wide.locator('[role=status]:text("Het besluit is vastgelegd.")').count()).toBe(1);
    await snap(wide, 'decision-1366-nl');

    // 390 px, in English: everything reflows, no sideways scroll.
    const narrow = await pageAs(manager, 390, 'en');
    narrow.on('pageerror', (e) => errors.push(String(e)));
    await narrow.goto(`${base}/staff/submissions/${s.id}/decision`);
    await narrow.waitForSelector('h1:text("Decision on Startup Een")');
    await narrow.waitForSelector('.decision-value');
    expect(await narrow.locator('#current-decision').textContent()).toContain('Current decision: Fund with conditions');
    expect(await noSidewaysScroll(narrow)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(narrow, 'decision page at 390 px');
    await snap(narrow, 'decision-390-en');

    // Blind rule: an assessor who has not submitted is refused the page (and sees no rationale).
    const blind = await pageAs(people['a3@example.org'], 390);
    await blind.goto(`${base}/staff/submissions/${s.id}/decision`);
    await blind.waitForSelector('[role=alert]');
    expect(await blind.content()).not.toContain('Sterk team');

    // "Mijn taken" for an assessor, at 390 px.
    await app.inject({ method: 'POST', url: `/api/submissions/${s.id}/assignments`, headers: manager.write, payload: { assessorId: (await app.staffRepos.users.findByEmail('a3@example.org'))!.id } });
    await blind.goto(`${base}/staff/tasks`);
    await blind.waitForSelector('.tasks-list li');
    expect(await blind.locator('.tasks-list li').textContent()).toContain('Startup Een');
    expect(await blind.locator('.tasks-list li').textContent()).toContain('nog niet begonnen');
    expect(await noSidewaysScroll(blind)).toBeLessThanOrEqual(390);
    await snap(blind, 'tasks-390-nl');
    expect(errors).toEqual([]);
  });

  it('a double click on "record the decision" records it once: one version, not a "changed" second one', { timeout: 120_000 }, async () => {
    const { session: admin } = await signedIn(app, 'admin2@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Dubbelklik 2026' });
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${p.id}`, headers: admin.write, payload: { reviewsNeeded: 1 } })).statusCode).toBe(200);
    await createUser(app, 'manager2@example.org', 'manager');
    await assign(app, admin, p.id, 'manager2@example.org', 'manager');
    await createUser(app, 'b1@example.org', 'assessor');
    await assign(app, admin, p.id, 'b1@example.org', 'assessor');
    const manager = await login(app, 'manager2@example.org');
    const assessor = await login(app, 'b1@example.org');
    const s = await submittedResponse(app);
    await share(app, s, p.joinCode, 'Startup Twee');
    const [v1, v2] = app.catalog.values.map((v) => v.id);
    expect((await app.inject({
      method: 'PUT', url: `/api/submissions/${s.id}/review`, headers: assessor.write,
      payload: { scores: { [v1]: { score: 50, comment: '' }, [v2]: { score: 50, comment: '' } }, judgement: 'positive', comment: '', submit: true },
    })).statusCode).toBe(200);

    const page = await pageAs(manager, 1366);
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/submissions/*/decision', 800, 'PUT');
    await page.goto(`${base}/staff/submissions/${s.id}/decision`);
    await page.waitForSelector('.decision-form');
    await page.getByLabel('Toekennen onder voorwaarden').check();
    await page.getByLabel('Motivering (verplicht)').fill('Eén keer bedoeld.');
    await page.getByRole('button', { name: 'Besluit vastleggen' }).dblclick();
    await expect.poll(() => page.locator('#current-decision').textContent()).toContain('Eén keer bedoeld.');
    await new Promise((r) => setTimeout(r, 2000));
    const view = await app.inject({ method: 'GET', url: `/api/submissions/${s.id}/decision`, headers: manager.read });
    expect(view.json().history.length).toBe(1);
    expect(await page.locator('.decision-form [role=alert]').count()).toBe(0);
    await page.context().close();
  });

  it('a double click on round-robin assignment reports the assignments made, not the empty second round', { timeout: 120_000 }, async () => {
    const { session: admin } = await signedIn(app, 'rr-admin@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Om de beurt 2026' });
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${p.id}`, headers: admin.write, payload: { reviewsNeeded: 1 } })).statusCode).toBe(200);
    await createUser(app, 'rr-manager@example.org', 'manager');
    await assign(app, admin, p.id, 'rr-manager@example.org', 'manager');
    await createUser(app, 'rr-c1@example.org', 'assessor');
    await assign(app, admin, p.id, 'rr-c1@example.org', 'assessor');
    for (const name of ['Startup Vier', 'Startup Vijf']) await share(app, await submittedResponse(app), p.joinCode, name);
    const page = await pageAs(await login(app, 'rr-manager@example.org'), 1366);
    await answerLate(page, '**/api/programmes/*/assignments/round-robin', 800, 'POST');
    await page.goto(`${base}/staff/programmes/${p.id}`);
    await page.getByRole('button', { name: 'Wijs alle niet-toegewezen inzendingen om de beurt toe' }).dblclick();
    await page.locator('text=2 toewijzingen gemaakt.').waitFor();
    // A second request, had it gone, would have answered later with none left to assign.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await page.locator('text=0 toewijzingen gemaakt.').count()).toBe(0);
    expect(await page.locator('text=2 toewijzingen gemaakt.').count()).toBe(1);
    // What was done is said again in the language the reader switches to.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('text=2 assignments made.').waitFor();
    expect(await page.locator('text=2 toewijzingen gemaakt.').count()).toBe(0);
    await page.context().close();
  });

  it('a submission page switched to English and straight back stays in Dutch, even when the English answer comes last', { timeout: 120_000 }, async () => {
    const { session: admin } = await signedIn(app, 'admin3@example.org', 'admin');
    const p = await createProgramme(app, admin, { name: 'Taalwissel 2026' });
    const s = await submittedResponse(app);
    await share(app, s, p.joinCode, 'Startup Drie');
    const names = async (l: string) => ((await app.inject({ method: 'GET', url: `/api/submissions/${s.id}?locale=${l}`, headers: admin.read })).json()).report.values.map((v: { name: string }) => v.name) as string[];
    const [nl, en] = [await names('nl'), await names('en')];
    const englishOnly = en.filter((n, i) => n !== nl[i]);
    expect(englishOnly.length).toBeGreaterThan(0);
    const page = await pageAs(admin, 1366);
    await page.goto(`${base}/staff/submissions/${s.id}`);
    await page.waitForSelector('h1:text("Startup Drie")');
    // The English detail is slow to come, as on a busy server: the switch back is answered first.
    await answerLate(page, '**/api/submissions/*?locale=en', 1500);
    const slow = page.waitForResponse((r) => /\/api\/submissions\/[^/?]+\?locale=en/.test(r.url()));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await slow;
    await new Promise((r) => setTimeout(r, 500));
    const text = await page.locator('main').innerText();
    for (const name of englishOnly) expect(text).not.toContain(name);
    await page.context().close();
  });
});
