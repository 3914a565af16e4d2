// The users page and the programme page's people and lifecycle actions in a real browser (issue 14,
// staff walkthrough #10, #12, #23): every hard-to-undo action asks first and says what it did in a
// live region; settings follow the server's rules; both pages reflow at 390 px in Dutch and English.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { answerLate, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { createProgramme, createUser, share, signedIn, submittedResponse, TEST_HASH_COST, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';
import { startSmtp } from '../helpers/smtp.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let admin: Session;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  smtp = await startSmtp();
  const mini = readFixture('mini.json');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-progui-')), 'e2e.db'),
    // A second area, so the programme's areas can really change.
    questionnairesDir: fixtureDir({ 'mini.json': mini, 'mini-q.json': { ...mini, id: 'mini-q', area: 'quantum' } }),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
    // A real (in-process) mail server, so an invitation sent again is really mailed.
    publicUrl: 'https://toets.example.org', smtpUrl: smtp.url, mailFrom: 'Zelftoets <zelftoets@example.org>',
    mailRetryBaseMs: 50, mailPollMs: 100, mailTimeoutMs: 5_000,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

async function pageAs(session: Session, width: number, locale: 'nl' | 'en' = 'nl'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
}
const errors: string[] = [];
const snap = async (page: Page, name: string) => {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
};
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const dialog = (page: Page) => page.locator('dialog.confirm-dialog');
const confirmYes = (page: Page) => dialog(page).getByRole('button', { name: /^(Ja, doorgaan|Yes, continue)$/ }).click();
const confirmNo = (page: Page) => dialog(page).getByRole('button', { name: /^(Annuleren|Cancel)$/ }).click();
const dbUser = async (email: string) => (await tables.row<{ role: string; name: string; disabled_at: string | null }>(app, 'SELECT role, name, disabled_at FROM users WHERE email = ?', email))!;
const dbProgramme = async (id: string) => (await tables.row<{ kind: string; areas: string; deadline: string | null; archived_at: string | null }>(app, 'SELECT kind, areas, deadline, archived_at FROM programmes WHERE id = ?', id))!;

