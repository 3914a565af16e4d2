// Issue 16, item 1 in a real browser: the AI quick scan from the home page, its indicative result,
// and "continue" into the full test with the scan's answers kept; nl/en at 390 and 1366 px.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_SCAN_MAX } from '../../core/questionnaire-rules.js';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerSection, expectNoSeriousA11yViolations, launchBrowser, waitSaved } from '../helpers/browser.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let code: string;
const SHOTS = process.env.E2E_SHOTS;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-scan-')), 'e2e.db'),
    rateLimitPerMinute: 0,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  code = (await app.staffRepos.programmes.create({ name: 'Scan Incubator', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null })).join_code;
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

describe('quick scan', () => {
  for (const [lang, width] of [['nl', 1366], ['en', 390], ['nl', 390], ['en', 1366]] as const) {
    it(`AI quick scan from the home page, indicative result, continue with the answers kept (${lang}, ${width} px)`, { timeout: 120_000 }, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } });
      await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
      const page = await ctx.newPage();
      await page.goto(base);
      const card = page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) });
      await card.getByRole('button', { name: lang === 'nl' ? /Quickscan \(\d min\)/ : /Quick scan \(\d min\)/ }).click();
      await page.waitForURL(/\/scan\//);
      await page.waitForSelector('fieldset.question');

      // Answer the scan: the strongest real option everywhere, answering may reveal conditional scan questions.
      await answerSection(page);
      // One risk to see it in the result: "don't know" on the AI Act's prohibited practices.
      await page.locator('fieldset#q-ai-act-prohibited .choice input').last().check();
      await waitSaved(page);
      const asked = await page.locator('fieldset.question').count();
      expect(asked).toBeGreaterThanOrEqual(5);
      expect(asked).toBeLessThanOrEqual(QUICK_SCAN_MAX);
      const answeredIds = await page.locator('fieldset.question').evaluateAll((els) => els.filter((e) => e.querySelector('input:checked')).map((e) => e.id));
      expect(answeredIds.length).toBe(asked);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shot(page, `scan-questions-${lang}-${width}`);

      await page.getByRole('button', { name: lang === 'nl' ? 'Bekijk de indicatieve uitkomst' : 'See the indicative result' }).click();
      const result = page.locator('section.indicative');
      await result.waitFor();
      // Clearly labelled as indicative, in the page's language.
      expect(await result.locator('.indicative-badge').textContent()).toBe(lang === 'nl' ? 'Indicatief' : 'Indicative');
      expect(await result.locator('h1').textContent()).toMatch(lang === 'nl' ? /Indicatieve uitkomst/ : /Indicative result/);
      // The two dimensions are scored from the scan's answers; the unknown risk is named; at most three actions.
      expect(await result.locator('.scan-dimensions dd').allTextContents()).toHaveLength(2);
      for (const dd of await result.locator('.scan-dimensions dd').allTextContents()) expect(dd).toMatch(/^\d/);
      expect(await result.locator('.scan-flags li').count()).toBeGreaterThanOrEqual(1);
      const actions = await result.locator('.scan-actions li').count();
      expect(actions).toBeGreaterThanOrEqual(1);
      expect(actions).toBeLessThanOrEqual(3);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (width === 1366 && lang === 'nl') await expectNoSeriousA11yViolations(page, 'indicative result');
      await shot(page, `scan-result-${lang}-${width}`);

      // One primary button: continue with the full test, same response, every scan answer shown.
      const scanUrl = page.url();
      await result.getByRole('button', { name: lang === 'nl' ? 'Verder met de volledige toets' : 'Continue with the full test' }).click();
      await page.waitForURL(/\/test\//);
      expect(page.url().split('/test/')[1].split('?')[0]).toBe(scanUrl.split('/scan/')[1].split('?')[0]);
      await page.waitForSelector('fieldset.question');
      // The intake section holds three scan questions: each shows its answer.
      await page.goto(page.url().split('?')[0] + '?section=intake');
      await page.waitForSelector('fieldset#q-ai-personal-data');
      for (const id of ['q-ai-significant-decisions', 'q-ai-personal-data']) {
        expect(await page.locator(`fieldset#${id} input:checked`).count(), id).toBe(1);
      }
      expect(await page.locator('fieldset#q-ai-role input:checked').count()).toBe(0);
      // And the AI Act section keeps the scan's "don't know".
      await page.goto(page.url().split('?')[0] + '?section=risico-en-regels');
      await page.waitForSelector('fieldset#q-ai-act-prohibited');
      expect(await page.locator('fieldset#q-ai-act-prohibited input:checked').count()).toBe(1);
      expect(await page.locator('fieldset#q-ai-act-prohibited .choice input').last().isChecked()).toBe(true);
      await ctx.close();
    });
  }

  it('the join page offers the quick scan beside the full test', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/join/${code}`);
    await page.getByRole('button', { name: 'Quickscan (5 min)' }).click();
    await page.waitForURL(/\/scan\//);
    await page.waitForSelector('fieldset#q-ai-act-prohibited');
    expect(await page.locator('fieldset.question').count()).toBeLessThanOrEqual(QUICK_SCAN_MAX);
    await ctx.close();
  });

  it('embed: data-mode="scan" reaches the frame, which runs the scan and then the full test with the answers', { timeout: 90_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const host = await ctx.newPage();
    await host.setContent(`<script src="${base}/embed.js" data-programme="${code}" data-mode="scan" data-lang="en"></script>`);
    const src = await host.locator('iframe.zelftoets-embed').getAttribute('src');
    expect(new URL(src!).searchParams.get('mode')).toBe('scan');
    await host.setContent(`<script src="${base}/embed.js" data-programme="${code}" data-mode="full"></script>`);
    expect(new URL((await host.locator('iframe.zelftoets-embed').getAttribute('src'))!).searchParams.get('mode')).toBeNull();

    // The frame's page itself, opened directly with what the script passes.
    const page = await ctx.newPage();
    await page.goto(src!);
    await page.getByRole('button', { name: /Start this test|Start deze toets/ }).first().click();
    await page.waitForSelector('#scan-heading');
    await answerSection(page);
    await waitSaved(page);
    expect(await page.locator('fieldset.question').count()).toBeLessThanOrEqual(QUICK_SCAN_MAX);
    await page.getByRole('button', { name: 'See the indicative result' }).click();
    await page.locator('section.indicative .indicative-badge').waitFor();
    await page.getByRole('button', { name: 'Continue with the full test' }).click();
    await page.waitForSelector('#section-heading');
    // The first section of the full test is the intake, whose scan questions keep their answers.
    expect(await page.locator('fieldset#q-ai-personal-data input:checked').count()).toBe(1);
    expect(await page.locator('fieldset#q-ai-role input:checked').count()).toBe(0);
    await ctx.close();
  });
});
