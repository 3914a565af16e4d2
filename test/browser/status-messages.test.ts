// Messages as the reader meets them. Those that are there as a page appears, after a redirect (deleted,
// logged out, answers dropped): a screen reader announces what changes in a live region, not a region
// that arrives with its text, so each such region must be in the page empty before its message comes.
// And a message already shown is said again in the language the reader switches to.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { en as errorsEn, nl as errorsNl } from '../../client/src/i18n/messages.errors.js';

const SHOTS = process.env.ANNOUNCE_SHOTS ?? join(tmpdir(), 'zelftoets-shots-announce');
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  mkdirSync(SHOTS, { recursive: true });
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-announce-')), 'a.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

// Before any script of the page: every status region as it is attached, with the text it has then.
const RECORD = `
  window.__regions = [];
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType !== 1) continue;
      const found = n.matches('[role=status], [aria-live]') ? [n] : [...n.querySelectorAll('[role=status], [aria-live]')];
      for (const el of found) window.__regions.push({ el, text: el.textContent });
    }
  }).observe(document, { childList: true, subtree: true });
`;

const CASES = [
  { path: '/?deleted=report', name: 'home-deleted', nl: 'Je toets en rapport zijn verwijderd.', en: 'Your test and report have been deleted.' },
  { path: '/?deleted=1', name: 'home-answers-deleted', nl: 'Je antwoorden zijn verwijderd.', en: 'Your answers have been deleted.' },
  { path: '/staff/login?out=1', name: 'login-out', nl: 'Je bent uitgelogd.', en: 'You are logged out.' },
];

describe('status messages on arrival', () => {
  for (const c of CASES) {
    for (const lang of ['nl', 'en'] as const) {
      it(`${c.path} (${lang}): the region is there empty first, then says it`, { timeout: 60_000 }, async () => {
        for (const width of [390, 1366]) {
          const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } });
          await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
          await ctx.addInitScript(RECORD);
          const page = await ctx.newPage();
          await page.goto(base + c.path);
          const region = page.locator('main [role=status]', { hasText: c[lang] });
          await region.waitFor();
          expect(await region.getAttribute('class')).toBe('notice');
          // The region the message is in was attached without it, and no region arrived with its text.
          const arrived = await page.evaluate(() => (window as unknown as { __regions: { el: Element; text: string }[] }).__regions
            .map((r) => ({ text: r.text, holds: r.el.textContent })));
          expect(arrived.filter((r) => r.holds?.includes(c[lang]))).toEqual([expect.objectContaining({ text: '' })]);
          expect(arrived.filter((r) => r.text?.includes(c[lang]))).toEqual([]);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          await page.screenshot({ path: join(SHOTS, `${c.name}-${lang}-${width}.png`) });
          await ctx.close();
        }
      });
    }
  }
});

describe('a message already shown follows a language switch', () => {
  it('the login page\'s refusal is said again in English, then in Dutch', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('E-mailadres').fill('nobody@example.org');
    await page.getByLabel('Wachtwoord').fill('not the password');
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    const alert = page.locator('main [role=alert]');
    await expect.poll(() => alert.textContent()).toBe(errorsNl['wrong-credentials']);
    // Kept as the sentence said, it stayed Dutch under an English page.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => alert.textContent()).toBe(errorsEn['wrong-credentials']);
    await page.screenshot({ path: join(SHOTS, 'login-refused-en-390.png') });
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect.poll(() => alert.textContent()).toBe(errorsNl['wrong-credentials']);
    await ctx.close();
  });
});
