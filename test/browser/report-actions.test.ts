// Issue 11 part 3 as a founder meets it: fill in the AI test in the browser with "weet ik niet" on
// the always-visible AI Act Art. 5 check and a "does not apply" answer, see which questions are
// still open before submitting, submit, and find on the report (and in its PDF) the unknown risk
// first in the action list, the capped profile with its reason, and the advice of the chosen answer.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { answerSection, expectNoSeriousA11yViolations, launchBrowser, waitSaved } from '../helpers/browser.js';
import { ROOT } from '../helpers/app.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
// Screenshots of the report's top for a human to look at, when asked for.
const shots = process.env.REPORT_SHOTS;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-actions-')), 'r.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  if (shots) mkdirSync(shots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function pdfPages(file: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(squash(content.items.map((it: any) => it.str).join(' ')));
  }
  return pages;
}

/** The answers a test run overrides; everything else gets answerSection's choice. */
const CHOICES: Record<string, string> = {
  // The always-visible AI Act Art. 5 check: the exclusive "don't know", an unknown risk.
  'ai-act-prohibited': 'dont-know',
  // "Does not apply": this product makes no decisions about people.
  'ai-bias-testing': 'not-about-people',
};

/** Picks a choice that is neither a knock-out nor an unknown risk for every other flagged question, so only the Art. 5 check flags. */
async function safeChoices(): Promise<Record<string, string>> {
  const q = (await (await fetch(`${base}/api/questionnaires/ai`)).json()) as any;
  const choices: Record<string, string> = {};
  for (const question of q.sections.flatMap((s: any) => s.questions)) {
    if (CHOICES[question.id] || !question.options?.some((o: any) => o.knockout || o.unknownRisk)) continue;
    const safe = question.options.filter((o: any) => !o.knockout && !o.unknownRisk && !o.notApplicable && !o.exclusive);
    choices[question.id] = (safe.at(-1) ?? question.options.find((o: any) => o.exclusive && !o.unknownRisk)).id;
  }
  return { ...choices, ...CHOICES };
}

async function choose(page: Page, choices: Record<string, string>) {
  for (const [question, option] of Object.entries(choices)) {
    const input = page.locator(`fieldset#q-${question} input[value="${option}"]`);
    if (await input.count()) await input.check();
  }
}

