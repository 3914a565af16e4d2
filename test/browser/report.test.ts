// The report as people see it: charts with tables, the PDF (rendered and read page by page), the
// JSON round-trip, sharing with expiry and revocation, and re-takes with progress.
import { exec } from '../helpers/db.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { ROOT } from '../helpers/app.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
const shots = process.env.E2E_SHOTS;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-report-')), 'r.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A submitted AI response with a mix of answers (one knock-out), started through the API. */
async function submittedAiResponse(overrides: Record<string, unknown> = {}) {
  const q = (await (await fetch(`${base}/api/questionnaires/ai`)).json()) as any;
  const answers: Record<string, unknown> = {};
  const shown = new Set<string>();
  for (const question of q.sections.flatMap((s: any) => s.questions)) {
    if (question.visibleIf && !(shown.has(question.visibleIf.question) && [].concat((answers[question.visibleIf.question] as any)?.option ?? (answers[question.visibleIf.question] as any)?.options ?? []).some((o: string) => question.visibleIf.anyOf.includes(o)))) continue;
    shown.add(question.id);
    if (question.type === 'text') answers[question.id] = { text: 'Een assistent voor gemeenten', note: 'Zie ons productblad' };
    else {
      // Middling answers without knock-outs or unknown risks: the one knock-out below is the only one.
      const plain = question.options.filter((o: any) => !o.knockout && !o.unknownRisk && !o.exclusive);
      // A multi whose every plain option is a knock-out (the AI Act check) is answered "none of these".
      const none = question.options.find((o: any) => o.exclusive && !o.unknownRisk);
      if (question.type === 'multi') answers[question.id] = { options: [(plain[0] ?? none).id] };
      else answers[question.id] = { option: plain[Math.min(plain.length - 1, 1 + (question.id.length % 3))].id };
    }
  }
  const knockout = q.sections.flatMap((s: any) => s.questions).find((x: any) => shown.has(x.id) && x.options?.some((o: any) => o.knockout));
  const knocked = knockout.options.find((o: any) => o.knockout).id;
  answers[knockout.id] = knockout.type === 'multi' ? { options: [knocked], note: 'We zijn ermee bezig' } : { option: knocked, note: 'We zijn ermee bezig' };
  Object.assign(answers, overrides);
  const started = await (await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ questionnaireId: 'ai', answers }) })).json() as any;
  const auth = { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' };
  await fetch(`${base}/api/responses/${started.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ companyName: 'Voorbeeld AI BV' }) });
  expect((await fetch(`${base}/api/responses/${started.id}/submit`, { method: 'POST', headers: { authorization: auth.authorization } })).status).toBe(200);
  return { id: started.id as string, token: started.token as string, knockout: knockout.id as string };
}

async function contextWithToken(id: string, token: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  await context.addInitScript(({ id, token }) => localStorage.setItem(`zelftoets:response:${id}`, JSON.stringify({ id, token })), { id, token });
  return context;
}

async function pdfText(file: string): Promise<{ pages: Array<{ width: number; height: number; text: string }> }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: true }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [, , width, height] = page.view;
    const content = await page.getTextContent();
    pages.push({ width, height, text: content.items.map((it: any) => it.str).join(' ').replace(/\s+/g, ' ') });
  }
  return { pages };
}

describe('the report', () => {
  it('shows knock-outs first, accessible charts with tables, and fits a phone', { timeout: 60_000 }, async () => {
    const { id, token } = await submittedAiResponse();
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await contextWithToken(id, token, viewport);
      const page = await context.newPage();
      await page.goto(`${base}/report/${id}`);
      await page.waitForSelector('[data-report-ready]');
      const order = await page.locator('.report > section').evaluateAll((els) => els.map((e) => e.className.split(' ')[0]));
      // What to do and the founder's own plan for it, then the results; saving and sharing after the summary (D23).
      expect(order.slice(0, 4)).toEqual(['action-plan', 'my-plan', 'summary', 'report-actions']);
      expect(await page.locator('.group-knockouts li').first().textContent()).toContain('Wat te doen');
      expect(await page.locator('.cover-name').textContent()).toBe('Voor Voorbeeld AI BV');
      // What the report is about: the intake answers, apart from the scores, inside the summary (review item 15).
      const productContext = page.locator('.summary .product-context');
      expect(await productContext.locator('h3').textContent()).toBe('Waar dit rapport over gaat');
      expect(await productContext.locator('dt').allTextContents()).toContain('Hoe gebruikt je product AI?');
      expect(await productContext.locator('dt').count()).toBe(await productContext.locator('dd').count());
      const charts = page.locator('figure.chart [role="img"]');
      expect(await charts.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        const labelled = await charts.nth(i).getAttribute('aria-labelledby');
        const [titleId, descId] = labelled!.split(' ');
        expect(await page.locator(`#${titleId}`).textContent()).toBeTruthy();
        expect((await page.locator(`#${descId}`).textContent())!.length).toBeGreaterThan(40);
      }
      expect(await page.locator('.chart-radar table tbody tr').count()).toBe(13);
      expect(await page.locator('.chart-bars .bar-status:not(:empty)').count()).toBe(13);
      const overflowing = await page.evaluate(() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.chart-data'))
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${(e as HTMLElement).className} ${Math.round(e.getBoundingClientRect().right)}`));
      expect(overflowing, `wider than ${viewport.width}px`).toEqual([]);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect(widths[0], `page width at ${viewport.width}px`).toBeLessThanOrEqual(widths[1] + 1);
      await expectNoSeriousA11yViolations(page, `report ${viewport.width}px`);
      if (shots) await page.screenshot({ path: join(shots, `report-${viewport.width}.png`), fullPage: true });
      // Every value's explanation adds up: the formula ends in the score shown.
      const privacy = page.locator('article.value-card:has(#value-privacy)');
      await privacy.locator('summary').click();
      expect(await privacy.locator('.formula').textContent()).toMatch(/^Berekening: 100 × \(.+\) \/ \(.+\) = [\d,]+$/);
      await context.close();
    }
  });

  it('downloads a PDF of the same report: A4 pages with cover, values, recommendations and appendix', { timeout: 90_000 }, async () => {
    const { id, token } = await submittedAiResponse();
    const context = await contextWithToken(id, token);
    const page = await context.newPage();
    await page.goto(`${base}/report/${id}`);
    await page.waitForSelector('[data-report-ready]');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'PDF downloaden' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^zelftoets-ai-\d{4}-\d\d-\d\d\.pdf$/);
    const file = join(mkdtempSync(join(tmpdir(), 'pdf-')), 'report.pdf');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    if (shots) writeFileSync(join(shots, 'report.pdf'), readFileSync(file));
    const { pages } = await pdfText(file);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const printed = pages.map((p) => p.text).join(' ');
    expect(printed).toContain('Waar dit rapport over gaat');
    // On paper an intake answer without a note is said once: in that block, not again in the appendix.
    expect(printed.split('Hoe gebruikt je product AI?').length - 1).toBe(1);
    for (const p of pages) {
      expect(Math.round(p.width)).toBe(595); // A4 in points
      expect(Math.round(p.height)).toBe(842);
      expect(p.text.trim().length, 'no blank pages').toBeGreaterThan(20);
    }
    // The cover stands alone on page 1.
    expect(pages[0].text).toContain('Rapport publieke waarden');
    expect(pages[0].text).toContain('Voor Voorbeeld AI BV');
    expect(pages[0].text).not.toContain('Samenvatting');
    const all = pages.map((p) => p.text).join(' ');
    for (const name of ['Privacy en gegevensbescherming', 'Machtsverhoudingen', 'Duurzaamheid', 'Democratie en grondrechten']) expect(all).toContain(name);
    expect(all).toContain('Geschonden randvoorwaarde — los dit eerst op');
    expect(all).toContain('Wat te doen');
    expect(all).toContain('In het kort');
    expect(all).toContain('Berekening'); // explanations are open in print
    expect(all).toContain('Je antwoorden en toelichtingen');
    expect(all).toContain('We zijn ermee bezig');
    expect(all).not.toContain('PDF downloaden'); // no screen controls on paper
    await context.close();
  });

  it('prints a compact PDF in nl and en: at most 12 pages, every instrument address readable on paper (D20)', { timeout: 120_000 }, async () => {
    const { id, token } = await submittedAiResponse();
    for (const locale of ['nl', 'en'] as const) {
      const headers = { authorization: `Bearer ${token}` };
      const report = (await (await fetch(`${base}/api/responses/${id}/report?locale=${locale}`, { headers })).json()) as any;
      const res = await fetch(`${base}/api/responses/${id}/report.pdf?locale=${locale}`, { headers });
      expect(res.status).toBe(200);
      const file = join(mkdtempSync(join(tmpdir(), 'pdf-')), `report-${locale}.pdf`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      if (shots) writeFileSync(join(shots, `report-${locale}.pdf`), readFileSync(file));
      const { pages } = await pdfText(file);
      // 20-23 pages before, half of them half empty, with the value table four times.
      expect(pages.length, `${locale}: pages`).toBeLessThanOrEqual(12);
      for (const p of pages) expect(p.text.trim().length, `${locale}: no blank pages`).toBeGreaterThan(200);
      // Paper has no links: each named instrument's address is printed (pdf.js may break a long one).
      const flat = pages.map((p) => p.text).join('').replace(/\s+/g, '');
      const named = new Set<string>(report.actions.flatMap((a: any) => a.instruments));
      const withUrl = [...named].filter((i) => report.instruments[i].url);
      expect(withUrl.length).toBeGreaterThan(5);
      for (const i of withUrl) expect(flat, `${locale}: ${i}`).toContain(report.instruments[i].url.replace(/\s+/g, ''));
    }
  });

  it('round-trips through a JSON file: save, then load it as a new test', { timeout: 60_000 }, async () => {
    const { id, token } = await submittedAiResponse();
    const context = await contextWithToken(id, token);
    const page = await context.newPage();
    await page.goto(`${base}/report/${id}?lang=en`);
    await page.waitForSelector('[data-report-ready]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as file (JSON)' }).click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'json-')), 'export.json');
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.report.locale).toBe('en');

    const fresh = await browser.newContext();
    const home = await fresh.newPage();
    await home.goto(`${base}/?lang=en`);
    await home.getByLabel('Choose the file').setInputFiles(file);
    await home.waitForURL(/\/test\//);
    await home.waitForSelector('.progress-label');
    const state = await (await fetch(`${base}/api/responses/${home.url().split('/test/')[1].split('?')[0]}`, {
      headers: { authorization: `Bearer ${await home.evaluate(() => JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('zelftoets:response:'))!)!).token)}` },
    })).json() as any;
    expect(state.status).toBe('open');
    expect(state.answers).toEqual(exported.answers);
    await fresh.close();
    await context.close();
  });

  it('shares a read-only link once confirmed, which says so when revoked or expired', { timeout: 60_000 }, async () => {
    const { id, token } = await submittedAiResponse();
    const context = await contextWithToken(id, token);
    const page = await context.newPage();
    await page.goto(`${base}/report/${id}`);
    await page.waitForSelector('[data-report-ready]');
    const create = page.getByRole('button', { name: 'Link maken' });
    expect(await create.isDisabled()).toBe(true);
    await page.getByLabel('Geldig voor').selectOption('7');
    await page.getByLabel(/Ik begrijp dat iedereen/).check();
    await create.click();
    const link = await page.locator('input.share-link').inputValue();
    expect(link).toMatch(/\/shared#[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('.share-list li').first().textContent()).toContain('Actief tot');

    const reader = await browser.newContext();
    const shared = await reader.newPage();
    await shared.goto(link);
    await shared.waitForSelector('[data-report-ready]');
    expect(shared.url()).toBe(link); // the token stays: reload and bookmark keep working (D1)
    expect(await shared.locator('.notice').first().textContent()).toMatch(/^Gedeeld rapport, alleen lezen/);
    expect(await shared.locator('.report-actions').count()).toBe(0);
    await expectNoSeriousA11yViolations(shared, 'shared report');

    await page.getByRole('button', { name: 'Intrekken' }).click();
    await expect.poll(() => page.locator('.share-list li').first().textContent()).toContain('Ingetrokken op');
    const again = await reader.newPage();
    await again.goto(link);
    await again.waitForSelector('[role="alert"]');
    expect(await again.locator('[role="alert"]').textContent()).toBe('Deze link is ingetrokken door de afzender.');

    // An expired link says it expired.
    const created = await (await fetch(`${base}/api/responses/${id}/shares`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"expiresInDays":1}' })).json() as any;
    await exec(app, "UPDATE share_links SET expires_at = '2021-01-01T00:00:00.000Z' WHERE id = ?", created.id);
    const expired = await reader.newPage();
    await expired.goto(`${base}${created.path}`);
    await expired.waitForSelector('[role="alert"]');
    expect(await expired.locator('[role="alert"]').textContent()).toBe('Deze link is verlopen. Vraag de afzender om een nieuwe.');
    await reader.close();
    await context.close();
  });

  it('re-takes from the report and shows progress, with a history chart after three attempts', { timeout: 90_000 }, async () => {
    const first = await submittedAiResponse();
    const context = await contextWithToken(first.id, first.token);
    const page = await context.newPage();

    async function retakeAndImprove(fromId: string) {
      await page.goto(`${base}/report/${fromId}`);
      await page.waitForSelector('[data-report-ready]');
      await page.getByRole('button', { name: 'Nieuwe poging starten' }).click();
      await page.waitForURL(/\/test\//);
      const newId = page.url().split('/test/')[1].split('?')[0];
      expect(newId).not.toBe(fromId);
      const token = await page.evaluate((k) => JSON.parse(localStorage.getItem(`zelftoets:response:${k}`)!).token, newId);
      const state = await (await fetch(`${base}/api/responses/${newId}`, { headers: { authorization: `Bearer ${token}` } })).json() as any;
      expect(Object.keys(state.answers).length).toBeGreaterThan(20); // answers were copied
      // Lift the knock-out: pick the strongest option of that question through the API, then submit in the UI.
      const q = (await (await fetch(`${base}/api/responses/${newId}/questionnaire`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
      const ko = q.sections.flatMap((s: any) => s.questions).find((x: any) => x.id === first.knockout);
      const best = [...ko.options].filter((o: any) => !o.knockout && !o.unknownRisk).sort((a: any, b: any) => (b.score ?? 0) - (a.score ?? 0))[0];
      const answer = ko.type === 'multi' ? { options: [best.id] } : { option: best.id };
      const saved = await fetch(`${base}/api/responses/${newId}/answers`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ answers: { [first.knockout]: answer } }) });
      expect(saved.status).toBe(200);
      await page.goto(`${base}/test/${newId}?section=submit`);
      const confirm = page.getByLabel(/Ik begrijp/);
      if (await confirm.count()) await confirm.check();
      await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
      await page.waitForSelector('[data-report-ready]');
      return newId;
    }

    const second = await retakeAndImprove(first.id);
    expect(await page.locator('.group-knockouts').count()).toBe(0);
    expect(await page.locator('.dimension .change').first().textContent()).toMatch(/verandering sinds vorige poging: [+−±]/);
    expect(await page.locator('.chart-history').count()).toBe(0); // two attempts: no history chart yet
    await retakeAndImprove(second);
    expect(await page.locator('.chart-history svg[role="img"]').count()).toBe(1);
    expect(await page.locator('.chart-history table tbody tr').count()).toBe(3);
    if (shots) await page.screenshot({ path: join(shots, 'report-history.png'), fullPage: true });
    await context.close();
  });
});
