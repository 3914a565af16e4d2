// Issue 17, programme part, in the browser: a manager adds a question of the programme's own and sets
// the versions it accepts; a startup joining by the programme's link sees and answers the question when
// it shares; staff see the answer on the submission. Each screen reflows at 390 px and passes axe.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { answerLate, expectNoSeriousA11yViolations, launchBrowser, staffSignIn } from '../helpers/browser.js';
import { createProgramme, createUser, PASSWORD, signedIn, submittedResponse, TEST_HASH_COST } from '../helpers/staff.js';

const SHOTS = process.env.PROGRAMME_SHOTS ?? '/work/shots/programme';
let app: FastifyInstance;
let browser: Browser;
let base: string;
let programme: { id: string; joinCode: string };

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-programme-')), 'p.db'), rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
    questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }),
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  const admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
  programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
  const manager = await createUser(app, 'manager@example.org', 'manager');
  await app.staffRepos.programmes.addMember(programme.id, manager.id);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const signIn = (page: Page, email: string) => staffSignIn(page, base, email, PASSWORD);
const fitsAt = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

describe('programme questions', () => {
  it('a question typed on while the questions are being saved keeps what was typed', { timeout: 60_000 }, async () => {
    const other = await app.staffRepos.programmes.create({ name: 'Tijdens opslaan', kind: 'subsidy', areas: ['ai'], deadline: null, createdBy: null });
    const manager = (await app.staffRepos.users.findByEmail('manager@example.org'))!;
    await app.staffRepos.programmes.addMember(other.id, manager.id);
    const staff = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await staff.newPage();
    await signIn(page, 'manager@example.org');
    // The save takes a moment, as on a slow line: the manager goes on typing meanwhile.
    await answerLate(page, '**/api/programmes/*/intake', 1500, 'PUT');
    await page.goto(`${base}/staff/programmes/${other.id}`);
    const form = page.locator('form.programme-intake');
    await form.getByRole('button', { name: 'Vraag toevoegen' }).click();
    await form.getByLabel('Vraag 1 in het Nederlands').fill('Aantal medewerkers');
    await form.getByLabel('Vraag 1 in het Engels').fill('Number of staff');
    await form.getByRole('button', { name: 'Versies en vragen opslaan' }).click();
    await form.getByLabel('Vraag 1 in het Engels').fill('Number of employees');
    await expect.poll(() => page.locator('#programme-done').innerText(), { timeout: 15_000 }).toContain('Versies en vragen opgeslagen');
    await new Promise((r) => setTimeout(r, 300));
    expect(await form.getByLabel('Vraag 1 in het Engels').inputValue()).toBe('Number of employees');
    await staff.close();
  });

  it('a manager adds a question, a startup joining by link answers it, staff see the answer', { timeout: 120_000 }, async () => {
    const staff = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await staff.newPage();
    await signIn(page, 'manager@example.org');
    await page.goto(`${base}/staff/programmes/${programme.id}`);
    const form = page.locator('form.programme-intake');
    await form.getByRole('button', { name: 'Vraag toevoegen' }).click();
    await form.getByLabel('Vraag 1 in het Nederlands').fill('Projectnummer');
    await form.getByLabel('Vraag 1 in het Engels').fill('Project number');
    await form.getByLabel('Verplicht').check();
    await form.getByLabel('Versies voor AI').selectOption('majors');
    await form.getByLabel('Hoofdversies voor AI (bijv. 2, 3)').fill('1');
    await form.getByRole('button', { name: 'Versies en vragen opslaan' }).click();
    await expect.poll(() => page.locator('#programme-done').innerText(), { timeout: 15_000 }).toContain('Versies en vragen opgeslagen');
    const intake = (await app.staffRepos.programmes.find(programme.id))!;
    expect(JSON.parse(intake.questions)).toEqual([{ id: 'q1', kind: 'text', prompt: { nl: 'Projectnummer', en: 'Project number' }, required: true }]);
    expect(JSON.parse(intake.accepted_versions)).toEqual({ ai: { majors: [1] } });
    await fitsAt(page, 390);
    await expectNoSeriousA11yViolations(page, 'programme intake settings');

    // The startup: a submitted test on this device, then the programme's join link.
    const startup = await submittedResponse(app);
    const s = await (await browser.newContext({ viewport: { width: 390, height: 900 } })).newPage();
    await s.goto(`${base}/resume#${startup.id}.${startup.token}`);
    await s.waitForURL(`**/report/${startup.id}`);
    await s.goto(`${base}/join/${programme.joinCode}`);
    await s.getByRole('button', { name: 'Deze toets delen' }).click();
    await s.getByLabel('Naam waaronder je deelt').fill('Acme Analytics');
    const question = s.getByLabel('Projectnummer');
    await expect.poll(() => question.count(), { timeout: 15_000 }).toBe(1);
    await question.fill('P-2026-17');
    await s.getByLabel(/Ik heb bekeken wat ik deel/).check();
    await fitsAt(s, 390);
    await expectNoSeriousA11yViolations(s, 'share confirmation with programme questions');
    await s.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await expect.poll(async () => (await app.staffRepos.programmes.submission(startup.id))?.programme_id, { timeout: 15_000 }).toBe(programme.id);

    await page.goto(`${base}/staff/submissions/${startup.id}`);
    const answers = page.locator('section.programme-answers');
    await expect.poll(() => answers.count(), { timeout: 15_000 }).toBe(1);
    expect(await answers.innerText()).toMatch(/Projectnummer\s+P-2026-17/);
    await fitsAt(page, 390);
    await expectNoSeriousA11yViolations(page, 'submission with programme answers');

    for (const lang of ['nl', 'en'] as const) {
      for (const width of [390, 1366]) {
        await page.setViewportSize({ width, height: 900 });
        await page.evaluate((l) => localStorage.setItem('zelftoets:locale', l), lang);
        await page.goto(`${base}/staff/programmes/${programme.id}`);
        await page.locator('form.programme-intake input[id^="q-nl-"]').waitFor();
        await fitsAt(page, width);
        await page.locator('form.programme-intake').screenshot({ path: join(SHOTS, `intake-${lang}-${width}.png`) });
        await page.goto(`${base}/staff/submissions/${startup.id}`);
        await answers.waitFor();
        await fitsAt(page, width);
        await answers.screenshot({ path: join(SHOTS, `answers-${lang}-${width}.png`) });
      }
    }
    await s.setViewportSize({ width: 1366, height: 900 });
    await staff.close();
  });
});
