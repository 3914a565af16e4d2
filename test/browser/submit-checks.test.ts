// The submit page before a test can be submitted (docs/scoring.md, "Submitting: no check left open"):
// the questions that can show a violated precondition and are still open are listed first, with links,
// and the submit button waits for them; "weet ik niet" is enough. Both languages, 390 and 1366 px.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { bearer } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-submit-checks-')), 's.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const words = {
  nl: { heading: 'Beantwoord deze vragen eerst', submit: 'Indienen en rapport bekijken', dontKnow: 'Weet ik niet', confirm: /Ik begrijp dat nog niet alle verplichte vragen/ },
  en: { heading: 'Answer these questions first', submit: 'Submit and see the report', dontKnow: "Don't know", confirm: /I understand that not all required questions/ },
};

for (const lang of ['nl', 'en'] as const) {
  for (const width of [390, 1366]) {
    it(`lists the open checks with links and holds the submit until they are answered (${lang}, ${width} px)`, { timeout: 90_000 }, async () => {
      const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: { 'ai-role': { option: 'integrate' }, 'ai-personal-data': { option: 'no' } } } });
      const { id, token } = res.json() as { id: string; token: string };
      const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } });
      await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
      const page = await ctx.newPage();
      await page.goto(`${base}/resume#${id}.${token}`);
      await page.waitForSelector('fieldset.question');
      await page.goto(`${base}/test/${id}?section=submit`);
      const checks = page.locator('section.open-checks');
      await checks.waitFor();
      expect(await checks.locator('h2').textContent()).toBe(words[lang].heading);
      // The AI Act self-check is always shown, so it is always among them, linked to its place.
      const link = checks.locator('a[href*="focus=ai-act-prohibited"]');
      expect(await link.count()).toBe(1);
      const submit = page.getByRole('button', { name: words[lang].submit, exact: true });
      await page.getByLabel(words[lang].confirm).check();
      expect(await submit.isDisabled()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoSeriousA11yViolations(page, `submit page with open checks (${lang}, ${width})`);
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `submit-checks-${lang}-${width}.png`), fullPage: true });

      // Follow the link, answer "weet ik niet" on the first open check, and the list shrinks.
      const before = await checks.locator('li').count();
      await link.click();
      const question = page.locator('#q-ai-act-prohibited');
      await question.waitFor();
      await question.getByLabel(words[lang].dontKnow, { exact: true }).check();
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      // The rest through the API, as another device would: every check answered.
      const q = app.catalog.questionnaires.get('ai')!.document;
      const { withChecksAnswered } = await import('../helpers/checks.js');
      const state = (await app.inject({ url: `/api/responses/${id}`, headers: bearer(token) })).json();
      await expect.poll(async () => (await app.inject({ url: `/api/responses/${id}`, headers: bearer(token) })).json().answers['ai-act-prohibited']).toEqual({ options: ['dont-know'] });
      const all = withChecksAnswered(q, { ...state.answers, 'ai-act-prohibited': { options: ['dont-know'] } });
      expect((await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: bearer(token), payload: { answers: all } })).statusCode).toBe(200);
      await page.goto(`${base}/test/${id}?section=submit`);
      await page.locator('.open-questions, .step-buttons').first().waitFor();
      expect(await page.locator('section.open-checks').count()).toBe(0);
      expect(before).toBeGreaterThan(0);
      await page.getByLabel(words[lang].confirm).check();
      expect(await submit.isDisabled()).toBe(false);
      await submit.click();
      await page.waitForURL(`**/report/${id}`);
      await page.waitForSelector('[data-report-ready]');
      // "Weet ik niet" on the self-check is an unknown risk on the report.
      expect(await page.locator('body').textContent()).toMatch(lang === 'nl' ? /onbekend risico/i : /unknown risk/i);
      await ctx.close();
    });
  }
}
