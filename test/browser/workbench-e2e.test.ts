// Issue 14 end to end ("Done means"), in a real browser against the built app with real SMTP: a
// manager assigns two assessors; one asks the startup for evidence on a question; the startup finds the
// request through its resume link, answers with a PDF and corrects its answer; both assessors review
// (with a Dutch decimal); the manager sees the spread, decides, and downloads the CSV and the PDF; the
// mails arrive. Only what is not the point (programme, people, the startup's submitted test) is set up
// through the API. SHOTS_DIR=… keeps screenshots of each screen in nl and en at 390 and 1366 px.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.js';
import { launchBrowser, staffSignIn } from '../helpers/browser.js';
import { startSmtp } from '../helpers/smtp.js';
import { assign, createProgramme, createUser, PASSWORD, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

const T = { timeout: 30_000 };
const STARTUP = 'Startup Noord';
const PROGRAMME = 'Subsidie AI 2026';

let app: FastifyInstance;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let base: string;

/** A small but real PDF (catalog, page, font, text, a correct cross-reference table). */
function realPdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  smtp = await startSmtp();
  // PUBLIC_URL must be known before the app starts: the mails link to it.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  app = await staffApp({
    clientDir: join(ROOT, 'dist/client'), publicUrl: base, cohortMinGroup: 1,
    smtpUrl: smtp.url, mailFrom: 'Zelftoets <zelftoets@example.org>', mailRetryBaseMs: 50, mailPollMs: 100, mailTimeoutMs: 5_000,
  });
  await app.listen({ port, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

/** A staff member signed in through the login form, in their own browser context. */
async function staffPage(email: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  await ctx.addInitScript(() => { if (!localStorage.getItem('zelftoets:locale')) localStorage.setItem('zelftoets:locale', 'nl'); });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${email}: ${String(e)}`));
  await staffSignIn(page, base, email, PASSWORD, T);
  return { ctx, page };
}

const pageErrors: string[] = [];
/** Page widths seen at 390 px, by screen: reported, and checked at the end. */
const widths: Record<string, number> = {};

/**
 * Screenshots of the current screen in nl and en at 390 and 1366 px (when SHOTS_DIR is set), back in
 * Dutch at 1366 px afterwards. `ready` waits for the screen's content after the reload.
 */
async function shoot(page: Page, name: string, ready: (p: Page) => Promise<unknown>) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  for (const locale of ['nl', 'en'] as const) {
    await page.evaluate((l) => localStorage.setItem('zelftoets:locale', l), locale);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.reload();
    await ready(page);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      if (width === 390) widths[`${name}-${locale}`] = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: join(dir, `${name}-${locale}-${width}.png`), fullPage: true });
      // Tall pages also in screen-sized pieces, to be readable when looked at.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, i = 0; y < height && i < 12; y += 1200, i++) {
        await page.screenshot({ path: join(dir, 'tiles', `${name}-${locale}-${width}-${i}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(1200, height - y) } });
      }
    }
  }
  await page.evaluate(() => localStorage.setItem('zelftoets:locale', 'nl'));
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.reload();
  await ready(page);
}

