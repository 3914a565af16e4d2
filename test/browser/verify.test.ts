// The verification page and the report's verification block (issue 15, items 4 and 5), in a real
// browser under the app's CSP: from the QR link on the report, from the JSON export (and a tampered
// one), from the report PDF, from a typed code, and after a re-take supersedes the report.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { verifyLinkInPdf } from '../../client/src/logic/verify-input.js';
import { en as coreEn, nl as coreNl } from '../../client/src/i18n/messages.js';
import { expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { ROOT } from '../helpers/app.js';
import { createProgramme, memberOf, share, signedIn } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
const shots = process.env.E2E_SHOTS;
const tmp = mkdtempSync(join(tmpdir(), 'zelftoets-verify-'));

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  if (shots) mkdirSync(shots, { recursive: true });
  app = await buildApp(defaultConfig({ databasePath: join(tmp, 'v.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** A submitted AI response: every shown question answered with a middling plain option, one knock-out. */
async function submitted() {
  const q = (await (await fetch(`${base}/api/questionnaires/ai`)).json()) as any;
  const answers: Record<string, unknown> = {};
  const shown = new Set<string>();
  for (const question of q.sections.flatMap((s: any) => s.questions)) {
    if (question.visibleIf && !(shown.has(question.visibleIf.question) && [].concat((answers[question.visibleIf.question] as any)?.option ?? (answers[question.visibleIf.question] as any)?.options ?? []).some((o: string) => question.visibleIf.anyOf.includes(o)))) continue;
    shown.add(question.id);
    if (question.type === 'text') answers[question.id] = { text: 'Een assistent voor gemeenten' };
    else {
      const plain = question.options.filter((o: any) => !o.knockout && !o.unknownRisk && !o.exclusive);
      const none = question.options.find((o: any) => o.exclusive && !o.unknownRisk);
      if (question.type === 'multi') answers[question.id] = { options: [(plain[0] ?? none).id] };
      else answers[question.id] = { option: plain[Math.min(plain.length - 1, 1 + (question.id.length % 3))].id };
    }
  }
  const knockout = q.sections.flatMap((s: any) => s.questions).find((x: any) => shown.has(x.id) && x.options?.some((o: any) => o.knockout));
  const knocked = knockout.options.find((o: any) => o.knockout).id;
  answers[knockout.id] = knockout.type === 'multi' ? { options: [knocked] } : { option: knocked };
  const started = await (await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ questionnaireId: 'ai', answers }) })).json() as any;
  await fetch(`${base}/api/responses/${started.id}`, { method: 'PATCH', headers: { ...auth(started.token), 'content-type': 'application/json' }, body: JSON.stringify({ companyName: 'Voorbeeld AI BV' }) });
  expect((await fetch(`${base}/api/responses/${started.id}/submit`, { method: 'POST', headers: auth(started.token) })).status).toBe(200);
  return { id: started.id as string, token: started.token as string };
}

async function contextWithToken(id: string, token: string, viewport = { width: 1366, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(({ id, token }) => localStorage.setItem(`zelftoets:response:${id}`, JSON.stringify({ id, token })), { id, token });
  return context;
}

async function verdict(page: Page): Promise<'yes' | 'no'> {
  const outcome = page.locator('.verify-outcome[data-verified]');
  await outcome.waitFor({ timeout: 15_000 });
  return (await outcome.getAttribute('data-verified')) as 'yes' | 'no';
}
const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"]`).textContent();

async function noOverflow(page: Page, label: string) {
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0], `${label}: page width`).toBeLessThanOrEqual(widths[1] + 1);
}

const num = (x: number, tag: string) => x.toLocaleString(tag, { maximumFractionDigits: 1 });

