// Issue 13, fixes that had no test yet: every instrument a next step names is a link (D21), and the
// copy confirmation sits on one line beside or under its button, never broken mid-phrase (C5).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-checks-')), 'c.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function started(answers: Record<string, unknown>, submit: boolean) {
  // A test to submit answers the questions it cannot be submitted without (core/open-checks.ts).
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: submit ? withChecksAnswered(app.catalog.questionnaires.get('ai')!.document, answers as never) : answers } });
  expect(res.statusCode, res.body).toBe(201);
  const { id, token } = res.json() as { id: string; token: string };
  if (submit) expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers: bearer(token) })).statusCode).toBe(200);
  return { id, token, link: `${base}/resume#${id}.${token}` };
}

async function open(link: string, width: number, lang: 'nl' | 'en') {
  const ctx = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } });
  await ctx.addInitScript(`try { localStorage.setItem('zelftoets:locale', '${lang}') } catch {}`);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await ctx.newPage();
  await page.goto(link);
  return page;
}

describe('D21: instruments named in next steps are links', () => {
  // Weak answers on security, incidents and contribution: their steps name the Digital Trust
  // Center's Basisscan and the ELSA Labs, the two instruments that had no address.
  const weak = {
    'ai-security': { option: 'none' }, 'ai-incident': { option: 'none' },
    'ai-user-benefit': { option: 'no' }, 'ai-societal-goal': { option: 'not-aim' },
  };

  for (const lang of ['nl', 'en'] as const) {
    it(`every instrument in the action plan and the full list opens its source (${lang})`, { timeout: 60_000 }, async () => {
      const r = await started(weak, true);
      const page = await open(r.link, 1366, lang);
      await page.waitForSelector('[data-report-ready]');
      const named = await page.locator('.action-instruments li, .all-actions li p.meta > span').evaluateAll((els) => els.map((el) => {
        const a = el.querySelector('a');
        return { text: el.textContent!.trim().slice(0, 60), href: a?.getAttribute('href') ?? null };
      }));
      expect(named.length).toBeGreaterThan(5);
      expect(named.filter((n) => !n.href || !/^https:\/\//.test(n.href))).toEqual([]);
      for (const name of [lang === 'nl' ? /^Basisscan Cyberweerbaarheid/ : /^Basic Cyber Resilience Scan/, /^ELSA Labs$/]) {
        const link = page.locator('.all-actions a', { hasText: name }).first();
        expect(await link.getAttribute('href'), String(name)).toMatch(/^https:\/\//);
      }
      await page.context().close();
    });
  }
});

/** Where the confirmation is, in lines and boxes: one line, beside or under the button, inside the screen. */
async function confirmationLayout(scope: Locator) {
  return scope.evaluate((root) => {
    const button = root.querySelector('.copy button')!.getBoundingClientRect();
    const status = root.querySelector('.copy-status')!;
    const range = document.createRange();
    range.selectNodeContents(status);
    // One rectangle per line box the text occupies.
    const lines = [...range.getClientRects()].filter((r) => r.width > 0);
    const box = range.getBoundingClientRect();
    const beside = box.left >= button.right - 0.5 && box.top < button.bottom && box.bottom > button.top;
    const under = box.top >= button.bottom - 0.5;
    return {
      text: status.textContent, lines: lines.length, placed: beside || under,
      inside: box.right <= document.documentElement.clientWidth + 0.5 && box.left >= 0,
      sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    };
  });
}

describe('C5: "Link gekopieerd" does not wrap mid-phrase', () => {
  for (const width of [390, 1366]) {
    for (const lang of ['nl', 'en'] as const) {
      it(`resume box and share panel at ${width} px (${lang})`, { timeout: 60_000 }, async () => {
        const done = lang === 'nl' ? 'Link gekopieerd' : 'Link copied';
        const copy = lang === 'nl' ? 'Kopieer' : 'Copy';
        const test = await started({}, false);
        const page: Page = await open(test.link, width, lang);
        await page.waitForSelector('fieldset.question');
        const resume = page.locator('.resume-box');
        await resume.getByRole('button', { name: copy }).click();
        await expect.poll(() => resume.locator('.copy-status').textContent()).toBe(done);
        expect(await confirmationLayout(resume)).toEqual({ text: done, lines: 1, placed: true, inside: true, sideways: false });
        await page.context().close();

        const report = await started({}, true);
        const owner = await open(report.link, width, lang);
        await owner.waitForSelector('[data-report-ready]');
        await owner.locator('.share-panel input[type=checkbox]').first().check();
        await owner.getByRole('button', { name: lang === 'nl' ? 'Link maken' : /Create link/i }).click();
        const created = owner.locator('.share-panel .notice');
        await created.getByRole('button', { name: copy }).click();
        await expect.poll(() => created.locator('.copy-status').textContent()).toBe(done);
        expect(await confirmationLayout(created)).toEqual({ text: done, lines: 1, placed: true, inside: true, sideways: false });
        await owner.context().close();
      });
    }
  }
});

/** Every link-styled button on the page: its background and its text's contrast against the page. */
async function linkButtons(page: Page) {
  return page.locator('button.link-button').evaluateAll((els) => els.map((el) => {
    const rgb = (c: string) => c.match(/[\d.]+/g)!.slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(el);
    // The first painted background behind the button (the canvas is white when none is).
    let under = el.parentElement;
    while (under && /rgba\(0, 0, 0, 0\)|transparent/.test(getComputedStyle(under).backgroundColor)) under = under.parentElement;
    const page = lum(under ? rgb(getComputedStyle(under).backgroundColor) : [255, 255, 255]);
    const text = lum(rgb(style.color));
    const ratio = (Math.max(page, text) + 0.05) / (Math.min(page, text) + 0.05);
    return { text: el.textContent, background: style.backgroundColor, contrast: ratio >= 4.5 };
  }));
}

describe('link-styled buttons that delete or revoke stay readable', () => {
  // "button.danger" (the filled delete button) also painted the red link buttons red on red.
  it('"Mijn antwoorden verwijderen" on the test and "Intrekken" in the share panel', { timeout: 60_000 }, async () => {
    const test = await started({}, false);
    const page = await open(test.link, 1366, 'nl');
    await page.waitForSelector('fieldset.question');
    const onTest = await linkButtons(page);
    expect(onTest.map((b) => b.text)).toContain('Mijn antwoorden verwijderen');
    for (const b of onTest) expect(b, b.text!).toMatchObject({ background: 'rgba(0, 0, 0, 0)', contrast: true });
    await page.context().close();

    const report = await started({}, true);
    const owner = await open(report.link, 1366, 'nl');
    await owner.waitForSelector('[data-report-ready]');
    await owner.getByLabel(/Ik begrijp dat iedereen/).check();
    await owner.getByRole('button', { name: 'Link maken' }).click();
    await owner.waitForSelector('.share-list li');
    const onReport = await linkButtons(owner);
    expect(onReport.map((b) => b.text)).toContain('Intrekken');
    for (const b of onReport) expect(b, b.text!).toMatchObject({ background: 'rgba(0, 0, 0, 0)', contrast: true });
    await owner.context().close();
  });
});

/** Words (whitespace-separated) under the root that the layout breaks across two lines. */
async function brokenWords(root: Locator) {
  return root.evaluate((el) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent!;
      if (node.parentElement!.closest('.visually-hidden')) continue;
      // A compound may break after its hyphen ("self-|determination"); a number range may not.
      for (const m of text.matchAll(/[^\s-]*(?:-(?!\p{L})[^\s-]*)*-?/gu)) {
        if (!m[0]) continue;
        const range = document.createRange();
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        // Pieces of one line may differ in top by a fraction of a pixel; a new line is a line-height lower.
        const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
        if (tops.length && Math.max(...tops) - Math.min(...tops) > 4) broken.push(m[0]);
      }
    }
    return broken;
  });
}

describe('the summary table on a phone', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`breaks no value name or heading inside a word at 390 px (${lang})`, { timeout: 60_000 }, async () => {
      // Some values scored (long status words), the rest not scored.
      const r = await started({ 'ai-security': { option: 'none' }, 'ai-incident': { option: 'informal' }, 'ai-user-benefit': { option: 'stories' } }, true);
      const page = await open(r.link, 390, lang);
      await page.waitForSelector('[data-report-ready]');
      expect(await page.locator('table.value-summary .status-insufficient, table.value-summary .status-limited').count()).toBeGreaterThan(0);
      // "Privacy en gegevensbesch|erming", "Rechtvaardighei|d", "(0-|100)" before.
      expect(await brokenWords(page.locator('table.value-summary'))).toEqual([]);
      // Nor does a word stick out of its cell instead.
      const overflowing = await page.locator('table.value-summary th, table.value-summary td').evaluateAll((cells) =>
        cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
      expect(overflowing).toEqual([]);
      await page.context().close();
    });
  }
});

describe('home with a submitted test on this device', () => {
  it('does not ask to continue a test that is finished: the box is headed as a report', { timeout: 60_000 }, async () => {
    const r = await started({}, true);
    for (const [lang, heading, link] of [['nl', 'Je laatste rapport', 'Bekijk je rapport'], ['en', 'Your latest report', 'See your report']] as const) {
      const page = await open(r.link, 390, lang);
      await page.waitForSelector('[data-report-ready]');
      await page.goto(`${base}/`);
      const box = page.locator('.notice', { has: page.locator('h2') });
      expect(await box.locator('h2').textContent()).toBe(heading);
      expect(await box.locator('a').textContent()).toBe(link);
      await page.context().close();
    }
  });
});
