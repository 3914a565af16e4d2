// Leaving the test with answers a failed save still holds: the save did not reach the server (no
// connection) and is not tried again by itself, so a link in the app asks first, in the founder's
// language; once the answers are saved, the same link leaves without a question.
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
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-leave-')), 'l.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const QUESTION = {
  nl: /Een of meer antwoorden zijn nog niet opgeslagen/,
  en: /One or more answers are not saved yet/,
};

for (const lang of ['nl', 'en'] as const) {
  it(`asks before a link leaves answers whose save failed, and not once they are saved (${lang})`, { timeout: 60_000 }, async () => {
    const { id, token } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai' } })).json() as { id: string; token: string };
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
    const page = await ctx.newPage();
    await page.goto(`${base}/resume#${id}.${token}`);
    const first = page.locator('fieldset.question').first();
    await first.waitFor();
    // No connection: the save fails and the answer stays on the page only.
    await page.route('**/api/responses/*/answers*', (route) => route.abort('internetdisconnected'));
    await first.locator('input').first().check();
    await page.locator('.save-status.save-error').waitFor();

    const questions: string[] = [];
    page.on('dialog', (d) => { questions.push(d.message()); void d.dismiss(); });
    const url = page.url();
    await page.locator('a[href="/"]').first().click();
    await expect.poll(() => questions.length).toBe(1);
    expect(questions[0]).toMatch(QUESTION[lang]);
    expect(page.url()).toBe(url);

    // The connection is back: the retry saves, and the same link leaves without asking.
    await page.unroute('**/api/responses/*/answers*');
    await page.locator('.save-status button').click();
    await page.locator('.save-status.save-saved').waitFor();
    await page.locator('a[href="/"]').first().click();
    await page.waitForURL(`${base}/`);
    expect(questions.length).toBe(1);
    const saved = (await app.inject({ method: 'GET', url: `/api/responses/${id}`, headers: bearer(token) })).json();
    expect(Object.keys(saved.answers).length).toBe(1);
    await ctx.close();
  });
}

const REFUSED = {
  nl: { text: 'Deze toets is al ingediend en kan niet meer veranderen.', submit: 'Indienen en rapport bekijken', confirm: /Ik begrijp dat nog niet alle verplichte vragen/ },
  en: { text: 'This test is already submitted and can no longer change.', submit: 'Submit and see the report', confirm: /I understand that not all required questions/ },
};

for (const lang of ['nl', 'en'] as const) {
  it(`says why a save the server refused holds back the submit, not "no connection" (${lang})`, { timeout: 60_000 }, async () => {
    const q = app.catalog.questionnaires.get('ai')!.document;
    const { id, token } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(q) } })).json() as { id: string; token: string };
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${base}/resume#${id}.${token}`);
    const first = page.locator('fieldset.question').first();
    await first.waitFor();
    // Submitted meanwhile from another device: the next save is refused (409 response-submitted).
    expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) })).statusCode).toBe(200);
    await first.locator('input:not(:checked)').first().check();
    await page.locator('.save-status.save-error').waitFor();

    await page.locator(`a[href="/test/${id}?section=submit"]`).first().click();
    const submit = page.getByRole('button', { name: REFUSED[lang].submit, exact: true });
    await submit.waitFor();
    const confirm = page.getByLabel(REFUSED[lang].confirm);
    if (await confirm.count()) await confirm.check();
    await submit.click();
    const alert = page.locator('p[role="alert"].error');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(REFUSED[lang].text);
    await ctx.close();
  });
}
