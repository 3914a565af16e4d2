// Focus after an action that removes the button it was on: "Clear answer" goes with the answer, so the
// reader is kept in the question, on its first choice, instead of being sent to the top of the page.
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
