// Focus after an action that removes the button it was on, and status regions that are there before
// what they announce: "Clear answer" goes with the answer (the reader stays in the question, on its
// first choice); "Revoke" goes with the link's active state (the reader is taken to what the link says
// now); the share link just made appears in a live region that existed before it.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { bearer } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-focus-')), 'f.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

for (const [lang, clear] of [['nl', 'Antwoord wissen'], ['en', 'Clear answer']] as const) {
  it(`"clear answer" leaves focus on the question's first choice (${lang})`, { timeout: 60_000 }, async () => {
    const { id, token } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai' } })).json() as { id: string; token: string };
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
    const page = await ctx.newPage();
    await page.goto(`${base}/resume#${id}.${token}`);
    const question = page.locator('fieldset.question', { has: page.locator('input[type=radio]') }).first();
    await question.waitFor();
    await question.locator('input[type=radio]').nth(1).check();
    await question.getByRole('button', { name: clear }).click();
    await expect.poll(() => question.getByRole('button', { name: clear }).count()).toBe(0);
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return { type: el?.type, inQuestion: !!el?.closest('fieldset.question'), first: el === el?.closest('fieldset.question')?.querySelector('input[type=radio]') };
    });
    expect(focused).toEqual({ type: 'radio', inQuestion: true, first: true });
    expect(await question.locator('input[type=radio]:checked').count()).toBe(0);
    await ctx.close();
  });
}

const SHARE = {
  nl: { confirm: /Ik begrijp dat iedereen met deze link/, create: 'Link maken', revoke: 'Intrekken', revoked: /^Ingetrokken op / },
  en: { confirm: /I understand that anyone with this link/, create: 'Create link', revoke: 'Revoke', revoked: /^Revoked on / },
};

for (const lang of ['nl', 'en'] as const) {
  it(`a share link: announced in a region that was there before it; after "revoke", focus on what the link says now (${lang})`, { timeout: 60_000 }, async () => {
    const q = app.catalog.questionnaires.get('ai')!.document;
    const { id, token } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(q) } })).json() as { id: string; token: string };
    expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) })).statusCode).toBe(200);
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
    const page = await ctx.newPage();
    await page.goto(`${base}/resume#${id}.${token}`);
    const panel = page.locator('section.share-panel');
    await panel.waitFor({ timeout: 15_000 });
    // The live region is in the page, empty, before the link is made.
    const region = panel.locator('[role=status]');
    expect(await region.count()).toBe(1);
    expect((await region.textContent())?.trim()).toBe('');
    await panel.getByLabel(SHARE[lang].confirm).check();
    await panel.getByRole('button', { name: SHARE[lang].create }).click();
    await panel.locator('input.share-link').waitFor();
    expect(await region.locator('input.share-link').count()).toBe(1);

    await panel.getByRole('button', { name: SHARE[lang].revoke }).click();
    await expect.poll(() => panel.getByRole('button', { name: SHARE[lang].revoke }).count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(SHARE[lang].revoked);
    await ctx.close();
  });
}