describe('verifying a report', () => {
  it('from the QR link, the export, a tampered export, the PDF, a code, and after a re-take', { timeout: 240_000 }, async () => {
    const { id, token } = await submitted();
    const report = (await (await fetch(`${base}/api/responses/${id}/report?locale=nl`, { headers: auth(token) })).json()) as any;
    const att = report.attestation;
    expect(att.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    const dashed = att.code.replace(/(.{4})(?=.)/g, '$1-');

    // ---- the block on the report: a real link holding the absolute verification link -------------
    const context = await contextWithToken(id, token);
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') cspErrors.push(m.text()); });
    await page.goto(`${base}/report/${id}`);
    await page.waitForSelector('[data-report-ready]');
    const block = page.locator('.cover .verify-block');
    expect(await block.locator('.verify-block-code').textContent()).toBe(dashed);
    const href = (await block.locator('a.verify-qr-link').getAttribute('href'))!;
    expect(href).toBe(`${base}${att.link}`);
    expect(await block.locator('.verify-block-url a').textContent()).toBe(`${base}/verify#c=${dashed}`);
    // The QR code is drawn as rectangles: many of them, inside an accessible, labelled image.
    expect(await block.locator('svg.verify-qr rect').count()).toBeGreaterThan(200);
    expect(await block.locator('svg.verify-qr title').textContent()).toContain('QR-code');
    // The printed footer follows a language switch, as the rest of the report does.
    const footer = () => page.evaluate(() => document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText)).join('\n'));
    expect(await footer()).toContain(`Verificatiecode ${dashed}`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(footer).toContain(`Verification code ${dashed}`);
    expect(await footer()).not.toContain('Verificatiecode');
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await expect.poll(footer).toContain(`Verificatiecode ${dashed}`);
    if (shots) {
      for (const lang of ['nl', 'en']) {
        await page.goto(`${base}/report/${id}?lang=${lang}`);
        await page.waitForSelector('[data-report-ready]');
        for (const width of [390, 1366]) {
          await page.setViewportSize({ width, height: 900 });
          await page.locator('.cover').screenshot({ path: join(shots, `report-cover-screen-${lang}-${width}.png`) });
          await page.emulateMedia({ media: 'print' });
          await page.locator('.cover').screenshot({ path: join(shots, `report-cover-print-${lang}-${width}.png`) });
          await page.emulateMedia({ media: 'screen' });
        }
      }
    }

    // ---- the QR link: verifies, with the headline, in both languages ----------------------------
    for (const [lang, tag] of [['nl', 'nl-NL'], ['en', 'en-GB']] as const) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(href.replace('/verify#', `/verify?lang=${lang}#`));
      expect(await verdict(page), lang).toBe('yes');
      expect(await page.locator('#verify-result-heading').textContent()).toContain(lang === 'nl' ? 'Dit rapport is echt' : 'This report is genuine');
      expect(await page.locator('.verify-checks [data-check="hash"]').getAttribute('data-result')).toBe('skipped');
      expect(await fact(page, 'profile')).toBe((lang === 'nl' ? coreNl : coreEn)[`report.profile.${report.profile}` as keyof typeof coreNl]);
      expect(await fact(page, 'goal')).toBe(num(report.dimensions.goal.score, tag));
      expect(await fact(page, 'precondition')).toBe(num(report.dimensions.precondition.score, tag));
      expect(await fact(page, 'completeness')).toBe(`${num(Math.round(report.completeness * 1000) / 10, tag)}%`);
      expect(await fact(page, 'knockouts')).toBe(String(report.knockouts.length));
      expect(await fact(page, 'code')).toBe(dashed);
      expect(await fact(page, 'questionnaire')).toContain(`ai, ${lang === 'nl' ? 'versie' : 'version'} ${report.questionnaire.version}`);
      expect(await page.locator('.verify-status').getAttribute('data-status')).toBe('current');
      await expectNoSeriousA11yViolations(page, `verify ${lang}`);
      for (const width of [390, 1366]) {
        await page.setViewportSize({ width, height: 900 });
        await noOverflow(page, `verified ${lang} ${width}`);
        if (shots) await page.screenshot({ path: join(shots, `verify-verified-${lang}-${width}.png`), fullPage: true });
      }
    }

    // A link whose statement was changed after signing: does not verify, and says the signature failed.
    const [h, p, s] = att.jws.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.headline.goal = 99;
    await page.goto(`${base}/verify#a=${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`);
    expect(await verdict(page)).toBe('no');
    expect(await page.locator('[data-failure="signature-invalid"]').count()).toBe(1);

    // ---- the JSON export, whole and tampered ----------------------------------------------------
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${base}/verify`);
    await expectNoSeriousA11yViolations(page, 'verify empty');
    const exported = (await (await fetch(`${base}/api/responses/${id}/export.json`, { headers: auth(token) })).json()) as any;
    const exportFile = join(tmp, 'export.json');
    writeFileSync(exportFile, JSON.stringify(exported, null, 2));
    await page.setInputFiles('#verify-file', exportFile);
    expect(await verdict(page)).toBe('yes');
    expect(await page.locator('#verify-result-heading').textContent()).toContain('echt en ongewijzigd');
    expect(await page.locator('.verify-checks [data-check="hash"]').getAttribute('data-result')).toBe('pass');

    const tampered = structuredClone(exported);
    tampered.report.dimensions.goal.score = (tampered.report.dimensions.goal.score ?? 0) + 1;
    await page.setInputFiles('#verify-file', { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await page.locator('.verify-outcome[data-verified="no"]').waitFor();
    expect(await page.locator('#verify-result-heading').textContent()).toContain('NIET te verifiëren');
    expect(await page.locator('[data-failure="hash-mismatch"]').textContent()).toContain('rapporthash');
    expect(await page.locator('.verify-checks [data-check="hash"]').getAttribute('data-result')).toBe('fail');
    expect(await page.locator('.verify-checks [data-check="signature"]').getAttribute('data-result')).toBe('pass');
    // The verdict takes focus, so a screen reader reads it out after the file is chosen.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-result-heading');
    // Content added under a "__proto__" key is content too: it was dropped from the hashed text once.
    const withProto = JSON.stringify(exported).replace('"report":{', '"report":{"__proto__":{"note":"added"},');
    expect(withProto).toContain('__proto__');
    await page.setInputFiles('#verify-file', exportFile);
    await page.locator('.verify-outcome[data-verified="yes"]').waitFor();
    await page.setInputFiles('#verify-file', { name: 'proto.json', mimeType: 'application/json', buffer: Buffer.from(withProto) });
    await page.locator('.verify-outcome[data-verified="no"]').waitFor();
    expect(await page.locator('.verify-checks [data-check="hash"]').getAttribute('data-result')).toBe('fail');
    // The tampered file again, for the pictures below.
    await page.setInputFiles('#verify-file', exportFile);
    await page.locator('.verify-outcome[data-verified="yes"]').waitFor();
    await page.setInputFiles('#verify-file', { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await page.locator('.verify-outcome[data-verified="no"]').waitFor();
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      await noOverflow(page, `tampered ${width}`);
      if (shots) await page.screenshot({ path: join(shots, `verify-tampered-nl-${width}.png`), fullPage: true });
    }
    await page.goto(`${base}/verify?lang=en`);
    await page.setInputFiles('#verify-file', { name: 'tampered.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)) });
    await page.locator('.verify-outcome[data-verified="no"]').waitFor();
    expect(await page.locator('[data-failure="hash-mismatch"]').textContent()).toContain('report hash');
    await expectNoSeriousA11yViolations(page, 'verify tampered en');
    if (shots) await page.screenshot({ path: join(shots, 'verify-tampered-en-1366.png'), fullPage: true });

    // Files that are neither, and one too large, say so; nothing is sent for them.
    await page.goto(`${base}/verify`);
    await page.setInputFiles('#verify-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello <b>world</b>') });
    await expect.poll(() => page.locator('.verify-outcome [role="alert"]').textContent()).toContain('geen JSON-export en geen PDF');
    // A file on disk: the browser is handed its path, not 20 MB through the protocol.
    const big = join(tmp, 'big.json');
    writeFileSync(big, Buffer.alloc(20 * 1024 * 1024 + 1, 32));
    await page.setInputFiles('#verify-file', big);
    await expect.poll(() => page.locator('.verify-outcome [role="alert"]').textContent()).toContain('groter dan 20 MB');

    // ---- the PDF: the link is in it, the footer on every page, and /verify finds and checks it -----
    const pdfRes = await fetch(`${base}/api/responses/${id}/report.pdf?locale=nl`, { headers: auth(token) });
    expect(pdfRes.status).toBe(200);
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const pdfFile = join(tmp, 'report.pdf');
    writeFileSync(pdfFile, pdf);
    expect(verifyLinkInPdf(new Uint8Array(pdf))).toBe(att.jws);
    const pageTexts = execFileSync('pdftotext', ['-layout', pdfFile, '-']).toString().split('\f').filter((x) => x.trim());
    expect(pageTexts.length).toBeGreaterThan(2);
    for (const [i, text] of pageTexts.entries()) expect(text, `page ${i + 1} footer`).toContain(`Verificatiecode ${dashed}`);
    expect(pageTexts[0]).toContain('Dit rapport controleren');
    if (shots) {
      writeFileSync(join(shots, 'report-nl.pdf'), pdf);
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', pdfFile, join(shots, 'report-pdf-nl')]);
      const en = Buffer.from(await (await fetch(`${base}/api/responses/${id}/report.pdf?locale=en`, { headers: auth(token) })).arrayBuffer());
      writeFileSync(join(shots, 'report-en.pdf'), en);
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', join(shots, 'report-en.pdf'), join(shots, 'report-pdf-en')]);
    }
    await page.setInputFiles('#verify-file', pdfFile);
    expect(await verdict(page)).toBe('yes');
    expect(await page.locator('.verify-outcome .notice').first().textContent()).toContain('Verklaring gevonden in de PDF');

    // ---- a typed code, and #c=: status only ------------------------------------------------------
    await page.goto(`${base}/verify#c=${dashed.toLowerCase()}`);
    await page.locator('.verify-status[data-status="current"]').waitFor();
    expect(await page.locator('.verify-outcome .notice').textContent()).toContain('alleen de status');
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      await noOverflow(page, `code ${width}`);
      if (shots) await page.screenshot({ path: join(shots, `verify-code-nl-${width}.png`), fullPage: true });
    }
    await page.goto(`${base}/verify?lang=en`);
    await page.getByRole('textbox', { name: /Verification code/ }).fill('not-a-code');
    await page.getByRole('button', { name: 'Look up status' }).click();
    await expect.poll(() => page.locator('.verify-outcome [role="alert"]').textContent()).toContain('not a valid verification code');
    await page.getByRole('textbox', { name: /Verification code/ }).fill(att.code.toLowerCase());
    await page.getByRole('button', { name: 'Look up status' }).click();
    await page.locator('.verify-status[data-status="current"]').waitFor();
    await expectNoSeriousA11yViolations(page, 'verify code en');
    if (shots) await page.screenshot({ path: join(shots, 'verify-code-en-390.png'), fullPage: true });

    // ---- a re-take supersedes it -----------------------------------------------------------------
    const retake = (await (await fetch(`${base}/api/responses/${id}/retake`, { method: 'POST', headers: auth(token) })).json()) as any;
    expect((await fetch(`${base}/api/responses/${retake.id}/submit`, { method: 'POST', headers: auth(retake.token) })).status).toBe(200);
    await page.goto(`${base}/verify?lang=nl#c=${dashed}`);
    await page.locator('.verify-status[data-status="superseded"]').waitFor();
    expect(await page.locator('.verify-status').textContent()).toMatch(/Vervangen sinds \d+ \w+ 20\d\d/);
    // The old QR link still has a good signature, and says it is superseded.
    await page.goto(href);
    expect(await verdict(page)).toBe('yes');
    expect(await page.locator('.verify-status').getAttribute('data-status')).toBe('superseded');

    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await context.close();
  });

  it('shows a draft as not signed, and a shared report with the same block', { timeout: 60_000 }, async () => {
    const started = await (await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ questionnaireId: 'ai', answers: {} }) })).json() as any;
    const context = await contextWithToken(started.id, started.token);
    const page = await context.newPage();
    await page.goto(`${base}/report/${started.id}`);
    await page.waitForSelector('[data-report-ready]');
    expect(await page.locator('.verify-block').count()).toBe(0);
    expect(await page.locator('.verify-draft').textContent()).toContain('niet ondertekend');

    const { id, token } = await submitted();
    const share = (await (await fetch(`${base}/api/responses/${id}/shares`, { method: 'POST', headers: { ...auth(token), 'content-type': 'application/json' }, body: JSON.stringify({ expiresInDays: 7 }) })).json()) as any;
    await page.goto(`${base}${share.path}`);
    await page.waitForSelector('[data-report-ready]');
    const href = await page.locator('.verify-block a.verify-qr-link').getAttribute('href');
    expect(href).toMatch(new RegExp(`^${base.replace(/[.]/g, '\\.')}/verify#a=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    await context.close();
  });

  it('links on PUBLIC_URL, and says plainly when a statement comes from another issuer', { timeout: 90_000 }, async () => {
    const PUBLIC = 'https://toets.example.org';
    const other = await buildApp(defaultConfig({ databasePath: join(tmp, 'other.db'), rateLimitPerMinute: 0, publicUrl: PUBLIC }));
    try {
      const otherBase = await other.listen({ port: 0, host: '127.0.0.1' });
      const started = (await other.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(other.catalog.questionnaires.get('ai')!.document) } })).json() as any;
      expect((await other.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: auth(started.token) })).statusCode).toBe(200);
      const context = await contextWithToken(started.id, started.token);
      const page = await context.newPage();
      await page.goto(`${otherBase}/report/${started.id}`);
      await page.waitForSelector('[data-report-ready]');
      const href = (await page.locator('.verify-block a.verify-qr-link').getAttribute('href'))!;
      expect(href).toMatch(/^https:\/\/toets\.example\.org\/verify#a=/);
      expect(await page.locator('.verify-block-url a').getAttribute('href')).toMatch(/^https:\/\/toets\.example\.org\/verify#c=/);

      // On its own instance (PUBLIC_URL names it) the statement is this site's.
      const fragment = href.slice(href.indexOf('#'));
      await page.goto(`${otherBase}/verify${fragment}`);
      expect(await verdict(page)).toBe('yes');
      expect(await fact(page, 'issuer')).toBe(`${PUBLIC} (deze site)`);
      expect(await page.locator('.verify-other-issuer').count()).toBe(0);

      // Elsewhere its key is unknown, and the page says whose it is and that these keys cannot vouch for it.
      await page.goto(`${base}/verify?lang=en${fragment}`);
      expect(await verdict(page)).toBe('no');
      expect(await page.locator('[data-failure="key-unknown"]').count()).toBe(1);
      expect(await fact(page, 'issuer')).toBe(PUBLIC);
      expect(await page.locator('.verify-other-issuer').textContent()).toContain('not issued by this site');
      expect(await page.locator('.verify-status').getAttribute('data-status')).toBe('other-issuer');
      await context.close();
    } finally {
      await other.close();
    }
  });

  it('the staff PDF carries the same block: the link the page finds, and the code in every footer', { timeout: 120_000 }, async () => {
    const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
    const programme = await createProgramme(app, admin);
    const manager = await memberOf(app, programme.id, 'manager@example.org', 'manager');
    const r = await submitted();
    await share(app, r, programme.joinCode, 'Voorbeeld AI BV');
    const att = ((await (await fetch(`${base}/api/responses/${r.id}/report?locale=nl`, { headers: auth(r.token) })).json()) as any).attestation;
    const res = await app.inject({ url: `/api/submissions/${r.id}/report.pdf?locale=nl`, headers: manager.read });
    expect(res.statusCode, res.body).toBe(200);
    expect(verifyLinkInPdf(new Uint8Array(res.rawPayload))).toBe(att.jws);
    const file = join(tmp, 'staff.pdf');
    writeFileSync(file, res.rawPayload);
    const pages = execFileSync('pdftotext', ['-layout', file, '-']).toString().split('\f').filter((x) => x.trim());
    const dashed = att.code.replace(/(.{4})(?=.)/g, '$1-');
    for (const [i, text] of pages.entries()) expect(text, `staff page ${i + 1}`).toContain(`Verificatiecode ${dashed}`);
    expect(pages[0]).toContain('Voorbeeld AI BV');
    if (shots) execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', file, join(shots, 'staff-pdf-nl')]);
  });
});
