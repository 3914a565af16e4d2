// Issue 13, the founder's path in a real browser: home, test pages, resume, re-take, privacy, the
// end of the report, copy buttons, and reflow at 390 px on every page (startup and staff).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerSection, openNote, launchBrowser, waitSaved } from '../helpers/browser.js';
import { bearer, createProgramme, createUser, login, share, TEST_HASH_COST } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
const SHOTS = process.env.E2E_SHOTS;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-flow-')), 'e2e.db'),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function context(width: number, lang: 'nl' | 'en' = 'nl'): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } });
  await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
  return ctx;
}

/** A response made through the API, as another device would have it: only the link knows the token. */
async function started(answers: Record<string, unknown> = {}, submit = false) {
  // A test to submit answers the questions it cannot be submitted without (core/open-checks.ts).
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: submit ? withChecksAnswered(app.catalog.questionnaires.get('ai')!.document, answers as never) : answers } });
  expect(res.statusCode, res.body).toBe(201);
  const { id, token } = res.json() as { id: string; token: string };
  if (submit) {
    const s = await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) });
    expect(s.statusCode, s.body).toBe(200);
  }
  return { id, token, link: `${base}/resume#${id}.${token}` };
}

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`) });
};

describe('home and test pages', () => {
  it('one time estimate, a privacy link, the resume box in view, honest save status', { timeout: 90_000 }, async () => {
    const ctx = await context(1366);
    const page = await ctx.newPage();
    await page.goto(base);
    const card = page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) });
    await card.waitFor();
    // D14: the card's text states no minutes of its own; the footer line carries the one estimate.
    expect(await card.locator('p').first().textContent()).not.toMatch(/\d+\s*minuten/);
    const minutes = /ongeveer (\d+) minuten/.exec((await card.locator('.meta').textContent())!)![1];
    // D24: the privacy statement is linked from the home page and the footer.
    expect(await page.locator('main a[href="/privacy"]').count()).toBeGreaterThan(0);
    expect(await page.locator('footer a[href="/privacy"]').count()).toBe(1);
    await shot(page, 'home-desktop-nl');

    await card.getByRole('button', { name: 'Start deze toets' }).click();
    await page.waitForSelector('fieldset.question');
    // C2: nothing answered, nothing "saved".
    expect((await page.locator('.save-status').textContent())!.trim()).toBe('');
    // D14 + D16: the start says how long it takes (the same estimate) and asks to keep the link.
    const start = page.locator('.start-prompt');
    expect(await start.textContent()).toContain(`ongeveer ${minutes} minuten`);
    expect(await start.locator('a[href="#resume-heading"]').count()).toBe(1);
    // D16: the resume box is on the first screen of a desktop.
    const box = await page.locator('.resume-box').boundingBox();
    expect(box!.y + 120).toBeLessThan(900);
    // D9: "none of these" and a real option cannot both be ticked.
    const vulnerable = page.locator('fieldset#q-ai-vulnerable');
    await vulnerable.locator('input[value=minors]').check();
    await vulnerable.locator('input[value=none]').check();
    expect(await vulnerable.locator('input[value=minors]').isChecked()).toBe(false);
    await vulnerable.locator('input[value=minors]').check();
    expect(await vulnerable.locator('input[value=none]').isChecked()).toBe(false);
    await waitSaved(page);
    // D24: the note says who sees it, and links to the privacy statement.
    const note = page.locator('fieldset.question').first().locator('details.note');
    expect(await note.locator('summary').textContent()).not.toContain('beoordelaars');
    await openNote(note);
    expect(await note.locator('.note-who').textContent()).toMatch(/Alleen jij/);
    expect(await note.locator('.note-who a[href="/privacy"]').count()).toBe(1);
    // The copy button confirms politely.
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.locator('.resume-box').getByRole('button', { name: 'Kopieer' }).click();
    await expect.poll(() => page.locator('.resume-box [aria-live=polite]').textContent()).toBe('Link gekopieerd');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/resume#/);
    await shot(page, 'test-desktop-nl');
    await ctx.close();
  });

  it('C4: a mouse user gets no focus frame on the heading; a keyboard user does', { timeout: 60_000 }, async () => {
    const r = await started();
    const ctx = await context(1366);
    const page = await ctx.newPage();
    await page.goto(r.link);
    await page.waitForSelector('fieldset.question');
    const outline = () => page.evaluate(() => {
      const h = document.getElementById('section-heading')!;
      return document.activeElement === h ? getComputedStyle(h).outlineStyle : 'not focused';
    });
    await expect.poll(outline).toBe('none');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.waitForURL(/section=/);
    await expect.poll(outline).toBe('none');
    await page.getByRole('button', { name: 'Volgende' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.querySelector('.section-nav [aria-current]')?.textContent)).toMatch(/Data/);
    await expect.poll(outline).toBe('solid');
    await ctx.close();
  });

  it('D15: the resume link opens at the first part with an open required question', { timeout: 60_000 }, async () => {
    const ctx = await context(1366);
    const page = await ctx.newPage();
    await page.goto(base);
    await page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) }).getByRole('button', { name: /^(Start deze toets|Start this test)/ }).click();
    await page.waitForSelector('fieldset.question');
    await answerSection(page);
    await waitSaved(page);
    const link = await page.locator('input.resume-link').inputValue();
    const second = await context(390);
    const phone = await second.newPage();
    await phone.goto(link);
    await phone.waitForSelector('fieldset.question');
    expect(await phone.locator('#section-heading').textContent()).toBe('AI-verordening en risico\'s');
    await ctx.close();
    await second.close();
  });

  it('D8: an old link to a deleted test says so in Dutch and in English', { timeout: 60_000 }, async () => {
    const r = await started();
    const ctx = await context(390);
    const page = await ctx.newPage();
    await page.goto(r.link);
    await page.waitForSelector('fieldset.question');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Mijn antwoorden verwijderen' }).click();
    await page.waitForURL(/deleted=1/);
    await page.goto(r.link);
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Deze toets bestaat niet meer of de link is onvolledig');
    // Switching language translates the message on the spot.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('This test no longer exists or the link is incomplete');
    expect(await page.locator('main').textContent()).not.toContain('no response with this id');
    await ctx.close();
  });
});

describe('report, re-take and privacy', () => {
  it('the report ends with what to do next; share links have a copy button; a re-take names its attempt', { timeout: 90_000 }, async () => {
    const r = await started({}, true);
    const ctx = await context(1366);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await ctx.newPage();
    await page.goto(r.link);
    await page.waitForSelector('.report h1');
    const next = page.locator('.next-steps');
    expect(await next.locator('h2').textContent()).toBe('Wat nu?');
    // Next after the report itself, once the comparison with peers (part of the results) has been shown.
    const after = await page.evaluate(() => {
      const out: string[] = [];
      for (let e = document.querySelector('article.report')!.nextElementSibling; e; e = e.nextElementSibling) out.push(e.className);
      return out;
    });
    expect(after.filter((c) => !c.includes('peer-comparison'))[0]).toContain('next-steps');
    expect(await next.locator('a[href="/join"]').count()).toBe(1);
    await shot(page, 'report-end-desktop-nl');

    await page.getByLabel(/Ik begrijp dat iedereen/).check();
    await page.getByRole('button', { name: 'Link maken' }).click();
    const created = page.locator('.share-panel .notice');
    await created.getByRole('button', { name: 'Kopieer' }).click();
    await expect.poll(() => created.locator('[aria-live=polite]').textContent()).toBe('Link gekopieerd');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/shared#/);

    await page.getByRole('button', { name: 'Nieuwe poging starten' }).click();
    await page.waitForURL(/\/test\//);
    await page.waitForSelector('fieldset.question');
    const notice = page.locator('.retake-notice');
    expect(await notice.textContent()).toMatch(/Poging 2, op basis van je antwoorden van \d{1,2} \w+ \d{4}\./);
    expect(await notice.locator('a[href="#resume-heading"]').count()).toBe(1);
    await shot(page, 'retake-desktop-nl');
    await ctx.close();
  });

  it('D24: the privacy statement, in Dutch and English', { timeout: 60_000 }, async () => {
    const ctx = await context(1366);
    const page = await ctx.newPage();
    await page.goto(`${base}/privacy`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Privacy');
    const text = (await page.locator('main').textContent())!;
    for (const words of ['antwoorden', 'toelichtingen', 'bedrijfsnaam', 'geen account', 'verwijder', 'beoordelaars', 'deellink', 'cookies']) {
      expect(text.toLowerCase(), words).toContain(words);
    }
    await shot(page, 'privacy-desktop-nl');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('assessors');
    await shot(page, 'privacy-desktop-en');
    await ctx.close();
  });
});

/** WCAG 1.4.10: nothing scrolls sideways at 390 px. */
async function expectNoSideScroll(page: Page, label: string) {
  const { scroll, inner, wide } = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    inner: innerWidth,
    // The culprits, for the failure message: elements that reach past the right edge.
    wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
      .slice(0, 12).map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)})`),
  }));
  expect(scroll, `${label}: scrollWidth ${scroll} > ${inner}: ${wide.join(', ')}`).toBeLessThanOrEqual(inner);
}

