// Issue 16, items 2 and 3 as a founder meets them: adopt three actions from the report, give them an
// owner, a date and a status, find them again after a reload, re-take after improving one of them,
// and see on the new report what changed and the suggestion to mark it done; the plan is in the PDF.
// The plan reflows at 390 px. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { bearer, submittedResponse } from '../helpers/staff.js';

const SHOTS = process.env.PLAN_SHOTS ?? '/work/shots/plan';
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-plan-')), 'p.db'), rateLimitPerMinute: 0,
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function openReport(page: Page, r: { id: string; token: string }) {
  await page.goto(`${base}/resume#${r.id}.${r.token}`);
  await page.waitForURL(`**/report/${r.id}`);
  await page.locator('section.my-plan').waitFor({ timeout: 15_000 });
}

describe('the action plan in the browser', () => {
  it('adopts three actions, keeps them, carries them into a re-take with the change and the suggestion, and prints them', { timeout: 180_000 }, async () => {
    // Three actions: the DPIA (partly), security (no pentest) and retention ("don't know": an unknown risk).
    const first = await submittedResponse(app, {
      'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-retention': { option: 'dont-know' }, 'm-security': { options: ['mfa', 'backup'] },
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await openReport(page, first);
    const adopt = page.locator('.plan-adopt button');
    const offered = await adopt.count();
    expect(offered).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      await page.locator('.plan-adopt button').first().click();
      await expect.poll(() => page.locator('.plan-item').count()).toBe(i + 1);
    }
    const dpia = page.locator('#plan-item-m-dpia');
    await dpia.getByLabel('Eigenaar').fill('Fatima de Vries');
    await dpia.getByLabel('Uiterlijk klaar op').fill('2027-03-01');
    await dpia.getByLabel('Status').selectOption('in_progress');
    await dpia.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => dpia.locator('[role=status]').innerText()).toBe('Opgeslagen');
    // Dropping needs a reason: the error is shown, nothing is lost.
    const other = page.locator('.plan-item').nth(1);
    await other.getByLabel('Status').selectOption('dropped');
    await other.getByLabel('Waarom vervalt deze actie?').fill('Niet meer van toepassing');
    await other.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => other.locator('.plan-status').innerText()).toBe('Vervallen');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page, 'plan on the report');

    await page.reload();
    await page.locator('#plan-item-m-dpia').waitFor();
    expect(await page.locator('.plan-item').count()).toBe(3);
    expect(await page.locator('#plan-item-m-dpia').getByLabel('Eigenaar').inputValue()).toBe('Fatima de Vries');
    expect(await page.locator('#plan-item-m-dpia').getByLabel('Uiterlijk klaar op').inputValue()).toBe('2027-03-01');
    expect(await page.locator('#plan-item-m-dpia').getByLabel('Status').inputValue()).toBe('in_progress');

    // The re-take: the DPIA is now done.
    const started = await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) });
    const next = started.json() as { id: string; token: string };
    await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: { 'm-dpia': { option: 'done' } } } });
    expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
    await openReport(page, next);
    const carried = page.locator('#plan-item-m-dpia');
    await carried.waitFor();
    // The dropped item stays behind; the two open ones come along.
    expect(await page.locator('.plan-item').count()).toBe(2);
    const text = await carried.innerText();
    expect(text).toContain('Meegenomen uit je vorige poging');
    expect(text).toMatch(/Antwoord: Deels → \S+/);
    expect(text).toContain('Deze vraag scoort nu het maximum');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page, 'plan after a re-take');

    for (const lang of ['nl', 'en'] as const) {
      for (const width of [390, 1366]) {
        const c = await browser.newContext({ viewport: { width, height: 900 } });
        await c.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), lang);
        const p = await c.newPage();
        await openReport(p, next);
        await p.locator('#plan-item-m-dpia').waitFor();
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await p.locator('section.my-plan').screenshot({ path: join(SHOTS, `plan-${lang}-${width}.png`) });
        await p.locator('.action-plan').screenshot({ path: join(SHOTS, `actions-${lang}-${width}.png`) });
        await c.close();
      }
    }

    // "Mark as done" saves the status alone: a note typed and not yet saved stays, and says so.
    await carried.getByLabel('Notitie').fill('Afgerond met de FG');
    await carried.getByRole('button', { name: 'Markeer als gedaan' }).click();
    await expect.poll(() => carried.locator('.plan-status').innerText()).toBe('Gedaan');
    expect(await carried.getByLabel('Notitie').inputValue()).toBe('Afgerond met de FG');
    expect(await carried.locator('[role=status]').innerText()).toBe('Nog niet opgeslagen');
    await carried.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => carried.locator('[role=status]').innerText()).toBe('Opgeslagen');
    await context.close();

    const pdf = await app.inject({ url: `/api/responses/${next.id}/report.pdf?locale=nl`, headers: bearer(next.token) });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'plan-pdf-')), 'plan.pdf');
    writeFileSync(file, pdf.rawPayload);
    const printed = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(printed).toContain('Mijn actieplan');
    // The owner's column may wrap a long name.
    expect(printed).toMatch(/Fatima\s+de\s+Vries/);
    expect(printed).toContain('Gedaan');
  });
  it('says an edited item is not saved yet, and asks before a link, a new attempt, a reload or closing the tab loses it', { timeout: 120_000 }, async () => {
    const r = await submittedResponse(app, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const dialogs: Array<{ type: string; message: string }> = [];
    page.on('dialog', (d) => {
      dialogs.push({ type: d.type(), message: d.message() });
      void d.dismiss();
    });
    await openReport(page, r);
    await page.locator('.plan-adopt button').first().click();
    const item = page.locator('.plan-item').first();
    await item.waitFor();
    expect(await item.locator('[role=status]').innerText()).toBe('');

    await item.getByLabel('Eigenaar').fill('Sam Jansen');
    await expect.poll(() => item.locator('[role=status]').innerText()).toBe('Nog niet opgeslagen');
    // An in-app link (the router's, which no beforeunload sees) asks; "cancel" keeps the page and the text.
    await page.locator('header a.brand').click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toEqual({ type: 'confirm', message: 'Je actieplan heeft wijzigingen die nog niet zijn opgeslagen. Toch deze pagina verlaten?' });
    expect(new URL(page.url()).pathname).toBe(`/report/${r.id}`);
    expect(await item.getByLabel('Eigenaar').inputValue()).toBe('Sam Jansen');
    // A new attempt carries the plan over as saved, so its button asks too.
    await page.getByRole('button', { name: 'Nieuwe poging starten' }).click();
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]).toEqual(dialogs[0]);
    expect(new URL(page.url()).pathname).toBe(`/report/${r.id}`);
    // Closing the tab (or reloading) gets the browser's own question.
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs.length).toBe(3);
    expect(dialogs[2].type).toBe('beforeunload');

    // Saved, nothing is asked any more.
    await item.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => item.locator('[role=status]').innerText()).toBe('Opgeslagen');
    await page.locator('header a.brand').click();
    await page.waitForURL(`${base}/`);
    expect(dialogs).toHaveLength(3);
    await context.close();
  });
  it('after "remove from plan" focus goes to the plan\'s heading, not to the page', { timeout: 60_000 }, async () => {
    const r = await submittedResponse(app, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await openReport(page, r);
    await page.locator('.plan-adopt button').first().click();
    const item = page.locator('.plan-item').first();
    await item.waitFor();
    await item.getByRole('button', { name: 'Uit plan halen' }).click();
    await expect.poll(() => page.locator('.plan-item').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('my-plan-heading');
    await context.close();
  });

  it('comes along when the JSON export is loaded on the home page, and says what did not fit', { timeout: 120_000 }, async () => {
    const r = await submittedResponse(app, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } });
    const adopted = await app.inject({ method: 'PUT', url: `/api/responses/${r.id}/plan/m-dpia`, headers: bearer(r.token), payload: { owner: 'Fatima de Vries', status: 'in_progress' } });
    expect(adopted.statusCode, adopted.body).toBe(200);
    const file = (await app.inject({ url: `/api/responses/${r.id}/export.json`, headers: bearer(r.token) })).json();
    // A plan item of a question this instance's version does not have.
    file.plan.push({ ...file.plan[0], questionId: 'm-removed' });

    for (const [lang, notice] of [['nl', '1 actie(s) uit het actieplan'], ['en', '1 action(s) of the action plan']] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      await context.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), lang);
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.setInputFiles('#import-file', { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
      await page.waitForURL(/\/test\/[A-Za-z0-9_-]{22}\?planDropped=1$/);
      await expect.poll(() => page.locator('.notice[role=status]').allInnerTexts()).toEqual([expect.stringContaining(notice)]);
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const stored = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), `zelftoets:response:${id}`))!);
      const plan = (await app.inject({ url: `/api/responses/${id}/plan`, headers: bearer(stored.token) })).json();
      expect(plan.items).toMatchObject([{ questionId: 'm-dpia', owner: 'Fatima de Vries', status: 'in_progress' }]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SHOTS, `import-notice-${lang}-390.png`) });
      await context.close();
    }
  });
});
