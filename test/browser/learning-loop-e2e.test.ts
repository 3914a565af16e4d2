// Issue 16's loop in one go, on the real AI questionnaire, as a founder meets it: the quick scan from
// the home page, on into the full test with the answers kept, submit with consent to the peer pool,
// adopt three actions, re-take after improving the answers those actions address, and find their
// effect and the plan on the new report and in its PDF. The peer view stays away until the pool
// reaches its threshold and appears once it does. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUICK_SCAN_MAX } from '../../core/questionnaire-rules.js';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerSection, launchBrowser, waitSaved } from '../helpers/browser.js';
import { bearer } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

const POOL = 3;
let app: FastifyInstance;
let browser: Browser;
let base: string;

interface Option { id: string; score?: number; exclusive?: boolean; notApplicable?: boolean }
interface Question { id: string; type: string; options?: Option[] }
const AI = JSON.parse(readFileSync(join(ROOT, 'questionnaires/ai.json'), 'utf8')) as { sections: Array<{ id: string; questions: Question[] }> };
const AI_SECTIONS = AI.sections.map((s) => s.id);
const QUESTIONS = new Map(AI.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));

/** The answer that gives a question full marks: its best option, or every scoring option of a multiple choice. */
function bestAnswer(id: string) {
  const q = QUESTIONS.get(id)!;
  const real = (q.options ?? []).filter((o) => !o.exclusive && !o.notApplicable && typeof o.score === 'number');
  if (q.type === 'multi') return { options: real.filter((o) => (o.score ?? 0) > 0).map((o) => o.id) };
  return { option: real.reduce((a, b) => ((b.score ?? 0) > (a.score ?? 0) ? b : a)).id };
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-loop-')), 'loop.db'), rateLimitPerMinute: 0, peerMinPool: POOL,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Another AI startup that joins the pool: enough answers to be scored. */
async function peer(option: 'yes' | 'no') {
  const started = (await app.inject({
    method: 'POST', url: '/api/responses',
    payload: { questionnaireId: 'ai', answers: withChecksAnswered(app.catalog.questionnaires.get('ai')!.document, { 'ai-personal-data': { option }, 'ai-user-benefit': bestAnswer('ai-user-benefit') } as never) },
  })).json() as { id: string; token: string };
  const res = await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: bearer(started.token), payload: { peerConsent: true } });
  expect(res.statusCode, res.body).toBe(200);
}