describe('reflow at 390 px', () => {
  it('no startup page scrolls sideways, in Dutch and English', { timeout: 180_000 }, async () => {
    const open = await started({ 'ai-role': { option: 'integrate' } });
    const done = await started({ 'ai-role': { option: 'integrate' } }, true);
    const link = await app.inject({ method: 'POST', url: `/api/responses/${done.id}/shares`, headers: bearer(done.token), payload: { expiresInDays: 7 } });
    expect(link.statusCode, link.body).toBe(201);
    const sharedPath = link.json().path as string;
    for (const lang of ['nl', 'en'] as const) {
      const ctx = await context(390, lang);
      const page = await ctx.newPage();
      const visit = async (url: string, ready: string, label: string) => {
        await page.goto(url);
        await page.waitForSelector(ready);
        await expectNoSideScroll(page, `${label} (${lang})`);
        await shot(page, `reflow-${label}-${lang}`);
      };
      await visit(base, '.area-card', 'home');
      await visit(open.link, 'fieldset.question', 'test');
      await visit(`${base}/test/${open.id}?section=submit`, '.open-questions', 'submit');
      await visit(done.link, '.report h1', 'report');
      await visit(`${base}${sharedPath}`, '.report h1', 'shared');
      await visit(`${base}/join`, 'main h1', 'join');
      await visit(`${base}/privacy`, '.privacy h1', 'privacy');
      await visit(`${base}/nothing-here`, 'main h1', 'not-found');
      await ctx.close();
    }
  });

  it('no staff page scrolls sideways', { timeout: 120_000 }, async () => {
    await createUser(app, 'admin@reflow.example', 'admin');
    const admin = await login(app, 'admin@reflow.example');
    const programme = await createProgramme(app, admin, { name: 'Reflow-programma met een lange naam voor kleine schermen' });
    const r = await started({ 'ai-role': { option: 'integrate' } }, true);
    await share(app, r, programme.joinCode, 'Startup met een heel lange bedrijfsnaam B.V.');
    const list = await app.inject({ method: 'GET', url: `/api/programmes/${programme.id}/submissions`, headers: admin.read });
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    const submissionId = (Array.isArray(body) ? body : body.submissions ?? body.items)[0].id as string;

    const ctx = await context(390);
    const page = await ctx.newPage();
    await page.goto(`${base}/staff/login`);
    await page.waitForSelector('main h1');
    await expectNoSideScroll(page, 'staff login');
    const [name, value] = admin.cookie.split('=');
    await ctx.addCookies([{ name, value, url: base }]);
    for (const [path, label] of [['/staff', 'staff home'], [`/staff/programmes/${programme.id}`, 'programme'], [`/staff/submissions/${submissionId}`, 'submission'], ['/staff/users', 'users']]) {
      await page.goto(`${base}${path}`);
      await page.waitForSelector('main h1');
      await page.waitForLoadState('networkidle');
      await expectNoSideScroll(page, label);
      await shot(page, `reflow-${label.replace(/ /g, '-')}`);
    }
    await ctx.close();
  });
});

