// Review item 15 in the browser: a full-score answer asks where it shows (the note), and the last look
// before submitting says which full-score answers have no such note. Nothing of it changes a score.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { isScored } from '../../core/scoring.js';
import { visibleQuestionIds } from '../../core/visibility.js';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { expectNoSeriousA11yViolations, launchBrowser, openNote, waitSaved } from '../helpers/browser.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-evidence-')), 'e.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A scored single-choice question shown without any earlier answer, with a full-score rung and a lower one. */
function pickQuestion() {
  const ai = app.catalog.questionnaires.get('ai')!.document;
  const shown = visibleQuestionIds(ai, {});
  for (const section of ai.sections) {
    for (const q of section.questions) {
      if (q.type !== 'single' || !isScored(q) || !shown.has(q.id)) continue;
      const top = q.options!.find((o) => o.score === 1 && !o.notApplicable);
      const lower = q.options!.find((o) => (o.score ?? 0) > 0 && o.score! < 1 && !o.knockout && !o.unknownRisk);
      if (top && lower) return { section: section.id, question: q.id, top: top.id, lower: lower.id };
    }
  }
  throw new Error('the AI questionnaire has no plain scored single-choice question');
}

async function start(page: Page): Promise<string> {
  await page.goto(base);
  await page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) }).getByRole('button', { name: /^(Start deze toets|Start this test)/ }).click();
  await page.waitForURL(/\/test\/[A-Za-z0-9_-]{22}/);
  return page.url().match(/\/test\/([A-Za-z0-9_-]{22})/)![1];
}

describe('the evidence prompt on full-score answers', () => {
  it('asks where a full-score answer shows, in both languages, and lists the ones without a note before submitting', { timeout: 90_000 }, async () => {
    const pick = pickQuestion();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const id = await start(page);
    await page.goto(`${base}/test/${id}?section=${pick.section}&focus=${pick.question}`);
    const q = page.locator(`fieldset#q-${pick.question}`);
    await q.waitFor();
    const hint = q.locator('.evidence-hint');
    const note = q.locator('details.note');

    const isOpen = () => note.evaluate((d) => (d as HTMLDetailsElement).open);
    expect(await isOpen()).toBe(false);

    // The full-score rung: the note opens and says what to put there; the field is described by it.
    await q.locator(`input[value="${pick.top}"]`).check();
    await expect.poll(() => hint.count()).toBe(1);
    expect(await hint.textContent()).toMatch(/^Dit antwoord geeft de volle score\. Noteer waar dat blijkt/);
    expect(await isOpen()).toBe(true);
    // A lower rung asks for nothing: the prompt goes.
    await q.locator(`input[value="${pick.lower}"]`).check();
    await expect.poll(() => hint.count()).toBe(0);
    await q.locator(`input[value="${pick.top}"]`).check();
    await expect.poll(() => hint.count()).toBe(1);
    const described = (await note.locator('textarea').getAttribute('aria-describedby'))!.split(' ');
    expect(described).toContain(`q-${pick.question}-evidence`);
    await waitSaved(page);
    await expectNoSeriousA11yViolations(page, 'test page with the evidence prompt');
    if (process.env.E2E_SHOTS) await q.screenshot({ path: join(process.env.E2E_SHOTS, 'evidence-1366-nl.png') });
    // Coming back, full-score notes stay folded (a long section would be all open notes); the prompt is inside.
    await page.reload();
    await q.waitFor();
    expect(await q.locator(`input[value="${pick.top}"]`).isChecked()).toBe(true);
    expect(await isOpen()).toBe(false);
    expect(await hint.count()).toBe(1);

    // Before submitting: the one full-score answer without a note is named, in the list as well.
    await page.goto(`${base}/test/${id}?section=submit`);
    const summary = page.locator('.evidence-summary');
    await expect.poll(() => summary.textContent()).toMatch(/^1 antwoord geeft de volle score zonder dat je noteerde waar dat blijkt\./);
    await page.locator('details.answer-review > summary').click();
    expect(await page.locator('details.answer-review .evidence-missing').count()).toBe(1);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: join(process.env.E2E_SHOTS, 'evidence-submit-1366-nl.png') });

    // English, on a phone: the same prompt in English, and the page reflows without sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => summary.textContent()).toMatch(/^1 answer earns the full score without a note saying where this can be checked\./);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (process.env.E2E_SHOTS) await page.screenshot({ path: join(process.env.E2E_SHOTS, 'evidence-submit-390-en.png') });
    await page.goto(`${base}/test/${id}?section=${pick.section}&focus=${pick.question}`);
    await q.waitFor();
    await openNote(note);
    expect(await hint.textContent()).toMatch(/^This answer earns the full score\. Note where this can be checked/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (process.env.E2E_SHOTS) await q.screenshot({ path: join(process.env.E2E_SHOTS, 'evidence-390-en.png') });

    // A note that says where it shows takes the answer off the list.
    await note.locator('textarea').fill('https://example.org/our-dpia.pdf');
    await waitSaved(page);
    await page.goto(`${base}/test/${id}?section=submit`);
    await page.locator('details.answer-review').waitFor();
    expect(await page.locator('.evidence-summary').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
