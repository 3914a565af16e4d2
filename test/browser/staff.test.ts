// The whole programme path in a real browser: the first admin sets a password from the command-line
// link and creates a programme, invites an assessor; a startup joins by the link, takes the test,
// submits, sees exactly what it shares and confirms; the assessor reviews and exports the CSV.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { createAdmin } from '../../server/cli/create-admin.js';
import { defaultConfig, type AppConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerLate, answerSection, expectNoSeriousA11yViolations, launchBrowser, staffSignIn } from '../helpers/browser.js';
import { createUser, login, TEST_HASH_COST } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let config: AppConfig;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  config = defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-staff-')), 'e2e.db'),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  });
  app = await buildApp(config);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});


/** Sets a password through a one-time link, which signs the person in. */
async function activate(page: Page, link: string, email: string, password: string) {
  await page.goto(link.replace(/^https?:\/\/[^/]+/, base));
  await page.waitForSelector(`text=${email}`);
  expect(page.url()).not.toContain('#');
  await page.getByLabel('Nieuw wachtwoord').fill(password);
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  // Staff #11: setting the password signs the person in; no second sign-in with the same password.
  await page.waitForURL(`${base}/staff`);
  await page.waitForSelector('h1:text("Programma\'s")');
}

describe('programmes and review in the browser', () => {
  it('admin creates a programme, a startup joins by link and shares, an assessor reviews and exports', { timeout: 240_000 }, async () => {
    const pageErrors: string[] = [];
    // 1. The first admin, from the command line.
    const { link: adminLink } = await createAdmin({ ...config, publicUrl: 'https://toets.example.org' }, 'admin@example.org', 'Beheer');
    const adminCtx = await browser.newContext();
    const admin = await adminCtx.newPage();
    admin.on('pageerror', (e) => pageErrors.push(String(e)));
    await activate(admin, adminLink, 'admin@example.org', 'beheerder wachtwoord 1');
    await expectNoSeriousA11yViolations(admin, 'staff home');

    await admin.getByLabel('Naam', { exact: true }).fill('AI-subsidie 2026');
    await admin.locator('fieldset input[type=checkbox][value=ai]').check();
    // A status region is read out when it fills, not when it arrives already full.
    expect(await admin.locator('main [role=status]').count()).toBe(1);
    const created = await admin.locator('main [role=status]').elementHandle();
    await admin.getByRole('button', { name: 'Programma aanmaken' }).click();
    await expect.poll(() => created!.textContent()).toContain('Programma "AI-subsidie 2026" is aangemaakt.');
    await admin.getByRole('link', { name: 'Openen' }).click();
    await admin.waitForSelector('h1:text("AI-subsidie 2026")');
    const joinLink = await admin.locator('#join-link').inputValue();
    expect(joinLink).toMatch(new RegExp(`^${base}/join/[A-Z0-9]{8}$`));
    await admin.locator('#assign-email').fill('assessor@example.org');
    await admin.getByRole('button', { name: 'Toevoegen', exact: true }).click();
    await admin.waitForSelector('#invite-link');
    const inviteLink = await admin.locator('#invite-link').inputValue();
    expect(inviteLink).toMatch(/\/staff\/set-password#[A-Za-z0-9_-]{43}$/);
    await expectNoSeriousA11yViolations(admin, 'programme page');
    await admin.getByRole('link', { name: 'Gebruikers' }).click();
    await admin.waitForSelector('h1:text("Gebruikers")');
    await expect.poll(() => admin.locator('.data-table tbody tr').count()).toBe(2);
    await expectNoSeriousA11yViolations(admin, 'users page');
    await admin.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => admin.locator('h1').textContent()).toBe('Users');
    await expectNoSeriousA11yViolations(admin, 'users page (en)');

    // 2. A startup opens the programme's link, starts the test there, submits, comes back and shares.
    const startupCtx = await browser.newContext();
    const startup = await startupCtx.newPage();
    startup.on('pageerror', (e) => pageErrors.push(String(e)));
    await startup.goto(joinLink);
    await startup.waitForSelector('h1:text("AI-subsidie 2026")');
    await expectNoSeriousA11yViolations(startup, 'join page');
    await startup.getByRole('button', { name: 'Start deze toets' }).first().click();
    await startup.waitForSelector('fieldset.question');
    for (let guard = 0; guard < 12; guard++) {
      await answerSection(startup);
      const next = startup.getByRole('button', { name: /^(Volgende|Naar indienen)$/ });
      if (!(await next.count())) break;
      await next.click();
    }
    await expect.poll(() => startup.locator('.save-status').textContent(), { timeout: 10_000 }).toMatch(/^Opgeslagen$/);
    const confirmIncomplete = startup.getByLabel(/Ik begrijp/);
    if (await confirmIncomplete.count()) await confirmIncomplete.check();
    await startup.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    await startup.waitForURL(/\/report\//);
    // Nothing is shared by submitting.
    expect((await tables.row(app, 'SELECT COUNT(*) AS n FROM responses WHERE programme_id IS NOT NULL'))).toEqual({ n: 0 });

    await startup.goto(joinLink);
    await startup.getByRole('button', { name: 'Deze toets delen' }).click();
    await startup.waitForSelector('.share-preview .report');
    expect(await startup.locator('.share-preview .answers').count()).toBe(1);
    await expectNoSeriousA11yViolations(startup, 'confirm share');
    // Neither a blank name nor an unticked box shares anything.
    await startup.getByLabel('Naam waaronder je deelt').fill('   ');
    await startup.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await startup.waitForSelector('text=Vul de naam in waaronder je deelt.');
    await startup.getByLabel('Naam waaronder je deelt').fill('=Acme <b>BV</b>');
    await startup.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await startup.waitForSelector('text=Vink aan dat je hebt bekeken wat je deelt.');
    expect((await tables.row(app, 'SELECT COUNT(*) AS n FROM responses WHERE programme_id IS NOT NULL'))).toEqual({ n: 0 });
    await startup.getByLabel(/Ik heb bekeken wat ik deel/).check();
    await startup.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await startup.waitForSelector('text=Je toets is gedeeld met AI-subsidie 2026.');
    expect(await startup.locator('.shared-item').textContent()).toContain('Gedeeld als "=Acme <b>BV</b>"');

    // 3. The assessor activates the invitation, finds the submission, reviews it and exports.
    const assessorCtx = await browser.newContext({ acceptDownloads: true });
    const assessor = await assessorCtx.newPage();
    assessor.on('pageerror', (e) => pageErrors.push(String(e)));
    assessor.on('dialog', (d) => d.accept());
    await activate(assessor, inviteLink, 'assessor@example.org', 'beoordelaar wachtwoord');
    await assessor.getByRole('link', { name: 'AI-subsidie 2026' }).click();
    await assessor.waitForSelector('.submissions-table');
    expect(await assessor.locator('p[role=status].meta').textContent()).toBe('1 team');
    await assessor.getByLabel('Zoeken op naam').fill('acme');
    await expect.poll(() => assessor.locator('.submissions-table tbody tr').count()).toBe(1);
    await assessor.getByLabel('Zoeken op naam').fill('niemand');
    await expect.poll(() => assessor.locator('.submissions-table').count()).toBe(0);
    await assessor.getByLabel('Zoeken op naam').fill('');
    await expect.poll(() => assessor.locator('.submissions-table').count()).toBe(1);
    await assessor.getByRole('button', { name: 'Streefdoelen' }).click();
    await expect.poll(() => assessor.locator('th[aria-sort]').textContent()).toBe('Streefdoelen');
    await expectNoSeriousA11yViolations(assessor, 'dashboard');
    // Respondent text is shown as text, never as markup.
    const link = assessor.getByRole('link', { name: '=Acme <b>BV</b>' });
    expect(await link.locator('b').count()).toBe(0);
    await link.click();
    await assessor.waitForSelector('.review-form');
    await expectNoSeriousA11yViolations(assessor, 'review screen');
    const firstScore = assessor.locator('input.assessor-score').first();
    await firstScore.fill('40');
    const self = await assessor.locator('.self-score').first().textContent();
    if (self !== '–') await expect.poll(() => assessor.locator('.difference').first().textContent()).toMatch(/^[+−]?\d/);
    await assessor.locator('.review-value textarea').first().fill('Onderbouwing ontbreekt');
    await assessor.getByLabel('Positief onder voorwaarden').check();
    await assessor.getByLabel('Toelichting bij het eindoordeel').fill('Goed plan; DPIA afronden.');
    await assessor.getByRole('button', { name: 'Beoordeling indienen' }).click();
    await assessor.waitForSelector('text=Beoordeling ingediend.');
    await expect.poll(() => assessor.locator('input.assessor-score').first().isDisabled()).toBe(true);
    await assessor.getByRole('button', { name: 'Markeren als beoordeeld' }).click();
    await expect.poll(() => assessor.locator('.review-status').textContent()).toBe('beoordeeld');
    expect(await assessor.locator('.audit li').count()).toBeGreaterThanOrEqual(4);

    await assessor.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => assessor.locator('#review-heading').textContent()).toBe('Your review');
    expect(await assessor.locator('.review-status').textContent()).toBe('reviewed');
    await assessor.getByRole('link', { name: 'AI-subsidie 2026' }).click();
    await assessor.waitForSelector('.submissions-table');
    const [download] = await Promise.all([assessor.waitForEvent('download'), assessor.getByRole('link', { name: 'Export as CSV (Excel)' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    // The English interface exports with commas and decimal points, in the screens' words.
    expect(lines[0].split(',')[0]).toBe('Name');
    expect(lines[1].startsWith("'=Acme <b>BV</b>,")).toBe(true);
    expect(lines[1]).toContain(',40,');
    // Staff #18: each assessor has columns of their own, headed by who they are.
    expect(lines[0]).toContain('assessor@example.org: judgement');
    expect(lines[1]).toContain(',Positive with conditions,');

    // 4. The startup withdraws; the assessor's list is empty again.
    startup.on('dialog', (d) => d.accept());
    await startup.getByRole('button', { name: 'Terugtrekken' }).click();
    await startup.waitForSelector('text=Je toets is teruggetrokken.');
    await assessor.reload();
    await expect.poll(() => assessor.locator('p[role=status].meta').textContent()).toBe('0 teams');

    expect(pageErrors).toEqual([]);
    for (const c of [adminCtx, startupCtx, assessorCtx]) await c.close();
  });

  it('a double click on "Programma aanmaken" creates one programme, not two of the same name', { timeout: 60_000 }, async () => {
    await createUser(app, 'admin-dubbel@example.org', 'admin');
    const session = await login(app, 'admin-dubbel@example.org');
    const ctx = await browser.newContext();
    await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
    const page = await ctx.newPage();
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/programmes', 800, 'POST');
    await page.goto(`${base}/staff`);
    await page.getByLabel('Naam').fill('Dubbelklik 2026');
    await page.locator('fieldset input[type=checkbox]').first().check();
    await page.getByRole('button', { name: 'Programma aanmaken' }).dblclick();
    await page.locator('[role=status]', { hasText: 'Dubbelklik 2026' }).waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    const list = (await app.inject({ method: 'GET', url: '/api/programmes', headers: session.read })).json() as Array<{ name: string }>;
    expect(list.filter((p) => p.name === 'Dubbelklik 2026').length).toBe(1);
    await ctx.close();
  });

  it('unticking "show archived" while the archived list is still on its way leaves the archived programmes out', { timeout: 60_000 }, async () => {
    await createUser(app, 'admin-archief@example.org', 'admin');
    const session = await login(app, 'admin-archief@example.org');
    await app.inject({ method: 'POST', url: '/api/programmes', headers: session.write, payload: { name: 'Lopend 2026', kind: 'subsidy', areas: ['ai'] } });
    const made = await app.inject({ method: 'POST', url: '/api/programmes', headers: session.write, payload: { name: 'Oud archief 2019', kind: 'subsidy', areas: ['ai'] } });
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${made.json().id}`, headers: session.write, payload: { archived: true } })).statusCode).toBe(200);
    const ctx = await browser.newContext();
    await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
    const page = await ctx.newPage();
    await page.goto(`${base}/staff`);
    await page.locator('.data-table').waitFor();
    // The list with the archive is slow to come, as on a busy server: the list without it is answered first.
    await answerLate(page, '**/api/programmes?archived=include', 1500);
    const slow = page.waitForResponse((r) => r.url().includes('archived=include'));
    await page.locator('#show-archived').check();
    await page.locator('#show-archived').uncheck();
    await slow;
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.locator('#show-archived').isChecked()).toBe(false);
    expect(await page.locator('.data-table').innerText()).not.toContain('Oud archief 2019');
    await ctx.close();
  });

  it('sends a visitor without a session to the login page and refuses wrong passwords', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/staff/programmes/xxxxxxxxxxxxxxxxxxxxxx`);
    await page.waitForURL(/\/staff\/login\?next=/);
    await page.waitForSelector('h1');
    await expectNoSeriousA11yViolations(page, 'login page');
    await page.getByLabel('E-mailadres').fill('nobody@example.org');
    await page.getByLabel('Wachtwoord').fill('not a password at all');
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    // Issue 13: the interface's own Dutch words for the error's code, never the server's English message.
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('E-mailadres of wachtwoord klopt niet.');
    await page.goto(`${base}/join`);
    await page.getByLabel('Code').fill('zzzz-zzzz');
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL(/\/join\/ZZZZZZZZ$/);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('Er is geen programma met deze code. Controleer de link of de code.');
    await page.goto(`${base}/staff/set-password#${'A'.repeat(43)}`);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toBe('Deze link is onbekend, al gebruikt of verlopen. Vraag een beheerder om een nieuwe. Ben je de eerste beheerder, maak dan een nieuwe link met npm run create-admin.');
    expect(await page.locator('main').textContent()).not.toMatch(/unknown|no programme|is wrong/);
    await ctx.close();
  });

  it('changing the password says so in a status region that was there before', { timeout: 60_000 }, async () => {
    await createUser(app, 'wissel@example.org', 'assessor', 'oud wachtwoord van wissel');
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await staffSignIn(page, base, 'wissel@example.org', 'oud wachtwoord van wissel');
    await page.goto(`${base}/staff/password`);
    await page.getByLabel('Huidig wachtwoord').fill('oud wachtwoord van wissel');
    await page.getByLabel('Nieuw wachtwoord').fill('een nieuw wachtwoord voor wissel');
    // A status region is read out when it fills, not when it arrives already full.
    const regions = page.locator('main form [role=status]');
    expect(await regions.count()).toBe(1);
    const region = await regions.elementHandle();
    await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await expect.poll(() => region!.textContent()).toBe('Je wachtwoord is gewijzigd. Andere sessies zijn beëindigd.');
    await ctx.close();
  });

  it('"Wachtwoord vergeten?" keeps the keyboard\'s place and says the link is on its way in a status region', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/staff/login`);
    await page.getByRole('button', { name: 'Wachtwoord vergeten?' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#forgot-email').waitFor();
    // The pressed button made way for the form: focus goes into it, not back to the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('forgot-email');
    // A status region is read out when it fills, not when it arrives already full.
    const form = page.locator('form[aria-labelledby="forgot-heading"]');
    expect(await form.locator('[role=status]').count()).toBe(1);
    const sent = await form.locator('[role=status]').elementHandle();
    await page.keyboard.type('niemand@example.org');
    await page.keyboard.press('Enter');
    await expect.poll(() => sent!.textContent()).toContain('Als er een account is voor niemand@example.org');
    await ctx.close();
  });
});
