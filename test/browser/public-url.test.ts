// Issue 13: every link the interface hands out is on PUBLIC_URL, not on the address the page happens
// to be open on (an internal address, a dev server): resume, share, join and invitation links.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { bearer, createProgramme, createUser, login, TEST_HASH_COST } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

const PUBLIC = 'https://toets.example.org';
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-purl-')), 'e2e.db'),
    rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST, publicUrl: PUBLIC,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('links on PUBLIC_URL', () => {
  it('resume and share links of a respondent', { timeout: 90_000 }, async () => {
    const started = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(app.catalog.questionnaires.get('ai')!.document) } });
    const { id, token } = started.json() as { id: string; token: string };
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/resume#${id}.${token}`);
    await page.waitForSelector('fieldset.question');
    await expect.poll(() => page.locator('.resume-box input.resume-link').inputValue()).toBe(`${PUBLIC}/resume#${id}.${token}`);

    expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) })).statusCode).toBe(200);
    await page.goto(`${base}/report/${id}`);
    await page.waitForSelector('.report h1');
    await page.getByLabel(/Ik begrijp dat iedereen/).check();
    await page.getByRole('button', { name: 'Link maken' }).click();
    expect(await page.locator('.share-panel input.share-link').inputValue()).toMatch(new RegExp(`^${PUBLIC}/shared#[\\w-]{43}$`));
    await ctx.close();
  });

  it('join and invitation links of staff', { timeout: 90_000 }, async () => {
    await createUser(app, 'admin@example.org', 'admin', 'a long admin passphrase');
    const session = await login(app, 'admin@example.org', 'a long admin passphrase');
    const programme = await createProgramme(app, session, { name: 'Programma' });
    const ctx = await browser.newContext();
    await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
    const page = await ctx.newPage();
    await page.goto(`${base}/staff/programmes/${programme.id}`);
    await expect.poll(() => page.locator('#join-link').inputValue().catch(() => '')).toBe(`${PUBLIC}/join/${programme.joinCode}`);
    await page.goto(`${base}/staff/users`);
    await page.locator('#invite-email').fill('new@example.org');
    await page.getByRole('button', { name: 'Uitnodigen', exact: true }).click();
    await expect.poll(() => page.locator('#password-link-0').inputValue().catch(() => '')).toMatch(new RegExp(`^${PUBLIC}/staff/set-password#`));
    await ctx.close();
  });
});
