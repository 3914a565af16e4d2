import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Signs a staff member in through the login form (Dutch, the default locale) and waits for the staff home. */
/**
 * Holds the server's answer to matching requests for `ms`, as on a slow line or a busy server: how the
 * tests show double clicks, late answers and input typed before a load. `only`: a method ('POST') or a
 * test of the request; without it every matching request is held.
 */
export function answerLate(target: Page | BrowserContext, url: string, ms: number, only?: string | ((request: Request) => boolean)) {
  return target.route(url, async (route) => {
    const request = route.request();
    const held = only === undefined || (typeof only === 'string' ? request.method() === only : only(request));
    if (held) await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

export async function staffSignIn(page: Page, base: string, email: string, password: string, opts: { timeout?: number } = {}) {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.waitForURL(`${base}/staff`, opts);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core with the WCAG 2.1 A/AA rules and fails on serious or critical violations. */
export async function expectNoSeriousA11yViolations(page: Page, label: string) {
  // Evaluated over the DevTools protocol: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
  const serious = violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** Where questions can be found: a page, a frame, or a frame locator (the embedded test). */
export interface QuestionScope {
  locator(selector: string): Locator;
}

/**
 * Answers every visible, unanswered question of the current section; answering may reveal more.
 * Takes the strongest real option (questionnaires order options from weak to strong, "don't know"
 * last) and fills free text.
 */
export async function answerSection(scope: QuestionScope) {
  const done = new Set<string>();
  for (let round = 0; round < 10; round++) {
    // Ids first: a locator over "unanswered" fieldsets would shift under us as we answer.
    const ids = await scope.locator('fieldset.question').evaluateAll((els) => els.map((e) => e.id));
    const todo = ids.filter((id) => !done.has(id));
    if (todo.length === 0) return;
    for (const id of todo) {
      done.add(id);
      const q = scope.locator(`fieldset#${id}`);
      const text = q.locator('textarea.text-answer');
      if (await text.count()) {
        if (!(await text.inputValue())) await text.fill('Een AI-assistent voor gemeenten');
        continue;
      }
      if (await q.locator('input:checked').count()) continue;
      const options = q.locator('.choice:not(.choice-na) input');
      const n = await options.count();
      await options.nth(n > 2 ? n - 2 : 0).check();
    }
  }
}

/** Opens a question's note unless it is open already (a full-score answer opens it by itself: core/evidence.ts). */
export async function openNote(note: Locator) {
  if (!(await note.evaluate((d) => (d as HTMLDetailsElement).open))) await note.locator('summary').click();
}

/** Waits until autosave says everything is stored. */
export async function waitSaved(scope: QuestionScope) {
  await expect.poll(() => scope.locator('.save-status').textContent(), { timeout: 10_000 }).toMatch(/^(Opgeslagen|Saved)$/);
}
