// The assessor's review screen in a real browser (issue 14, item 2): answers per value beside the
// score fields, Dutch decimals, autosave, unsaved-changes warnings, status changes that never lose
// typed work, the history's from → to, the manager's wording, reflow at 390 px and axe.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser, staffSignIn } from '../helpers/browser.js';
import { createProgramme, createUser, login, PASSWORD, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let submissionId: string;
let manager: Session;
let bob: Session;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await staffApp({ clientDir: join(ROOT, 'dist/client') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  const admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
  const p = await createProgramme(app, admin, { name: 'Deeptech 2027' });
  for (const [email, role] of [['alice@example.org', 'assessor'], ['bob@example.org', 'assessor'], ['manager@example.org', 'manager']] as const) {
    const user = await createUser(app, email, role);
    await app.staffRepos.programmes.addMember(p.id, user.id);
  }
  manager = await login(app, 'manager@example.org');
  bob = await login(app, 'bob@example.org');
  const r = await submittedResponse(app, {
    'm-personal-data': { option: 'yes' },
    'm-dpia': { option: 'none', note: 'DPIA volgt na de pilot' },
    'm-retention': { option: 'yes' },
    'm-security': { options: ['mfa'] },
    // Full score without a note: marked as a claim to check (review item 15).
    'm-energy': { option: 'yes' },
    'm-context': { text: 'Een assistent voor gemeenten' },
  });
  await share(app, r, p.joinCode, 'Lumen Labs');
  submissionId = r.id;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const signIn = (page: Page, email: string) => staffSignIn(page, base, email, PASSWORD);

const privacy = (page: Page) => page.locator('.review-value', { has: page.locator('h3', { hasText: 'Privacy' }) }).first();

describe('the review screen', () => {
  it('staff #1 #5 #15 #16 #17 #26 #28 #6: reviews per value, keeps typed work through a refused status change and a reload, warns before leaving, reflows', { timeout: 120_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(page, 'alice@example.org');
    await page.goto(`${base}/staff/submissions/${submissionId}`);
    await page.waitForSelector('.review-form');

    // #5: the answers for a value, knock-out marked and the note shown, sit beside its score field;
    // the startup-facing report is collapsed.
    const p = privacy(page);
    await expect.poll(() => p.locator('.answer.knockout').count()).toBe(1);
    expect(await p.locator('.answer.knockout').textContent()).toContain('Knock-out');
    expect(await p.textContent()).toContain('DPIA volgt na de pilot');
    // A full-score answer without a note is a claim to check (review item 15); the others under privacy are not.
    expect(await p.locator('.answer-unbacked').count()).toBe(0);
    const energy = page.locator('.answer', { has: page.locator('.answer-prompt', { hasText: 'Meet u het energiegebruik?' }) }).first();
    expect(await energy.locator('.answer-unbacked').textContent()).toMatch(/^Volle score, zonder toelichting of bewijs/);
    expect(await page.locator('.review-form .answer-unbacked').count()).toBe(1);
    const answersBox = (await p.locator('.review-value-answers').boundingBox())!;
    const scoreBox = (await p.locator('input.assessor-score').boundingBox())!;
    expect(scoreBox.x).toBeGreaterThan(answersBox.x + answersBox.width - 1);
    expect(Math.abs(scoreBox.y - answersBox.y)).toBeLessThan(120);
    expect(await page.locator('details.review-report').getAttribute('open')).toBeNull();
    // The work starts on the first screen, not 13,000 px down.
    expect((await page.locator('input.assessor-score').first().boundingBox())!.y).toBeLessThan(900);

    // #15: a Dutch decimal stays what was typed; an invalid one is marked and named in a summary.
    const score = p.locator('input.assessor-score');
    await score.fill('abc');
    await page.getByRole('button', { name: 'Concept opslaan' }).click();
    await expect.poll(() => page.locator('.error-summary li').count()).toBe(1);
    expect(await page.locator('.error-summary').textContent()).toContain('Privacy');
    expect(await score.getAttribute('aria-invalid')).toBe('true');
    expect(await score.evaluate((e) => getComputedStyle(e).borderTopColor)).toBe('rgb(164, 22, 26)');
    expect(await page.locator('.draft-status').textContent()).toContain('Niet opgeslagen');
    await score.fill('55,5');
    expect(await score.inputValue()).toBe('55,5');
    await p.locator('textarea').fill('DPIA ontbreekt nog');
    // #16: the save state sits beside the buttons, and the draft saves by itself.
    await expect.poll(() => page.locator('.review-actions .draft-status').textContent(), { timeout: 10_000 }).toBe('Concept opgeslagen.');
    const saved = await app.inject({ method: 'GET', url: `/api/submissions/${submissionId}`, headers: manager.read });
    expect(saved.json().submission.reviewStatus).toBe('in_review');

    // #1: a refused status change (Bob reviewed and the manager closed it meanwhile) shows inline; the
    // typed comment, saved first, survives the refusal and a reload.
    await expect.poll(() => page.locator('.review-status').textContent()).toBe('in beoordeling');
    const reviewed = page.getByRole('button', { name: 'Markeren als beoordeeld' });
    expect(await reviewed.isDisabled()).toBe(true);
    expect(await page.locator('.status-actions').textContent()).toContain('Kan pas als er minstens één beoordeling is ingediend.');
    const bobs = await app.inject({
      method: 'PUT', url: `/api/submissions/${submissionId}/review`, headers: bob.write,
      payload: { scores: { privacy: { score: 20, comment: '' } }, judgement: 'negative', comment: '', submit: true },
    });
    expect(bobs.statusCode, bobs.body).toBe(200);
    const closed = await app.inject({ method: 'PUT', url: `/api/submissions/${submissionId}/status`, headers: manager.write, payload: { status: 'reviewed' } });
    expect(closed.statusCode, closed.body).toBe(200);
    await page.getByLabel('Toelichting bij het eindoordeel').fill('Sterk team, DPIA afronden.');
    await page.getByRole('button', { name: 'Terugzetten naar ingediend' }).click();
    await expect.poll(() => page.locator('.status-actions [role=alert]').textContent()).toBe('Deze status kan niet vanuit de huidige status worden gekozen.');
    expect(await page.locator('.review-form').count()).toBe(1);
    expect(await page.getByLabel('Toelichting bij het eindoordeel').inputValue()).toBe('Sterk team, DPIA afronden.');
    await page.reload();
    await page.waitForSelector('.review-form');
    expect(await privacy(page).locator('input.assessor-score').inputValue()).toBe('55,5');
    expect(await privacy(page).locator('textarea').inputValue()).toBe('DPIA ontbreekt nog');
    expect(await page.getByLabel('Toelichting bij het eindoordeel').inputValue()).toBe('Sterk team, DPIA afronden.');

    // #1: with unsaved changes, leaving asks first: beforeunload and the app's own links. (An invalid
    // score is never autosaved, so the changes stay unsaved as long as this part needs.)
    const leaving = () => page.evaluate(() => {
      const e = new Event('beforeunload', { cancelable: true });
      dispatchEvent(e);
      return e.defaultPrevented;
    });
    expect(await leaving()).toBe(false);
    await privacy(page).locator('input.assessor-score').fill('55,');
    expect(await leaving()).toBe(true);
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    const here = page.url();
    await page.getByRole('link', { name: 'Deeptech 2027' }).click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('nog niet zijn opgeslagen');
    expect(page.url()).toBe(here);
    await privacy(page).locator('input.assessor-score').fill('55,5');
    expect(await leaving()).toBe(false);

    // #17: the history says from which status to which.
    expect(await page.locator('.audit').textContent()).toContain('beoordelingsstatus gewijzigd van "in beoordeling" naar "beoordeeld"');

    // #6: no sideways scroll at 390 px, with the report opened too.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.locator('details.review-report > summary').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // #28: once submitted, every input is disabled and nothing scrolls without focus.
    await page.setViewportSize({ width: 1366, height: 900 });
    page.on('dialog', (d) => void d.accept());
    await page.getByLabel('Positief onder voorwaarden').check();
    // A status region is read out when it fills, not when it arrives already full.
    expect(await page.locator('form.review-form > [role=status]').count()).toBe(1);
    const submitted = await page.locator('form.review-form > [role=status]').elementHandle();
    await page.getByRole('button', { name: 'Beoordeling indienen' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => submitted!.textContent()).toBe('Beoordeling ingediend.');
    // The buttons go once the review is locked: focus must not fall back to the top of the page.
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('form.review-form'))).toBe(true);
    await expect.poll(() => privacy(page).locator('input.assessor-score').isDisabled()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Markeren als in beoordeling' }).count()).toBe(1);
    await expectNoSeriousA11yViolations(page, 'submitted review');
    expect(pageErrors).toEqual([]);
    await ctx.close();

    // #26: the manager reads "Beoordelingen", with the assessor's 55,5, and the page reflows at 390 px.
    const mctx = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const m = await mctx.newPage();
    await signIn(m, 'manager@example.org');
    await m.goto(`${base}/staff/submissions/${submissionId}`);
    await m.waitForSelector('#others-heading');
    expect(await m.locator('#others-heading').textContent()).toBe('Beoordelingen');
    expect(await m.locator('.other-review').allTextContents()).toEqual([expect.stringContaining('55,5'), expect.stringContaining('20')]);
    // A status region is read out when it fills, not when it arrives already full.
    expect(await m.locator('.status-actions [role=status]').count()).toBe(1);
    const moved = await m.locator('.status-actions [role=status]').elementHandle();
    await m.getByRole('button', { name: 'Markeren als in beoordeling' }).focus();
    await m.keyboard.press('Enter');
    await expect.poll(() => m.locator('.review-status').textContent()).toBe('in beoordeling');
    await expect.poll(() => moved!.textContent()).toBe('Status gewijzigd naar "in beoordeling".');
    // The pressed button made way for the next ones: focus must not fall back to the top of the page.
    expect(await m.evaluate(() => !!document.activeElement?.closest('.status-actions'))).toBe(true);
    await expect.poll(() => m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoSeriousA11yViolations(m, 'manager view');
    await m.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => m.locator('#others-heading').textContent()).toBe('Reviews');
    await expect.poll(() => m.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await mctx.close();
  });
});
