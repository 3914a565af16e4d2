// Issue 17, part "serve", as a respondent meets it: a newer version of the questionnaire was published
// while the test was open. The test page says so, shows what moving would drop (a dry run) and moves
// only on confirmation; nl and en, reflow at 390 px, no serious accessibility violations.
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
import { bearer, signedIn, TEST_HASH_COST, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
const open: Record<string, { id: string; token: string }> = {};
const COMBOS = [[390, 'nl'], [1366, 'nl'], [390, 'en'], [1366, 'en']] as const;

const post = (s: Session, url: string, payload: object = {}) => app.inject({ method: 'POST', url, headers: s.write, payload });

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-serve-')), 's.db'), rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  for (const [width, locale] of COMBOS) {
    const res = await app.inject({
      method: 'POST', url: '/api/responses',
      payload: { questionnaireId: 'mini', locale, answers: { 'm-personal-data': { option: 'yes' }, 'm-energy': { option: 'yes' }, 'm-security': { options: ['mfa', 'pentest'] } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    open[`${locale}-${width}`] = res.json();
  }
  // Version 2.0.0: the energy question and the option "pentest" are gone.
  const editor = (await signedIn(app, 'eva@example.org', 'editor')).session;
  const second = (await signedIn(app, 'erik@example.org', 'editor')).session;
  const shipped = (await app.inject({ url: '/api/editor/versions', headers: editor.read })).json().versions[0];
  const draft = (await post(editor, '/api/editor/drafts', { from: shipped.id })).json();
  const doc = draft.document;
  const practice = doc.sections.find((s: { id: string }) => s.id === 'practice');
  practice.questions = practice.questions.filter((q: { id: string }) => q.id !== 'm-energy');
  const security = practice.questions.find((q: { id: string }) => q.id === 'm-security');
  security.options = security.options.filter((o: { id: string }) => o.id !== 'pentest');
  expect((await app.inject({ method: 'PUT', url: `/api/editor/drafts/${draft.version.id}`, headers: editor.write, payload: { document: doc, revision: draft.version.revision } })).statusCode).toBe(200);
  const submitted = await post(editor, `/api/editor/drafts/${draft.version.id}/submit`);
  expect(submitted.statusCode, submitted.body).toBe(200);
  // Approved at the revision the second editor saw.
  const approved = await post(second, `/api/editor/drafts/${draft.version.id}/approve`, { revision: submitted.json().version.revision });
  expect(approved.statusCode, approved.body).toBe(200);
  const published = await post(editor, `/api/editor/drafts/${draft.version.id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function pageAt(width: number, locale: 'nl' | 'en'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return ctx.newPage();
}
const snap = async (page: Page, name: string) => {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
};

const WORDS = {
  nl: { heading: 'Er is een nieuwere versie van deze vragenlijst', check: 'Bekijk wat er verandert', energy: 'Meet u het energiegebruik?', confirm: 'Overstappen naar versie 2.0.0', moved: 'Je toets gebruikt nu versie 2.0.0.' },
  en: { heading: 'A newer version of this questionnaire is available', check: 'See what would change', energy: 'Do you measure ener', confirm: 'Move to version 2.0.0', moved: 'Your test now uses version 2.0.0.' },
};

describe('a newer version while the test is open', () => {
  for (const [width, locale] of COMBOS) {
    it(`says so, shows what would be dropped and moves on confirmation (${locale}, ${width} px)`, { timeout: 120_000 }, async () => {
      const r = open[`${locale}-${width}`];
      const w = WORDS[locale];
      const page = await pageAt(width, locale);
      await page.goto(`${base}/resume#${r.id}.${r.token}`);
      await page.waitForURL(`**/test/${r.id}**`);
      const notice = page.locator('section.version-notice');
      await notice.waitFor({ timeout: 15_000 });
      expect(await notice.locator('h2').innerText()).toBe(w.heading);
      await notice.getByRole('button', { name: w.check }).click();
      const preview = notice.locator('.version-preview');
      await preview.waitFor();
      expect(await preview.innerText()).toContain(w.energy);
      // The dry run moved nothing.
      expect((await app.inject({ url: `/api/responses/${r.id}`, headers: bearer(r.token) })).json().questionnaire.version).toBe('1.0.0');
      if (width === 390) {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await expectNoSeriousA11yViolations(page, `version notice ${locale}`);
      }
      await snap(page, `version-notice-${locale}-${width}`);

      await notice.getByRole('button', { name: w.confirm }).click();
      await page.getByText(w.moved).waitFor({ timeout: 15_000 });
      expect(await page.locator('section.version-notice').count()).toBe(0);
      const state = (await app.inject({ url: `/api/responses/${r.id}`, headers: bearer(r.token) })).json();
      expect(state.questionnaire.version).toBe('2.0.0');
      expect(state.answers).toEqual({ 'm-personal-data': { option: 'yes' }, 'm-security': { options: ['mfa'] } });
      await snap(page, `version-moved-${locale}-${width}`);
      await page.context().close();
    });
  }
});