describe('the report leads with what to do', () => {
  it('unknown risk first, capped profile with its reason, the chosen answer\'s advice, on screen and in the PDF', { timeout: 180_000 }, async () => {
    const q = (await (await fetch(`${base}/api/questionnaires/ai`)).json()) as any;
    const questions = new Map<string, any>(q.sections.flatMap((s: any) => s.questions).map((x: any) => [x.id, x]));
    const prohibited = questions.get('ai-act-prohibited');
    const dontKnow = prohibited.options.find((o: any) => o.id === 'dont-know');
    expect(dontKnow.unknownRisk && dontKnow.exclusive).toBeTruthy();
    const notApplicable = questions.get('ai-bias-testing').options.find((o: any) => o.id === 'not-about-people');
    expect(notApplicable.notApplicable).toBe(true);
    const choices = await safeChoices();

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) }).getByRole('button', { name: /^(Start deze toets|Start this test)/ }).click();
    await page.waitForURL(/\/test\//);
    await page.waitForSelector('fieldset.question');
    const id = page.url().split('/test/')[1].split('?')[0];

    // Part 1 only: the submit step then lists what is open, per section, and the nav marks it.
    await choose(page, choices);
    await answerSection(page);
    await choose(page, choices);
    await waitSaved(page);
    const nav = page.locator('nav.section-nav li');
    expect(await nav.first().textContent()).toContain('✓');
    expect(await nav.nth(1).locator('.section-count').textContent()).toMatch(/^0\/\d+$/);
    await page.goto(`${base}/test/${id}?section=submit`);
    const open = page.locator('section.open-questions');
    await open.waitFor();
    expect(await open.locator('h3').first().textContent()).toContain('AI-verordening');
    const firstOpen = open.locator('li a').first();
    expect(squash(await firstOpen.textContent())).toBe(squash(prohibited.prompt.nl));
    await expectNoSeriousA11yViolations(page, 'submit step with open questions');
    if (shots) await page.screenshot({ path: join(shots, 'submit-open-1366.png') });
    await firstOpen.click();
    await page.waitForURL(/focus=ai-act-prohibited/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('fieldset')?.id)).toBe('q-ai-act-prohibited');

    // Fill in the rest, section by section, with the Art. 5 check on "weet ik niet" and one "does not apply".
    for (let step = 0; step < 12; step++) {
      if (page.url().includes('section=submit')) break;
      await choose(page, choices);
      await answerSection(page);
      await choose(page, choices);
      await page.locator('.step-buttons button').last().click();
      await page.waitForSelector('#section-heading');
    }
    await waitSaved(page);
    expect(await page.locator('section.open-questions').count()).toBe(0);
    expect(await page.locator('nav.section-nav .section-count').count()).toBe(0);
    await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    await page.waitForSelector('[data-report-ready]');

    // The top of the report is the action list, and its first entry is the unknown risk of Art. 5.
    const order = await page.locator('.report > section').evaluateAll((els) => els.map((e) => e.className.split(' ')[0]));
    expect(order[0]).toBe('action-plan');
    const plan = page.locator('section.action-plan');
    expect(await plan.locator('.action-group').count()).toBeGreaterThanOrEqual(2);
    expect(await plan.locator('.action-group h3').first().textContent()).toContain('Onbekend risico — zoek dit eerst uit');
    const first = plan.locator('li.action').first();
    expect(await first.getAttribute('class')).toContain('action-unknown-risk');
    expect(squash(await first.locator('h4').textContent())).toBe(squash(prohibited.prompt.nl));
    expect(squash(await first.locator('.action-answer').textContent())).toBe(`Je antwoord: ${dontKnow.label.nl}`);
    // The step that fits this answer: the advice of the chosen option, not a value-level text.
    expect(squash(await first.locator('.action-step').textContent())).toBe(`Wat te doen: ${squash(dontKnow.advice.nl)}`);
    expect(squash(await first.locator('.action-why').textContent())).toBe(`Waarom dit telt: ${squash(dontKnow.unknownRisk.nl)}`);
    const links = first.locator('.action-instruments a');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) expect(href).toMatch(/^https:\/\//);
    expect(await plan.locator('.group-improvements li.action').count()).toBeLessThanOrEqual(5);
    // "Does not apply" is no improvement and scores nothing.
    const biasPrompt = squash(questions.get('ai-bias-testing').prompt.nl);
    expect((await page.locator('.all-actions li strong').allTextContents()).map(squash)).not.toContain(biasPrompt);
    expect(squash(await page.locator('.answers dt', { hasText: biasPrompt }).locator('xpath=following-sibling::dd[1]').textContent())).toBe(squash(notApplicable.label.nl));

    // The profile agrees: capped, with its reason; the quadrant shows it; scores are said to be self-reported.
    const token = await page.evaluate((k) => JSON.parse(localStorage.getItem(`zelftoets:response:${k}`)!).token, id);
    const report = (await (await fetch(`${base}/api/responses/${id}/report`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(report.unknownRisks.map((u: any) => u.question)).toContain('ai-act-prohibited');
    expect(report.knockouts).toEqual([]);
    expect(report.profileCapped).toBe(true);
    expect(['starting', 'promising-with-risks']).toContain(report.profile);
    const capped = squash(await page.locator('.summary .capped').textContent());
    expect(capped).toContain('Je profiel is begrensd tot');
    expect(capped).toContain('onbekend risico');
    if (report.dimensions.precondition.score >= report.thresholds.profileThreshold) expect(capped).toMatch(/zonder deze punten zou je profiel “(Waardevol|Zorgvuldig)” zijn/);
    expect(await page.locator('#profile-heading').textContent()).toContain(report.profile === 'starting' ? 'Aan het begin' : 'Kansrijk');
    expect(await page.locator('.summary .self-reported').textContent()).toContain('gebaseerd op je eigen antwoorden');
    // Six precondition statuses and four goal ones: "niet beoordeeld" in both groups.
    expect(await page.locator('.legend-box dt').count()).toBe(10);
    if (report.dimensions.precondition.score >= report.thresholds.profileThreshold) {
      const [dot, ring, line] = await Promise.all(['.quadrant-current', '.quadrant-own', 'line.threshold-profile'].map((s) => page.locator(`.chart-quadrant ${s}`).first().evaluate((e) => Number(e.getAttribute('cx') ?? e.getAttribute('x1')))));
      expect(dot).toBeLessThan(line);
      expect(ring).toBeGreaterThanOrEqual(line);
    }
    expect(await page.locator('.cover .independent').textContent()).toContain('niet het instrument');
    await expectNoSeriousA11yViolations(page, 'report with action list');

    // The shared report leads with the same list.
    const link = (await (await fetch(`${base}/api/responses/${id}/shares`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"expiresInDays":1}' })).json()) as any;
    const reader = await browser.newContext();
    const shared = await reader.newPage();
    await shared.goto(`${base}${link.path}`);
    await shared.waitForSelector('[data-report-ready]');
    expect(await shared.locator('section.action-plan li.action').first().getAttribute('class')).toContain('action-unknown-risk');
    expect(squash(await shared.locator('section.action-plan .action-step').first().textContent())).toBe(`Wat te doen: ${squash(dontKnow.advice.nl)}`);
    expect(await shared.locator('.summary .capped').count()).toBe(1);
    await reader.close();

    if (shots) {
      for (const [lang, width, height] of [['nl', 1366, 900], ['en', 1366, 900], ['nl', 390, 844], ['en', 390, 844]] as const) {
        const view = await context.newPage();
        await view.setViewportSize({ width, height });
        await view.goto(`${base}/report/${id}?lang=${lang}`);
        await view.waitForSelector('[data-report-ready]');
        await view.screenshot({ path: join(shots, `top-${lang}-${width}.png`) });
        await view.locator('section.action-plan').screenshot({ path: join(shots, `plan-${lang}-${width}.png`) });
        await view.locator('section.action-plan li.action').first().screenshot({ path: join(shots, `action1-${lang}-${width}.png`) });
        await view.locator('section.action-plan .group-improvements').screenshot({ path: join(shots, `improvements-${lang}-${width}.png`) });
        await view.locator('section.summary').screenshot({ path: join(shots, `summary-${lang}-${width}.png`) });
        await view.locator('.chart-quadrant').screenshot({ path: join(shots, `quadrant-${lang}-${width}.png`) });
        const wide = await view.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
        expect(wide, `report wider than ${width}px (${lang})`).toBe(false);
        await view.close();
      }
    }

    // The PDF prints the same: the action list right after the cover, with the cap and the advice.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.getByRole('button', { name: 'PDF downloaden' }).click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'pdf-')), 'report.pdf');
    await download.saveAs(file);
    if (shots) writeFileSync(join(shots, 'report.pdf'), readFileSync(file));
    const pages = await pdfPages(file);
    expect(pages[0]).toContain('niet het instrument');
    expect(pages[0]).not.toContain('Wat je nu moet doen');
    expect(pages[1]).toContain('Wat je nu moet doen');
    expect(pages[1]).toContain('Onbekend risico — zoek dit eerst uit');
    expect(pages[1].indexOf('Onbekend risico — zoek dit eerst uit')).toBeLessThan(pages[1].indexOf(squash(dontKnow.advice.nl).slice(0, 40)));
    const all = pages.join(' ');
    expect(all).toContain(squash(dontKnow.advice.nl));
    expect(all).toContain('is begrensd tot'); // pdf.js splits the "fi" ligature of "profiel"
    expect(all).toContain('Alle acties');
    expect(all).toMatch(/https:\/\/\S+/); // instrument addresses are printed
    await context.close();
  });
});