describe.skipIf(!SHOTS)('screenshots of the changed screens (E2E_SHOTS)', () => {
  it('home, a fresh test, the end of the report and privacy, in nl and en, at 390 and 1366 px', { timeout: 180_000 }, async () => {
    const done = await started({ 'ai-role': { option: 'integrate' } }, true);
    for (const lang of ['nl', 'en'] as const) {
      for (const width of [390, 1366]) {
        const ctx = await context(width, lang);
        const page = await ctx.newPage();
        const name = (what: string) => join(SHOTS!, `${what}-${width}-${lang}.png`);
        await page.goto(base);
        await page.waitForSelector('.area-card');
        await page.screenshot({ path: name('home') });
        await page.locator('.area-card').first().getByRole('button', { name: /^(Start deze toets|Start this test)/ }).click();
        await page.waitForSelector('.start-prompt');
        await page.screenshot({ path: name('test-fresh') });
        await page.goto(done.link);
        await page.waitForSelector('.next-steps');
        await page.locator('.next-steps').scrollIntoViewIfNeeded();
        await page.screenshot({ path: name('report-end') });
        await page.goto(`${base}/privacy`);
        await page.waitForSelector('.privacy h1');
        await page.screenshot({ path: name('privacy'), fullPage: width < 500 });
        await ctx.close();
      }
    }
  });
});