describe('the assessor\'s workbench, end to end', () => {
  it('assign → clarify → answer with a file and a correction → two reviews → spread → decision → CSV and PDF → mails', { timeout: 600_000 }, async () => {
    // Setup that is not the point: the programme, its people, a startup's submitted and shared test.
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const programme = await createProgramme(app, admin, { name: PROGRAMME });
    for (const [email, role] of [['manager@example.org', 'manager'], ['manager2@example.org', 'manager'], ['a1@example.org', 'assessor'], ['a2@example.org', 'assessor']] as const) {
      await createUser(app, email, role);
      await assign(app, admin, programme.id, email, role);
    }
    const startup = await submittedResponse(app);
    await share(app, startup, programme.joinCode, STARTUP);
    const sub = startup.id;

    // 1. The manager assigns both assessors on the decision page, through the form.
    const { ctx: mctx, page: manager } = await staffPage('manager@example.org');
    await manager.goto(`${base}/staff/programmes/${programme.id}`);
    await manager.getByRole('link', { name: STARTUP }).first().waitFor(T);
    // The list names the area, not its id, and counts one team in the singular.
    const listRow = manager.locator('tr', { has: manager.getByRole('link', { name: STARTUP }) });
    expect(await listRow.locator('td').nth(1).textContent()).toBe('AI');
    await manager.getByText('1 team', { exact: true }).waitFor(T);
    await shoot(manager, 'submissions-list', (p) => p.getByRole('link', { name: STARTUP }).first().waitFor(T));
    await manager.goto(`${base}/staff/submissions/${sub}/decision`);
    await manager.getByRole('heading', { name: `Besluit over ${STARTUP}` }).waitFor(T);
    for (const who of ['a1', 'a2']) {
      await manager.getByLabel('Toewijzen aan').selectOption({ label: who });
      await manager.getByRole('button', { name: 'Toewijzen', exact: true }).click();
      await manager.locator('.assignees li', { hasText: who }).waitFor(T);
    }
    expect(await manager.locator('.assignees li').allTextContents()).toEqual([
      expect.stringContaining('nog niet begonnen'), expect.stringContaining('nog niet begonnen'),
    ]);
    for (const who of ['a1@example.org', 'a2@example.org']) {
      const mail = await smtp.mailFor(who, 1, 20_000);
      expect(mail.subject).toBe(`Nieuwe beoordelingen voor ${PROGRAMME}`);
      expect(mail.text).toContain(`${base}/staff/tasks`);
      // An assignment mail names the programme, never the startup.
      expect(mail.text + mail.html).not.toContain(STARTUP);
    }

    // 2. Assessor 1 finds the task in "Mijn taken" and asks for evidence on the DPIA question.
    const { ctx: a1ctx, page: a1 } = await staffPage('a1@example.org');
    await a1.goto(`${base}/staff/tasks`);
    const task = a1.locator('.tasks-list li', { hasText: STARTUP });
    await task.waitFor(T);
    expect(await task.textContent()).toContain('nog niet begonnen');
    await shoot(a1, 'tasks', (p) => p.locator('.tasks-list li').first().waitFor(T));
    await task.getByRole('link', { name: STARTUP }).click();
    await a1.waitForURL(`${base}/staff/submissions/${sub}`, T);
    await a1.getByText(/^Gebied AI · gedeeld op/).waitFor(T);
    const ask = a1.locator('#qv-m-dpia-verdict');
    await ask.waitFor(T);
    await ask.selectOption('evidence');
    await a1.locator('#qv-m-dpia-message').fill('Stuur de vastgestelde DPIA mee, alstublieft.');
    await a1.locator('.question-verdict', { has: ask }).getByRole('button').click();
    await a1.locator('.question-verdict', { has: ask }).locator('.qv-thread').waitFor(T);

    // 3. The startup, in its own browser, opens its resume link and finds the request on its report.
    const sctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await sctx.addInitScript(() => { if (!localStorage.getItem('zelftoets:locale')) localStorage.setItem('zelftoets:locale', 'nl'); });
    const s = await sctx.newPage();
    s.on('pageerror', (e) => pageErrors.push(`startup: ${String(e)}`));
    await s.goto(`${base}/resume#${sub}.${startup.token}`);
    await s.waitForURL(`**/report/${sub}`, T);
    const requests = s.locator('section.open-requests');
    await requests.getByText('Stuur de vastgestelde DPIA mee, alstublieft.').waitFor(T);
    expect(await requests.innerText()).toContain(PROGRAMME);
    expect(await requests.innerText()).not.toContain('a1@example.org');
    await shoot(s, 'report-open-request', (p) => p.locator('section.open-requests').getByText('Stuur de vastgestelde DPIA').waitFor(T));

    // The answer form stacks its fields: each label above its full-width field (they ran together on one line).
    const answerBox = (await requests.getByLabel(/Je antwoord/).boundingBox())!;
    const answerLabel = (await requests.locator('label', { hasText: 'Je antwoord' }).boundingBox())!;
    const formBox = (await requests.locator('form').boundingBox())!;
    expect(answerBox.y).toBeGreaterThanOrEqual(answerLabel.y + answerLabel.height - 1);
    expect(answerBox.width).toBeGreaterThan(formBox.width * 0.9);
    await requests.getByLabel(/Je antwoord/).fill('Hierbij de vastgestelde DPIA.');
    await requests.locator('input[type=file]').setInputFiles({ name: 'DPIA definitief.pdf', mimeType: 'application/pdf', buffer: realPdf('DPIA Startup Noord') });
    await requests.getByLabel(/verbeteren/).check();
    // The startup's current answer in words ("Deels"), not the option's id ("partly").
    expect(await requests.locator('form .hint').first().textContent()).toBe('Deels (Concept-DPIA ligt bij de FG)');
    await requests.locator('input[type=radio][value=done]').check();
    await requests.getByRole('button', { name: /Antwoord versturen/ }).click();
    await requests.getByText(/Je hebt alle vragen/).waitFor(T);
    expect(await requests.innerText()).toContain('DPIA-definitief.pdf');

    // The asker is mailed that the startup answered (own staff: the startup's name and a link).
    const answered = await smtp.mailFor('a1@example.org', 2, 20_000);
    expect(answered.subject).toBe(`${PROGRAMME}: antwoord op uw verzoek`);
    expect(answered.text).toContain(STARTUP);
    expect(answered.text).toContain(`${base}/staff/submissions/${sub}`);

    // 4. Assessor 1 sees the answer, the file and the correction, and reviews with "55,5".
    await a1.reload();
    const thread = a1.locator('.question-verdict', { has: a1.locator('#qv-m-dpia-verdict') });
    await thread.getByText('Hierbij de vastgestelde DPIA.').waitFor(T);
    expect(await thread.innerText()).toContain('DPIA-definitief.pdf');
    await thread.locator('.qv-correction').waitFor(T);
    // The change in the options' words, not their ids.
    expect(await thread.locator('.qv-correction').innerText()).toMatch(/Deels \(.*\) → .*Ja/);
    const fileLink = thread.getByRole('link', { name: /DPIA-definitief\.pdf/ });
    const [download] = await Promise.all([a1.waitForEvent('download', T), fileLink.click()]);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    await shoot(a1, 'review', (p) => p.locator('.review-form').waitFor(T));

    async function review(page: Page, scores: string[], judgement: string) {
      await page.locator('.review-form').waitFor(T);
      const inputs = page.locator('input.assessor-score');
      const n = await inputs.count();
      expect(n).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < n; i++) await inputs.nth(i).fill(scores[Math.min(i, scores.length - 1)]);
      await page.locator('.review-value textarea').first().fill(`Toelichting bij ${scores[0]}`);
      await page.getByLabel(judgement, { exact: true }).check();
      await page.getByLabel('Toelichting bij het eindoordeel').fill('Goed onderbouwd.');
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Beoordeling indienen' }).click();
      await page.getByText('Beoordeling ingediend.').waitFor(T);
    }
    await review(a1, ['55,5', '70'], 'Positief');
    await expect.poll(() => a1.locator('input.assessor-score').first().inputValue()).toBe('55,5');

    // 5. Assessor 2 reviews too, far apart on the first value.
    const { ctx: a2ctx, page: a2 } = await staffPage('a2@example.org');
    await a2.goto(`${base}/staff/submissions/${sub}`);
    await review(a2, ['20', '65'], 'Negatief');

    // 6. The manager sees both reviews side by side, the spread flagged, and records a decision.
    await manager.reload();
    await manager.locator('#quorum').getByText('2 van 2 benodigde beoordelingen ingediend.').waitFor(T);
    const first = manager.locator('.decision-value').first();
    await first.waitFor(T);
    expect(await first.getAttribute('class')).toContain('flagged');
    expect(await first.innerText()).toContain('55,5');
    expect(await first.innerText()).toContain('Toelichting bij 55,5');
    expect(await manager.locator('[data-flag="judgements"]').count()).toBe(1);
    await manager.getByLabel('Toekennen onder voorwaarden').check();
    await manager.getByLabel('Motivering (verplicht)').fill('Sterk team; de DPIA is nu vastgesteld.');
    // The rationale is typed in the page's font, not the browser's monospace default.
    expect(await manager.getByLabel('Motivering (verplicht)').evaluate((e) => getComputedStyle(e).fontFamily))
      .toBe(await manager.evaluate(() => getComputedStyle(document.body).fontFamily));
    await manager.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await manager.locator('#current-decision').getByText(/Huidig besluit: Toekennen onder voorwaarden/).waitFor(T);
    await shoot(manager, 'decision', (p) => p.locator('#current-decision').waitFor(T));

    // The other manager gets the decision notice, with the startup's name (same programme) and a link.
    const notice = await smtp.mailFor('manager2@example.org', 1, 20_000);
    expect(notice.subject).toBe(`Besluit genomen: ${STARTUP} (${PROGRAMME})`);
    expect(notice.text).toContain(`${base}/staff/submissions/${sub}/decision`);

    // 7. The exports, downloaded through the page's own links.
    await manager.goto(`${base}/staff/programmes/${programme.id}`);
    const [csvDownload] = await Promise.all([manager.waitForEvent('download', T), manager.getByRole('link', { name: 'Exporteren als CSV (Excel)' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    const [header, row] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(row).toContain(STARTUP);
    // Per assessor a block of columns, with the Dutch decimal as typed.
    expect(header).toContain('a1, a1@example.org');
    expect(header).toContain('a2, a2@example.org');
    expect(row).toContain('55,5');
    expect(row).toContain('Toelichting bij 55,5');
    // The decision enters the CSV with the exports seam (server/export/decision.ts); once it does, it must be this one.
    if (/besluit/i.test(header)) expect(row).toContain('Toekennen onder voorwaarden');

    await manager.goto(`${base}/staff/submissions/${sub}`);
    const [pdfDownload] = await Promise.all([manager.waitForEvent('download', { timeout: 90_000 }), manager.getByRole('link', { name: 'Rapport als PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
    const pdfPath = join(mkdtempSync(join(tmpdir(), 'zelftoets-e2e-')), 'staff.pdf');
    writeFileSync(pdfPath, readFileSync((await pdfDownload.path())!));
    const pdfText = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain(STARTUP);
    expect(pdfText).toContain(PROGRAMME);
    expect(pdfText).toContain('55,5');

    // The cohort page, for the screenshots.
    await manager.goto(`${base}/staff/programmes/${programme.id}/cohort`);
    await manager.locator('.cohort-axis').first().waitFor(T);
    // At 390 px the axis' "100" stays on one line and the status table's headers keep their words whole.
    await manager.setViewportSize({ width: 390, height: 900 });
    const lines = (selector: string) => manager.locator(selector).first().evaluate((e) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(await lines('.cohort-axis span:last-child')).toBe(1);
    expect(await lines('.cohort-statuses thead th:nth-child(2)')).toBe(1);
    await manager.setViewportSize({ width: 1366, height: 900 });
    await shoot(manager, 'cohort', (p) => p.locator('h1').waitFor(T));

    // No mail left unsent, none failed.
    const mails = await app.inject({ method: 'GET', url: '/api/mail', headers: admin.read });
    expect(mails.statusCode, mails.body).toBe(200);
    const states = (mails.json().mails as Array<{ state: string }>).map((m) => m.state);
    expect(states.length).toBeGreaterThanOrEqual(4);
    expect(states.filter((st) => st !== 'sent')).toEqual([]);
    // No screen scrolls sideways at 390 px, in either language.
    if (process.env.SHOTS_DIR) console.log('scrollWidth at 390 px:', JSON.stringify(widths));
    for (const [screen, w] of Object.entries(widths)) expect(w, screen).toBeLessThanOrEqual(390);
    expect(pageErrors).toEqual([]);
    for (const c of [mctx, a1ctx, a2ctx, sctx]) await c.close();
  });
});