describe('the learning loop', () => {
  it('quick scan → full test → submit with consent → plan → re-take → effect on the report and in the PDF; peers at the threshold', { timeout: 300_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('zelftoets:locale', 'nl'));
    const page = await context.newPage();

    // 1. The quick scan, from the home page: at most the promised number of questions.
    await page.goto(base);
    const card = page.locator('.area-card', { has: page.locator('h3', { hasText: /AI/ }) });
    await card.getByRole('button', { name: /Quickscan \(\d min\)/ }).click();
    await page.waitForURL(/\/scan\//);
    await page.waitForSelector('fieldset.question');
    await answerSection(page);
    await waitSaved(page);
    const scanQuestions = await page.locator('fieldset.question').count();
    expect(scanQuestions).toBeLessThanOrEqual(QUICK_SCAN_MAX);
    const scanAnswered = await page.locator('fieldset.question').evaluateAll((els) => els.filter((e) => e.querySelector('input:checked')).map((e) => e.id));
    expect(scanAnswered).toHaveLength(scanQuestions);
    await page.getByRole('button', { name: 'Bekijk de indicatieve uitkomst' }).click();
    await page.locator('section.indicative .indicative-badge').waitFor();

    // 2. On into the full test: the same response, the scan's answers kept.
    await page.getByRole('button', { name: 'Verder met de volledige toets' }).click();
    await page.waitForURL(/\/test\//);
    const id = page.url().split('/test/')[1].split(/[?#]/)[0];
    const stored = await page.evaluate((rid) => JSON.parse(localStorage.getItem(`zelftoets:response:${rid}`)!), id) as { id: string; token: string };
    const kept = (await app.inject({ url: `/api/responses/${id}`, headers: bearer(stored.token) })).json().answers as Record<string, unknown>;
    for (const q of scanAnswered) expect(kept, q).toHaveProperty(q.replace(/^q-/, ''));

    // The rest of the full test, section by section (the scan's answers stay as they are).
    for (const section of AI_SECTIONS) {
      await page.goto(`${base}/test/${id}?section=${section}`);
      await page.waitForSelector('fieldset.question');
      await answerSection(page);
      await waitSaved(page);
    }
    for (const [q, answer] of Object.entries(kept)) {
      expect((await app.inject({ url: `/api/responses/${id}`, headers: bearer(stored.token) })).json().answers[q], q).toEqual(answer);
    }

    // 3. Submit with consent to the peer pool, explained on the submit step.
    await page.goto(`${base}/test/${id}?section=submit`);
    const consent = page.getByLabel('Voeg mijn scores anoniem toe aan de vergelijking met andere startups');
    await consent.waitFor({ timeout: 15_000 });
    await consent.check();
    await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    await page.waitForURL(`**/report/${id}`);

    // Below the threshold the report says when the comparison comes, and shows none.
    const peers = page.locator('section.peer-comparison');
    await peers.waitFor({ timeout: 15_000 });
    expect(await peers.innerText()).toContain(`zodra er ${POOL} vergelijkbare rapporten zijn`);
    expect(await peers.locator('table').count()).toBe(0);

    // 4. Adopt three actions from the action list.
    await page.locator('section.my-plan').waitFor({ timeout: 15_000 });
    expect(await page.locator('.plan-adopt button').count()).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      await page.locator('.plan-adopt button').first().click();
      await expect.poll(() => page.locator('.plan-item').count()).toBe(i + 1);
    }
    const adopted = (await page.locator('.plan-item').evaluateAll((els) => els.map((e) => e.id))).map((x) => x.replace(/^plan-item-/, ''));
    expect(adopted).toHaveLength(3);
    const firstItem = page.locator(`#plan-item-${adopted[0]}`);
    await firstItem.getByLabel('Eigenaar').fill('Noor Jansen');
    await firstItem.getByLabel('Uiterlijk klaar op').fill('2027-02-01');
    await firstItem.getByRole('button', { name: 'Opslaan' }).click();
    await expect.poll(() => firstItem.locator('[role=status]').innerText()).toBe('Opgeslagen');

    // The pool reaches its threshold, the founder's own report counted (it is compared with the others).
    for (let i = 0; i < POOL - 2; i++) await peer(i % 2 ? 'yes' : 'no');
    await page.reload();
    await peers.waitFor();
    expect(await peers.locator('table').count()).toBe(0);
    await peer('yes');
    await page.reload();
    await peers.locator('table').first().waitFor({ timeout: 15_000 });
    expect(await peers.innerText()).toMatch(/percentiel/);
    const before = (await app.inject({ url: `/api/responses/${id}/report`, headers: bearer(stored.token) })).json();

    // 5. A re-take that improves exactly the answers the three actions address.
    const retake = (await app.inject({ method: 'POST', url: `/api/responses/${id}/retake`, headers: bearer(stored.token) })).json() as { id: string; token: string };
    const better = Object.fromEntries(adopted.map((q) => [q, bestAnswer(q)]));
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${retake.id}/answers`, headers: bearer(retake.token), payload: { answers: better } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/submit`, headers: bearer(retake.token) })).statusCode).toBe(200);
    await page.goto(`${base}/resume#${retake.id}.${retake.token}`);
    await page.waitForURL(`**/report/${retake.id}`);
    await page.locator('section.my-plan .plan-item').first().waitFor({ timeout: 15_000 });

    // The plan came along, each action with its answer's change and the suggestion to mark it done.
    expect(await page.locator('.plan-item').count()).toBe(3);
    for (const q of adopted) {
      const text = await page.locator(`#plan-item-${q}`).innerText();
      expect(text, q).toContain('Meegenomen uit je vorige poging');
      expect(text, q).toMatch(/→/);
      expect(text, q).toContain('Deze vraag scoort nu het maximum');
    }
    expect(await page.locator(`#plan-item-${adopted[0]}`).getByLabel('Eigenaar').inputValue()).toBe('Noor Jansen');
    // And on the report itself: those actions are gone from the action list, and the values they count for moved up.
    const after = (await app.inject({ url: `/api/responses/${retake.id}/report`, headers: bearer(retake.token) })).json();
    for (const q of adopted) expect(after.actions.map((a: { question: string }) => a.question), q).not.toContain(q);
    const touched = new Set(adopted.flatMap((q) => before.answers.find((a: { question: string }) => a.question === q)?.values ?? []));
    expect(touched.size).toBeGreaterThan(0);
    for (const v of touched) expect(after.values.find((x: { id: string }) => x.id === v).change, v).toBeGreaterThan(0);

    // 6. The plan in the PDF.
    const pdf = await app.inject({ url: `/api/responses/${retake.id}/report.pdf?locale=nl`, headers: bearer(retake.token) });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'loop-pdf-')), 'loop.pdf');
    writeFileSync(file, pdf.rawPayload);
    const printed = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(printed).toContain('Mijn actieplan');
    expect(printed).toMatch(/Noor\s+Jansen/);
    await context.close();
  });
});
