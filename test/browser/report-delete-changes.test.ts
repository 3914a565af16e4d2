// Issue 13, in a real browser: deleting a submitted report from its page (what goes, who loses
// access, the refusal after a programme's deadline), and "Wat is er veranderd?" after a re-take.
import { mkdtempSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import * as tables from '../helpers/db.js';
import { bearer, createProgramme, createUser, login, share, TEST_HASH_COST, type Session } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let admin: Session;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-delete-')), 'e2e.db'),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  await createUser(app, 'admin@delete.example', 'admin');
  admin = await login(app, 'admin@delete.example');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function context(lang: 'nl' | 'en' = 'nl'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
  return ctx;
}

async function submitted(answers: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(app.catalog.questionnaires.get('ai')!.document, answers as never) } });
  expect(res.statusCode, res.body).toBe(201);
  const { id, token } = res.json() as { id: string; token: string };
  expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) })).statusCode).toBe(200);
  return { id, token, link: `${base}/resume#${id}.${token}` };
}

describe('deleting a submitted report', () => {
  it('says what goes and who loses access, can be cancelled, then deletes and lands on home (nl)', { timeout: 90_000 }, async () => {
    const r = await submitted({ 'ai-role': { option: 'integrate' } });
    const programme = await createProgramme(app, admin, { name: 'Versneller 2027', deadline: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await share(app, r, programme.joinCode, 'Wegwezen B.V.');
    const link = (await app.inject({ method: 'POST', url: `/api/responses/${r.id}/shares`, headers: bearer(r.token), payload: { expiresInDays: 30 } })).json();

    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(r.link);
    await page.waitForSelector('.report h1');
    const section = page.locator('section.delete-report');
    expect(await section.locator('h2').textContent()).toBe('Rapport verwijderen');

    const opener = section.getByRole('button', { name: 'Rapport verwijderen…' });
    await opener.click();
    const confirm = section.getByRole('group', { name: 'Dit rapport definitief verwijderen?' });
    await confirm.waitFor();
    // Focus moves to the question, so a screen reader reads what follows.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('delete-confirm-heading');
    const text = (await confirm.textContent())!;
    expect(text).toContain('Je antwoorden, toelichtingen en dit rapport worden verwijderd');
    expect(text).toContain('Je actieve deellink werkt direct niet meer');
    expect(text).toContain('Het programma ‘Versneller 2027’ verliest de toegang');
    await expectNoSeriousA11yViolations(page, 'delete confirmation');

    // Cancelling deletes nothing and returns focus to the button.
    await confirm.getByRole('button', { name: 'Annuleren' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Rapport verwijderen…');
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(200);

    await opener.click();
    await confirm.getByRole('button', { name: 'Ja, definitief verwijderen' }).click();
    await page.waitForURL(`${base}/?deleted=report`);
    // Filled a moment after the page appears, so that screen readers announce it (Announce).
    await expect.poll(() => page.locator('main [role=status].notice').textContent()).toBe('Je toets en rapport zijn verwijderd.');
    // Not offered on home any more; gone for the owner, the share link and the programme.
    expect(await page.locator('main a[href^="/report/"]').count()).toBe(0);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}/report`, headers: bearer(r.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/shared/report', headers: bearer(link.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: admin.read })).statusCode).toBe(404);
    await ctx.close();
  });

  it('after the programme\'s deadline explains in Dutch and English why it cannot be deleted', { timeout: 90_000 }, async () => {
    const r = await submitted({ 'ai-role': { option: 'integrate' } });
    const programme = await createProgramme(app, admin, { name: 'Subsidie Gesloten', deadline: new Date(Date.now() + 86_400_000).toISOString() });
    await share(app, r, programme.joinCode, 'Blijft B.V.');
    await tables.exec(app, "UPDATE programmes SET deadline = '2026-03-01T12:00:00.000Z' WHERE id = ?", programme.id);

    for (const [lang, open, heading, reason] of [
      ['nl', 'Rapport verwijderen…', 'Deze toets kan niet meer worden verwijderd', /gedeeld met Subsidie Gesloten en de deadline \(1 maart 2026\) is voorbij/],
      ['en', 'Delete report…', 'This test can no longer be deleted', /shared with Subsidie Gesloten and its deadline \(1 March 2026\) has passed/],
    ] as const) {
      const ctx = await context(lang);
      const page = await ctx.newPage();
      await page.goto(r.link);
      await page.waitForSelector('.report h1');
      await page.getByRole('button', { name: open }).click();
      const refused = page.getByRole('group', { name: heading });
      await refused.waitFor();
      expect(await refused.textContent()).toMatch(reason);
      expect(await refused.getByRole('button', { name: /verwijderen|delete for good/i }).count()).toBe(0);
      await ctx.close();
    }
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(200);
  });
});

describe('what changed since the previous attempt', () => {
  it('lists old and new answers per section, collapsed, in the owner\'s report only', { timeout: 90_000 }, async () => {
    const first = await submitted({ 'ai-role': { option: 'integrate' }, 'ai-act-role': { option: 'idea' } });
    const next = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) })).json() as { id: string; token: string };
    await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: { 'ai-role': { option: 'both' }, 'ai-act-role': { option: 'recorded' } } } });
    expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);

    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/resume#${next.id}.${next.token}`);
    await page.waitForSelector('.report h1');
    const changes = page.locator('section.answer-changes');
    expect(await changes.locator('h3').textContent()).toBe('Wat is er veranderd?');
    const summary = changes.locator('summary');
    expect(await summary.textContent()).toMatch(/^2 antwoorden anders dan bij je vorige poging van \d{1,2} \w+ \d{4}$/);
    expect(await changes.locator('details').getAttribute('open')).toBeNull();
    await summary.click();
    expect(await changes.locator('h4').allTextContents()).toEqual(['Over je product', 'AI-verordening en risico\'s']);
    const items = await changes.locator('li').allTextContents();
    expect(items[0]).toContain('Eerder: We bouwen op andermans model, zonder het zelf te trainen');
    expect(items[0]).toContain('Nu: Allebei');
    expect(items[1]).toContain('Eerder: We hebben een idee, maar niets vastgelegd');
    expect(items[1]).toContain('Nu: Per product vastgelegd, met onderbouwing');
    await expectNoSeriousA11yViolations(page, 'answer changes');
    expect(await page.locator('.newer-attempt').count()).toBe(0);

    // D22: the earlier attempt's report says a newer one exists, and links to it from this device.
    await page.goto(first.link);
    await page.waitForSelector('.report h1');
    const newer = page.locator('.newer-attempt');
    expect(await newer.textContent()).toMatch(/^Dit is een eerdere poging\. Op \d{1,2} \w+ \d{4} is er een nieuwe poging gestart op basis van deze antwoorden\./);
    // Typed on the earlier report and not saved: it belongs to that report, not to the next one.
    await page.locator('#company-name').fill('Alleen de eerste poging');
    await newer.getByRole('link', { name: 'Naar de nieuwe poging' }).click();
    await page.waitForURL(`${base}/report/${next.id}`);
    await page.waitForSelector('section.answer-changes');
    expect(await page.locator('#company-name').inputValue()).toBe('');

    // D22: home names the latest test and lists the other attempts this device holds.
    await page.goto(base);
    const others = page.locator('details.other-tests');
    expect(await others.locator('summary').textContent()).toBe('Je andere toetsen op dit apparaat (1)');
    const hrefs = [await page.locator('.notice a').first().getAttribute('href'), await others.locator('a').getAttribute('href')];
    expect(hrefs.sort()).toEqual([`/report/${first.id}`, `/report/${next.id}`].sort());

    // The same report through a share link shows this attempt only.
    const link = (await app.inject({ method: 'POST', url: `/api/responses/${next.id}/shares`, headers: bearer(next.token), payload: { expiresInDays: 7 } })).json();
    await page.goto(`${base}${link.path}`);
    await page.waitForSelector('.report h1');
    expect(await page.locator('section.answer-changes').count()).toBe(0);
    await ctx.close();
  });
});

describe('D12: a status that does not come from the score', () => {
  it('says so where the score is explained, in Dutch and English', { timeout: 90_000 }, async () => {
    const r = await submitted({ 'ai-role': { option: 'integrate' }, 'ai-act-prohibited': { options: ['social-scoring'] } });
    for (const [lang, summary, why] of [
      ['nl', 'Hoe deze score tot stand komt', /^De status ‘Geschonden’ komt niet uit deze score: een antwoord schendt deze randvoorwaarde \(knock-out\)/],
      ['en', 'How this score comes about', /^The status ‘Violated’ does not come from this score: an answer violates this precondition \(knock-out\)/],
    ] as const) {
      const ctx = await context(lang);
      const page = await ctx.newPage();
      await page.goto(r.link);
      await page.waitForSelector('.report h1');
      const card = page.locator('.value-card.value-critical').first();
      await card.locator('summary', { hasText: summary }).click();
      expect(await card.locator('.status-why').textContent()).toMatch(why);
      // A value whose status does follow from its score says nothing of the kind.
      expect(await page.locator('.value-card:not(.value-critical):not(.value-unknown-risk) .status-why').count()).toBe(0);
      await ctx.close();
    }
  });
});

describe('a last look before submitting (walkthrough, missing feature 5)', () => {
  it('lists every answer given per part, with a link back to change it', { timeout: 90_000 }, async () => {
    const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: {
      'ai-role': { option: 'integrate' }, 'ai-output-type': { options: ['text', 'scores'] }, 'ai-act-role': { option: 'idea' },
    } } });
    const { id, token } = res.json() as { id: string; token: string };
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/resume#${id}.${token}`);
    await page.waitForSelector('fieldset.question');
    await page.goto(`${base}/test/${id}?section=submit`);
    const review = page.locator('details.answer-review');
    expect(await review.locator('summary').textContent()).toBe('Je antwoorden nalopen (3 beantwoord)');
    await review.locator('summary').click();
    expect(await review.locator('h3').allTextContents()).toEqual(['Over je product', 'AI-verordening en risico\'s']);
    const rows = await review.locator('dd').allTextContents();
    expect(rows[1]).toContain('Teksten schrijven; Voorspellen, scoren, rangschikken of herkennen');
    expect(rows[2]).toContain('We hebben een idee, maar niets vastgelegd');
    await review.getByRole('link', { name: /^Wijzig je antwoord op: Heb je vastgelegd welke rol/ }).click();
    await page.waitForURL(/section=risico-en-regels&focus=ai-act-role/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('fieldset')?.id ?? document.activeElement?.id)).toContain('ai-act-role');
    await ctx.close();
  });
});
