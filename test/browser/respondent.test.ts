// The whole path of a startup in a real browser: choose AI, answer, continue on "another device"
// through the resume link, submit and read the report, in Dutch and in English.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { answerSection, openNote, expectNoSeriousA11yViolations, launchBrowser, waitSaved } from '../helpers/browser.js';
import { ROOT } from '../helpers/app.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-e2e-')), 'e2e.db'),
    rateLimitPerMinute: 0,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('a startup takes the AI test', () => {
  it('fills in, resumes on another device, submits and reads the report', { timeout: 120_000 }, async () => {
    const t0 = Date.now(); const log = (m: string) => process.env.E2E_DEBUG && console.log(Date.now() - t0, m);
    const first = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await first.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));

    await page.goto(base);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    await page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) }).getByRole('button', { name: /^(Start deze toets|Start this test)/ }).click();
    await page.waitForURL(/\/test\/[A-Za-z0-9_-]{22}/);
    await page.waitForSelector('fieldset.question');
    // Keyboard users start at the first section's heading, not at the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('section-heading');
    log('await expectNoSeriousA11yViolations(page');
    await expectNoSeriousA11yViolations(page, 'test page');

    // Intake: conditional questions appear as answers change.
    const before = await page.locator('fieldset.question').count();
    await answerSection(page);
    expect(await page.locator('fieldset.question').count()).toBeGreaterThanOrEqual(before);
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForURL(/section=/);
    await answerSection(page);
    const note = page.locator('fieldset.question').first().locator('details.note');
    await openNote(note);
    await note.locator('textarea').fill('Zie ons beleidsdocument van maart');
    log('await waitSaved(page);\n    const progres');
    await waitSaved(page);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: join(process.env.E2E_SHOTS, 'test-desktop-nl.png') });
    const progressText = await page.locator('.progress-label').textContent();
    const resumeLink = await page.locator('input.resume-link').inputValue();
    expect(resumeLink).toMatch(/\/resume#[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

    // Another device: a fresh context knows nothing of the token except through the link.
    const second = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await second.newPage();
    await phone.goto(resumeLink);
    await phone.waitForURL(/\/test\//);
    expect(phone.url()).not.toContain('#');
    await phone.waitForSelector('.progress-label');
    expect(await phone.locator('.progress-label').textContent()).toBe(progressText);
    await phone.goto(page.url()); // the same section, reloaded
    await phone.waitForSelector('fieldset.question');
    expect(await phone.locator('fieldset.question').first().locator('details.note textarea').inputValue()).toBe('Zie ons beleidsdocument van maart');

    log('// Finish every section on the phone');
    // Finish every section on the phone, then submit.
    for (let guard = 0; guard < 12; guard++) {
      await answerSection(phone);
      const next = phone.getByRole('button', { name: /^(Volgende|Naar indienen)$/ });
      if (!(await next.count())) break;
      await next.click();
    }
    await expect.poll(() => phone.locator('h1').textContent()).toBe('Indienen');
    await waitSaved(phone);
    const confirm = phone.getByLabel(/Ik begrijp/);
    if (await confirm.count()) await confirm.check();
    await phone.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    log('await phone.waitForURL(/\\/report\\//);');
    await phone.waitForURL(/\/report\//);
    await phone.waitForSelector('.report h1');
    expect(await phone.locator('.report h1').textContent()).toBe('Rapport publieke waarden');
    expect(await phone.locator('#profile-heading').textContent()).toMatch(/^Profiel: (Waardevol|Kansrijk, met risico's|Zorgvuldig|Aan het begin)$/);
    expect(await phone.locator('.value-card').count()).toBe(13);
    expect(await phone.locator('.meta').filter({ hasText: 'Volledigheid' }).textContent()).toContain('100');
    expect(await phone.locator('.answers').textContent()).toContain('Zie ons beleidsdocument van maart');
    await expectNoSeriousA11yViolations(phone, 'report page (phone)');
    if (process.env.E2E_SHOTS) await phone.screenshot({ path: join(process.env.E2E_SHOTS, 'report-phone-nl.png'), fullPage: true });

    // What to do (knock-outs first, when there are any) comes before everything else in the report.
    const sections = await phone.locator('.report > section').evaluateAll((els) => els.map((e) => e.className));
    expect(sections[0]).toBe('action-plan');
    const groups = await phone.locator('.action-plan .action-group').evaluateAll((els) => els.map((e) => e.className));
    if (groups.some((g) => g.includes('group-knockouts'))) expect(groups[0]).toContain('group-knockouts');

    // English, on the same report.
    await phone.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => phone.locator('.report h1').textContent()).toBe('Public values report');
    expect(await phone.locator('html').getAttribute('lang')).toBe('en');
    expect(await phone.locator('#profile-heading').textContent()).toMatch(/^Profile: /);
    if (process.env.E2E_SHOTS) await phone.screenshot({ path: join(process.env.E2E_SHOTS, 'report-phone-en.png') });

    // The first device now sees the test as submitted; an edit is refused by the server.
    await page.reload();
    await page.waitForSelector('text=Deze toets is al ingediend.');
    expect(pageErrors).toEqual([]);
    await first.close();
    await second.close();
  });

  it.each([['xr', /XR/], ['quantum', /quantum/i]])('takes the %s test end to end in English', { timeout: 120_000 }, async (_area, title) => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/?lang=en`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.area-card', { has: page.locator('h3', { hasText: title }) }).getByRole('button', { name: 'Start this test' }).click();
    await page.waitForSelector('fieldset.question');
    expect(await page.locator('.progress-label').textContent()).toMatch(/^Progress: 0 of \d+ required questions answered$/);
    for (let guard = 0; guard < 12; guard++) {
      await answerSection(page);
      const next = page.getByRole('button', { name: /^(Next|Go to submit)$/ });
      if (!(await next.count())) break;
      await next.click();
    }
    await waitSaved(page);
    const confirm = page.getByLabel(/I understand/);
    if (await confirm.count()) await confirm.check();
    await page.getByRole('button', { name: 'Submit and see the report' }).click();
    await page.waitForSelector('.report h1');
    expect(await page.locator('.report h1').textContent()).toBe('Public values report');
    expect(await page.locator('.value-card').count()).toBe(13);
    expect(await page.locator('.meta').filter({ hasText: 'Completeness' }).textContent()).toContain('100%');
    // Every value that needs work shows a concrete next step.
    const weak = page.locator('.value-card.value-attention, .value-card.value-insufficient, .value-card.value-critical, .value-card.value-moderate, .value-card.value-limited');
    for (let i = 0; i < (await weak.count()); i++) await expect.poll(() => weak.nth(i).locator('.recommendation').count()).toBe(1);
    await context.close();
  });

  it('offers every area that has a questionnaire, in both languages', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector('.area-card');
    const titles = await page.locator('.area-card h3').allTextContents();
    expect(titles.some((x) => /AI/.test(x))).toBe(true);
    expect(titles.some((x) => /XR|Immersie/i.test(x))).toBe(true);
    expect(titles.some((x) => /quantum/i.test(x))).toBe(true);
    await expectNoSeriousA11yViolations(page, 'home page');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('How does your technology serve public values?');
    await context.close();
  });
});