describe('users page', () => {
  it('a double click on "Uitnodigen" invites once: not a second mail whose new link makes the first one dead', { timeout: 60_000 }, async () => {
    const email = 'dubbelklik@example.org';
    const page = await pageAs(admin, 1366);
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/users', 800, 'POST');
    const reinvites = async () => (await tables.row<{ n: number }>(app, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.reinvite'"))!.n;
    const before = await reinvites();
    await page.goto(`${base}/staff/users`);
    await page.locator('#invite-email').fill(email);
    await page.getByRole('button', { name: 'Uitnodigen', exact: true }).dblclick();
    await page.locator('.people-table, table', { hasText: email }).first().waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await reinvites()).toBe(before);
    await page.context().close();
  });

  it('a double click on "Toevoegen" on a programme invites a new person once, not twice with the first link made dead', { timeout: 60_000 }, async () => {
    const p = await createProgramme(app, admin, { name: 'Dubbelklik mensen' });
    const page = await pageAs(admin, 1366);
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/programmes/*/members', 800, 'POST');
    await page.goto(`${base}/staff/programmes/${p.id}`);
    await page.locator('#assign-email').fill('dubbel.toegevoegd@example.org');
    await page.getByRole('button', { name: 'Toevoegen', exact: true }).dblclick();
    await page.locator('.people-list', { hasText: 'dubbel.toegevoegd@example.org' }).waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await tables.row(app, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.reinvite' AND programme_id = ?", p.id)).toEqual({ n: 0 });
    await page.context().close();
  });

  it('staff #12: a role change and blocking ask for confirmation and say "saved"/"blocked"; no sideways scroll at 390 px in nl and en', { timeout: 120_000 }, async () => {
    await createUser(app, 'lang.adres.van.een.beoordelaar@voorbeeld-organisatie.example.org', 'assessor');
    const email = 'lang.adres.van.een.beoordelaar@voorbeeld-organisatie.example.org';
    const page = await pageAs(admin, 390);
    await page.goto(`${base}/staff/users`);
    await page.waitForSelector('.users-table');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);

    const role = page.getByLabel(`Rol van ${email}`);
    await role.selectOption('manager');
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    expect(await dialog(page).textContent()).toContain(`De rol van ${email} wijzigen van beoordelaar in programmaleider?`);
    await confirmNo(page);
    expect(await role.inputValue()).toBe('assessor');
    expect((await dbUser(email)).role).toBe('assessor');

    await role.selectOption('manager');
    await confirmYes(page);
    await expect.poll(() => page.locator('p[role=status][aria-live=polite]').textContent()).toBe(`Opgeslagen: ${email} is nu programmaleider.`);
    expect((await dbUser(email)).role).toBe('manager');

    await page.getByRole('button', { name: `Blokkeren (${email})` }).click();
    expect(await dialog(page).textContent()).toContain(`${email} blokkeren?`);
    await confirmNo(page);
    expect((await dbUser(email)).disabled_at).toBeNull();
    await page.getByRole('button', { name: `Blokkeren (${email})` }).click();
    await confirmYes(page);
    await expect.poll(() => page.locator('p[role=status][aria-live=polite]').textContent()).toBe(`${email} is geblokkeerd.`);
    expect((await dbUser(email)).disabled_at).not.toBeNull();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'users-390-nl');

    const en = await pageAs(admin, 390, 'en');
    await en.goto(`${base}/staff/users`);
    await en.waitForSelector('.users-table');
    expect(await en.locator('h1').textContent()).toBe('Users');
    expect(await pageWidth(en)).toBeLessThanOrEqual(390);
    await snap(en, 'users-390-en');
    expect(errors).toEqual([]);
  });
});

describe('programme page', () => {
  it('staff #10 #12 #23: people with a name, invitations again, removal, settings, a past deadline, removing a submission and archiving, at 390 px', { timeout: 240_000 }, async () => {
    const p = await createProgramme(app, admin, { name: 'Subsidie AI 2027', areas: ['ai'] });
    const page = await pageAs(admin, 390);
    const done = page.locator('#programme-done');
    await page.goto(`${base}/staff/programmes/${p.id}`);
    await page.waitForSelector('h1:text("Subsidie AI 2027")');

    // #10: adding a person takes a name; a pending invitation is sent again from the member's row.
    await page.locator('#assign-email').fill('nieuw@example.org');
    await page.getByLabel('Naam (voor een nieuw account)').fill('Nieuwe Beoordelaar');
    await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
    await page.waitForSelector('#invite-link');
    await expect.poll(() => page.locator('.people-list').textContent()).toContain('Nieuwe Beoordelaar · nieuw@example.org');
    expect((await dbUser('nieuw@example.org')).name).toBe('Nieuwe Beoordelaar');
    const firstLink = await page.locator('#invite-link').inputValue();
    await page.getByRole('button', { name: 'Uitnodiging opnieuw sturen (nieuw@example.org)' }).click();
    await expect.poll(() => done.textContent()).toBe('Nieuwe uitnodiging voor nieuw@example.org gemaild; de vorige link werkt niet meer.');
    const secondLink = await page.locator('#invite-link').inputValue();
    expect(secondLink).not.toBe(firstLink);
    // The second mail carries the new link, the one the page shows the administrator.
    expect((await smtp.mailFor('nieuw@example.org', 2)).text).toContain(secondLink.split('#')[1]);
    expect(await tables.row(app, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'user.reinvite'")).toEqual({ n: 1 });

    // #12: taking someone off asks first.
    await page.getByRole('button', { name: 'Verwijderen uit programma (nieuw@example.org)' }).click();
    expect(await dialog(page).textContent()).toContain('nieuw@example.org uit dit programma verwijderen?');
    await confirmNo(page);
    expect(await page.locator('.people-list').textContent()).toContain('nieuw@example.org');
    await page.getByRole('button', { name: 'Verwijderen uit programma (nieuw@example.org)' }).click();
    await confirmYes(page);
    await expect.poll(() => done.textContent()).toBe('nieuw@example.org is uit het programma verwijderd.');
    await expect.poll(() => page.locator('.people-list').textContent()).not.toContain('nieuw@example.org');

    // #23: areas and kind change while nothing is shared.
    await page.locator('input[name=settings-area][value=quantum]').check();
    await page.locator('#settings-kind').selectOption('cohort');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).first().click();
    await expect.poll(() => done.textContent()).toBe('Opgeslagen.');
    expect(await dbProgramme(p.id)).toMatchObject({ kind: 'cohort', areas: JSON.stringify(['ai', 'quantum']) });

    // A startup shares meanwhile: the server refuses the next change and the page says why, inline.
    const s = await submittedResponse(app);
    await share(app, s, p.joinCode, 'Startup Een');
    await page.locator('input[name=settings-area][value=quantum]').uncheck();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).first().click();
    await expect.poll(() => page.locator('#settings-error').textContent()).toBe('De gebieden en het soort programma kunnen niet meer veranderen: er zijn al inzendingen.');
    expect(JSON.parse((await dbProgramme(p.id)).areas)).toEqual(['ai', 'quantum']);
    await page.reload();
    await page.waitForSelector('.submissions-table');
    expect(await page.locator('#settings-kind').isDisabled()).toBe(true);
    expect(await page.locator('#settings-locked').textContent()).toBe('Gebieden en soort liggen vast zodra er inzendingen zijn.');
    await expectNoSeriousA11yViolations(page, 'programme page');
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'programme-390-nl');
    const en = await pageAs(admin, 390, 'en');
    await en.goto(`${base}/staff/programmes/${p.id}`);
    await en.waitForSelector('.submissions-table');
    expect(await en.locator('#settings-locked').textContent()).toBe('Areas and kind are fixed once there are submissions.');
    expect(await pageWidth(en)).toBeLessThanOrEqual(390);
    await snap(en, 'programme-390-en');
    // At 1366 px the list, with its remove action, still fits its box (staff #7's rule holds for managers too).
    const wide = await pageAs(admin, 1366);
    await wide.goto(`${base}/staff/programmes/${p.id}`);
    await wide.waitForSelector('.submissions-table');
    const fit = await wide.evaluate(() => {
      const box = document.querySelector('.table-wrap') as HTMLElement;
      return { scroll: box.scrollWidth - box.clientWidth, page: document.documentElement.scrollWidth };
    });
    expect(fit.scroll, 'the submissions table scrolls sideways at 1366 px').toBeLessThanOrEqual(1);
    expect(fit.page).toBeLessThanOrEqual(1366);
    await snap(wide, 'programme-1366-nl');

    // #23: a deadline in the past is set only after a confirmation; then the programme is "gesloten".
    await page.locator('#settings-deadline').fill('2020-01-01T12:00');
    await page.getByRole('button', { name: 'Opslaan', exact: true }).first().click();
    expect(await dialog(page).textContent()).toContain('Deze deadline ligt in het verleden');
    await confirmNo(page);
    expect((await dbProgramme(p.id)).deadline).toBeNull();
    await page.getByRole('button', { name: 'Opslaan', exact: true }).first().click();
    await confirmYes(page);
    await expect.poll(() => page.locator('.state-badge').textContent()).toBe('gesloten');
    expect((await dbProgramme(p.id)).deadline).toMatch(/^2020-01-01/);

    // Staff #23: after the deadline the startup cannot withdraw; the programme removes it at its request.
    await page.getByRole('button', { name: 'Verwijderen (Startup Een)' }).click();
    expect(await dialog(page).textContent()).toContain('De inzending van Startup Een uit dit programma verwijderen?');
    await confirmNo(page);
    expect(await tables.row(app, 'SELECT programme_id FROM responses WHERE id = ?', s.id)).toEqual({ programme_id: p.id });
    await page.getByRole('button', { name: 'Verwijderen (Startup Een)' }).click();
    await confirmYes(page);
    await expect.poll(() => done.textContent()).toBe('De inzending is uit het programma verwijderd.');
    await expect.poll(() => page.locator('.submissions-table').count()).toBe(0);
    expect(await tables.row(app, 'SELECT programme_id FROM responses WHERE id = ?', s.id)).toEqual({ programme_id: null });

    // Archive and un-archive, each confirmed; an archived programme shows no settings.
    await page.getByRole('button', { name: 'Archiveren' }).click();
    expect(await dialog(page).textContent()).toContain('Dit programma archiveren?');
    await confirmNo(page);
    expect((await dbProgramme(p.id)).archived_at).toBeNull();
    await page.getByRole('button', { name: 'Archiveren' }).click();
    await confirmYes(page);
    await expect.poll(() => done.textContent()).toBe('Het programma is gearchiveerd.');
    await expect.poll(() => page.locator('.state-badge').textContent()).toBe('gearchiveerd');
    expect((await dbProgramme(p.id)).archived_at).not.toBeNull();
    expect(await page.locator('#settings-heading').count()).toBe(0);
    expect(await page.locator('#assign-email').count()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await snap(page, 'programme-archived-390-nl');
    // The programme list leaves it out, until archived programmes are asked for; it then says "gearchiveerd".
    const home = await pageAs(admin, 390);
    await home.goto(`${base}/staff`);
    await home.waitForSelector('h1:text("Programma\'s")');
    await expect.poll(() => home.locator('#show-archived').count()).toBe(1);
    expect(await home.getByRole('link', { name: 'Subsidie AI 2027' }).count()).toBe(0);
    await home.getByLabel('Gearchiveerde programma\'s tonen').check();
    await expect.poll(() => home.getByRole('row', { name: /Subsidie AI 2027/ }).locator('.state-badge').textContent()).toBe('gearchiveerd');
    expect(await pageWidth(home)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Uit het archief halen' }).click();
    expect(await dialog(page).textContent()).toContain('Dit programma uit het archief halen?');
    await confirmYes(page);
    await expect.poll(() => done.textContent()).toBe('Het programma is uit het archief gehaald.');
    await expect.poll(() => page.locator('.state-badge').textContent()).toBe('gesloten');
    expect((await dbProgramme(p.id)).archived_at).toBeNull();
    expect(errors).toEqual([]);
  });

  it('staff #23: creating a programme with a deadline in the past asks first, then sends allowPastDeadline', { timeout: 120_000 }, async () => {
    const page = await pageAs(admin, 390);
    await page.goto(`${base}/staff`);
    await page.waitForSelector('#create-heading');
    await page.getByLabel('Naam', { exact: true }).fill('Oude ronde');
    await page.locator('fieldset input[type=checkbox][value=ai]').check();
    await page.locator('#programme-deadline').fill('2021-06-01T12:00');
    await page.getByRole('button', { name: 'Programma aanmaken' }).click();
    expect(await dialog(page).textContent()).toContain('Deze deadline ligt in het verleden');
    await confirmNo(page);
    expect(await tables.row(app, "SELECT COUNT(*) AS n FROM programmes WHERE name = 'Oude ronde'")).toEqual({ n: 0 });
    await page.getByRole('button', { name: 'Programma aanmaken' }).click();
    await confirmYes(page);
    await expect.poll(() => page.getByRole('row', { name: /Oude ronde/ }).locator('.state-badge').textContent()).toBe('gesloten');
    expect((await tables.row<{ deadline: string }>(app, "SELECT deadline FROM programmes WHERE name = 'Oude ronde'"))!.deadline).toMatch(/^2021-06-01/);
    expect(errors).toEqual([]);
  });
});
