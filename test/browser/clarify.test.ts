// Issue 14, item 3 as a startup meets it: an assessor asked for evidence; the startup opens its resume
// link, finds the request on its report, answers with text and a PDF and corrects its answer; the
// assessor's view has the file and the correction. The report with the request reflows at 390 px.
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { answerLate, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { createProgramme, createUser, login, share, signedIn, submittedResponse, TEST_HASH_COST, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let assessor: Session;
let startup: { id: string; token: string };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-clarify-')), 'c.db'), rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  const admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
  const programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
  const user = await createUser(app, 'een@example.org', 'assessor');
  await app.staffRepos.programmes.addMember(programme.id, user.id);
  assessor = await login(app, 'een@example.org');
  startup = await submittedResponse(app);
  await share(app, startup, programme.joinCode, 'Acme Analytics');
  const asked = await app.inject({
    method: 'PUT', url: `/api/submissions/${startup.id}/verdicts/m-dpia`, headers: assessor.write,
    payload: { verdict: 'evidence', message: 'Stuur de DPIA mee, alstublieft.' },
  });
  expect(asked.statusCode, asked.body).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the startup answers a request', () => {
  it('finds the request through its resume link, answers with a PDF and a corrected answer; the assessor sees both', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/resume#${startup.id}.${startup.token}`);
    await page.waitForURL(`**/report/${startup.id}`);
    const requests = page.locator('section.open-requests');
    await expect.poll(() => requests.count(), { timeout: 15_000 }).toBe(1);
    const text = await requests.innerText();
    expect(text).toContain('Subsidie AI 2026');
    expect(text).toContain('Stuur de DPIA mee, alstublieft.');
    expect(text).not.toContain('een@example.org');
    // The report with the request reflows at 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(page, 'report with an open request');

    await requests.getByLabel(/Je antwoord|Your answer/).fill('Hierbij de vastgestelde DPIA.');
    await requests.locator('input[type=file]').setInputFiles({ name: 'DPIA definitief.pdf', mimeType: 'application/pdf', buffer: PDF });
    await requests.getByLabel(/verbeteren|correct my answer/).check();
    await requests.locator('input[type=radio][value=done]').check();
    // A link without https:// is refused; sent again with it mended, the file is not uploaded a second time.
    const linksField = requests.getByLabel(/Links/);
    await linksField.fill('www.example.nl/dpia');
    await requests.getByRole('button', { name: /Antwoord versturen|Send answer/ }).click();
    await requests.locator('p[role=alert]').waitFor({ timeout: 15_000 });
    await linksField.fill('https://www.example.nl/dpia');
    await requests.getByRole('button', { name: /Antwoord versturen|Send answer/ }).click();
    await expect.poll(async () => (await requests.innerText()).includes('Je hebt alle vragen'), { timeout: 15_000 }).toBe(true);
    expect(await requests.innerText()).toContain('DPIA-definitief.pdf');
    expect(Number((await app.database.kysely.selectFrom('clarification_files').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(1);
    // The form is gone with its button: the confirmation is in the card's live region, and focus on its heading.
    expect(await requests.locator('p[role=status]').first().innerText()).toBe('Je antwoord is verstuurd.');
    expect(await requests.locator('p[role=alert]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.closest('article')?.className)).toBe('H3 open-request');
    if (process.env.SCREENSHOT_DIR) await requests.screenshot({ path: join(process.env.SCREENSHOT_DIR, 'request-answered-nl-390.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const view = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/clarifications`, headers: assessor.read })).json();
    expect(view.threads[0]).toMatchObject({ state: 'answered' });
    expect(view.threads[0].messages[1]).toMatchObject({ text: 'Hierbij de vastgestelde DPIA.', file: { name: 'DPIA-definitief.pdf', contentType: 'application/pdf' }, revision: 1 });
    expect(view.revisions[1].changes[0]).toMatchObject({ question: 'm-dpia', from: { option: 'partly' }, to: { option: 'done' } });
    const file = await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/files/${view.threads[0].messages[1].file.id}`, headers: assessor.read });
    expect(file.rawPayload.equals(PDF)).toBe(true);
    await context.close();
  }, 180_000);
});

describe('the assessor asks for clarification', () => {
  it('a double click on "send request" sends it once: one message to the startup, not two', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addCookies([{ name: 'zt_session', value: assessor.cookie.split('=')[1], url: base }]);
    await context.addInitScript(() => localStorage.setItem('zelftoets:locale', 'nl'));
    const page = await context.newPage();
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/submissions/*/verdicts/*', 800, 'PUT');
    await page.goto(`${base}/staff/submissions/${startup.id}`);
    const ask = page.locator('#qv-m-retention-verdict');
    await ask.waitFor({ timeout: 15_000 });
    await ask.selectOption('clarification');
    await page.locator('#qv-m-retention-message').fill('Hoe lang bewaart u de gegevens?');
    const form = page.locator('.question-verdict', { has: ask });
    await form.getByRole('button', { name: 'Verzoek versturen' }).dblclick();
    await form.getByText('Verzoek verstuurd.').waitFor({ timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const view = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/clarifications`, headers: assessor.read })).json();
    const thread = view.threads.find((th: { questionId: string }) => th.questionId === 'm-retention');
    expect(thread.messages.map((m: { text: string }) => m.text)).toEqual(['Hoe lang bewaart u de gegevens?']);
    await context.close();
  }, 120_000);
});
