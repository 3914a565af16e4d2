// Staff walkthrough defects on the cohort and integration pages and the embed (4, 6, 19, 20, 21, 22),
// in a real browser: reflow at 390 px in both languages, readable chart labels, knock-outs in words,
// the host events on submit and on share, and the hint on a site that may not embed the test.
import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHost } from '../../demo/host-server.js';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerLate, answerSection, launchBrowser, staffSignIn } from '../helpers/browser.js';
import { bearer, createUser, PASSWORD, share, TEST_HASH_COST } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let allowed: { url: string; server: Server };
let notAllowed: { url: string; server: Server };
let code: string;
let programmeId: string;
let manager: BrowserContext;

/** One submitted and shared AI test; `knockout` answers the first knock-out option of the questionnaire. */
async function sharedTeam(name: string, i: number, knockout: boolean) {
  const answers: Record<string, unknown> = {};
  let knocked = false;
  for (const section of app.catalog.questionnaires.get('ai')!.document.sections) {
    for (const q of section.questions) {
      if (q.visibleIf || !q.options?.length) continue;
      const ko = knockout && !knocked ? q.options.find((o) => o.knockout) : undefined;
      if (ko) knocked = true;
      const option = ko ? ko.id : q.options[Math.max(0, q.options.length - 2 - (i % 3))].id;
      answers[q.id] = q.type === 'multi' ? { options: [option] } : { option };
    }
  }
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(app.catalog.questionnaires.get('ai')!.document, answers as never) } });
  expect(res.statusCode, res.body).toBe(201);
  const started = res.json();
  expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: bearer(started.token) })).statusCode).toBe(200);
  await share(app, started, code, name);
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/embed.js'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-cohort-polish-')), 'e2e.db'),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  const p = await app.staffRepos.programmes.create({ name: 'Demo Incubator 2026', kind: 'cohort', areas: ['ai', 'quantum'], deadline: null, createdBy: null });
  code = p.join_code;
  programmeId = p.id;
  const m = await createUser(app, 'manager@example.org', 'manager');
  await app.staffRepos.programmes.addMember(p.id, m.id);
  for (let i = 0; i < 6; i++) await sharedTeam(`Team met een lange naam nummer ${i}`, i, i === 0);
  allowed = await startDemoHost({ app: base, code, area: 'ai', host: 'localhost' });
  notAllowed = await startDemoHost({ app: base, code, area: 'ai', host: 'localhost' });
  await app.integration.embedOrigins.replace(p.id, [allowed.url]);
  browser = await launchBrowser();
  manager = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await manager.newPage();
  await staffSignIn(page, base, 'manager@example.org', PASSWORD);
  await page.close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => allowed?.server.close(r));
  await new Promise((r) => notAllowed?.server.close(r));
  await app?.close();
});

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function setLanguage(page: Page, lang: 'nl' | 'en') {
  const button = page.getByRole('button', { name: lang === 'en' ? 'English' : 'Nederlands' });
  if (await button.count()) await button.click();
}

describe('cohort and integration pages at 390 px', () => {
  for (const lang of ['nl', 'en'] as const) {
    it(`staff #6: the cohort page has no sideways scroll at 390 px and readable chart labels (${lang})`, { timeout: 60_000 }, async () => {
      const page = await manager.newPage();
      await page.goto(`${base}/staff/programmes/${programmeId}/cohort`);
      await setLanguage(page, lang);
      await page.locator('.cohort-label').first().waitFor();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      // The label as drawn: an SVG scaled down to the phone's width shrinks its text with it.
      const heights = await page.locator('.cohort-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(12);
      // Tables scroll in their own focusable, labelled container.
      for (const wrap of await page.locator('.table-scroll').all()) {
        expect(await wrap.getAttribute('tabindex')).toBe('0');
        expect(await wrap.getAttribute('aria-labelledby') ?? await wrap.getAttribute('aria-label')).toBeTruthy();
      }
      await page.getByRole('button', { name: /Team met een lange naam nummer 1/ }).click();
      await page.locator('#team-heading').waitFor();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await page.close();
    });

    it(`staff #6: the integration page has no sideways scroll at 390 px (${lang})`, { timeout: 60_000 }, async () => {
      const page = await manager.newPage();
      await page.goto(`${base}/staff/programmes/${programmeId}/integration`);
      await setLanguage(page, lang);
      await page.locator('#embed-snippet').waitFor();
      await page.getByLabel(lang === 'en' ? 'Name of the key' : 'Naam van de sleutel').fill('Website');
      await page.getByRole('button', { name: lang === 'en' ? 'Create key' : 'Sleutel maken' }).click();
      await page.locator('#new-api-key').waitFor();
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await page.close();
    });
  }

  it('the delivery log says why a delivery failed in the reader\'s language', { timeout: 60_000 }, async () => {
    const manager1 = (await app.staffRepos.users.findByEmail('manager@example.org'))!;
    const hook = await app.integration.webhooks.create({ programmeId, url: 'https://hooks.example.org/log', events: ['submission.withdrawn'], createdBy: manager1.id });
    const now = new Date().toISOString();
    await app.database.kysely.insertInto('webhook_deliveries').values([
      { id: `log-a-${hook.id}`, webhook_id: hook.id, event: 'submission.shared', payload: '{}', state: 'failed', attempts: 1, next_attempt_at: null, last_error: 'not sent: the submission was withdrawn before it could be delivered', created_at: now, submission_id: null },
      { id: `log-b-${hook.id}`, webhook_id: hook.id, event: 'submission.withdrawn', payload: '{}', state: 'failed', attempts: 8, next_attempt_at: null, last_status: 503, last_error: 'HTTP 503', created_at: now, submission_id: null },
    ]).execute();
    try {
      for (const [lang, words] of [['nl', ['niet verstuurd: de inzending werd eerder teruggetrokken', 'HTTP 503']], ['en', ['not sent: the submission was withdrawn first', 'HTTP 503']]] as const) {
        const page = await manager.newPage();
        await page.goto(`${base}/staff/programmes/${programmeId}/integration`);
        await setLanguage(page, lang);
        const row = page.locator('li', { hasText: 'https://hooks.example.org/log' });
        await row.getByRole('button', { name: lang === 'nl' ? 'Afleveringen' : 'Deliveries' }).click();
        const log = row.locator('table');
        await log.waitFor();
        const text = await log.textContent();
        for (const w of words) expect(text).toContain(w);
        if (lang === 'nl') expect(text).not.toContain('not sent');
        expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
        if (process.env.SCREENSHOT_DIR) {
          await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `delivery-log-${lang}-390.png`), fullPage: true });
          await page.setViewportSize({ width: 1366, height: 900 });
          await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, `delivery-log-${lang}-1366.png`), fullPage: true });
        }
        await page.close();
      }
    } finally {
      await app.integration.webhooks.revoke(programmeId, hook.id);
    }
  });

  it('the embed sites field waits for the saved list, so what a manager types first is not overwritten when it arrives', { timeout: 60_000 }, async () => {
    const page = await manager.newPage();
    // The saved list arrives late, as on a slow line: typing must not race it.
    await answerLate(page, '**/api/programmes/*/embed', 1500, 'GET');
    const loaded = page.waitForResponse((r) => r.request().method() === 'GET' && /\/api\/programmes\/[^/]+\/embed$/.test(r.url()));
    await page.goto(`${base}/staff/programmes/${programmeId}/integration`);
    await setLanguage(page, 'nl');
    await page.getByLabel(/Sites die de toets mogen insluiten/).fill(`${allowed.url}\nhttps://partner.example\n`);
    await loaded;
    await page.getByRole('button', { name: 'Sites opslaan' }).click();
    await page.locator('text=Opgeslagen.').waitFor();
    try {
      expect(await app.integration.embedOrigins.list(programmeId)).toEqual([allowed.url, 'https://partner.example']);
      expect(await page.getByLabel(/Sites die de toets mogen insluiten/).inputValue()).toBe(`${allowed.url}\nhttps://partner.example`);
    } finally {
      await app.integration.embedOrigins.replace(programmeId, [allowed.url]);
      await page.close();
    }
  });

  /** Delays the page's POSTs to `path`, as on a slow line: a second click lands while the first is on its way. */
  const slowPosts = (page: Page, path: string) => answerLate(page, `**/api/programmes/*/${path}`, 800, 'POST');
  const listed = (page: Page, path: string) => page.evaluate(async (url) => (await (await fetch(url)).json()) as Array<{ name?: string; url?: string }>, `/api/programmes/${programmeId}/${path}`);

  it('a double click on "Sleutel maken" makes one API key, not a second live one whose secret was never shown', { timeout: 60_000 }, async () => {
    const page = await manager.newPage();
    await slowPosts(page, 'api-keys');
    await page.goto(`${base}/staff/programmes/${programmeId}/integration`);
    await setLanguage(page, 'nl');
    await page.getByLabel('Naam van de sleutel').fill('Dubbelklik-sleutel');
    await page.getByRole('button', { name: 'Sleutel maken' }).dblclick();
    await page.locator('#new-api-key').waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    try {
      expect((await listed(page, 'api-keys')).filter((k) => k.name === 'Dubbelklik-sleutel').length).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('two clicks in one moment, before the page has drawn the button disabled, make one API key', { timeout: 60_000 }, async () => {
    const page = await manager.newPage();
    await slowPosts(page, 'api-keys');
    await page.goto(`${base}/staff/programmes/${programmeId}/integration`);
    await setLanguage(page, 'nl');
    await page.getByLabel('Naam van de sleutel').fill('Tegelijk-sleutel');
    // Both clicks in one task: no render between them, so a guard kept in rendered state lets both through.
    await page.evaluate(() => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Sleutel maken')!;
      button.click();
      button.click();
    });
    await page.locator('#new-api-key').waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    try {
      expect((await listed(page, 'api-keys')).filter((k) => k.name === 'Tegelijk-sleutel').length).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('a double click on "Webhook toevoegen" registers the address once, so each event is not delivered twice', { timeout: 60_000 }, async () => {
    const page = await manager.newPage();
    await slowPosts(page, 'webhooks');
    await page.goto(`${base}/staff/programmes/${programmeId}/integration`);
    await setLanguage(page, 'nl');
    await page.getByLabel('Adres (https)').fill('https://hooks.example.org/dubbelklik');
    await page.getByRole('button', { name: 'Webhook toevoegen' }).dblclick();
    await page.locator('section[aria-labelledby=hooks-heading] .secret').waitFor();
    await new Promise((r) => setTimeout(r, 2000));
    try {
      expect((await listed(page, 'webhooks')).filter((w) => w.url === 'https://hooks.example.org/dubbelklik').length).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('staff #4 #19 #20: knock-outs in words, Dutch numbers and plurals, a legend, threshold lines, one explanation of the threshold', { timeout: 60_000 }, async () => {
    const page = await manager.newPage();
    await page.goto(`${base}/staff/programmes/${programmeId}/cohort`);
    await setLanguage(page, 'nl');
    await page.locator('.cohort-knockouts li').first().waitFor();
    const knockouts = await page.locator('.cohort-knockouts li').allTextContents();
    for (const k of knockouts) {
      expect(k).not.toMatch(/^[a-z0-9-]+: [a-z0-9-]+ /);
      expect(k).toMatch(/\((1 team|([02-9]|\d\d+) teams)\)$/);
    }
    expect(knockouts.some((k) => k.endsWith('(1 team)'))).toBe(true);
    expect(await page.locator('#cohort-area option').allTextContents()).toEqual(['Alle gebieden', 'AI', 'Quantum']);
    expect(await page.locator('.cohort-legend').first().textContent()).toMatch(/middelste helft.*mediaan/s);
    expect(await page.locator('.cohort-threshold').count()).toBeGreaterThan(0);
    expect(await page.locator('.cohort-anonymity').textContent()).toMatch(/minder dan 5 teams/);
    expect(await page.locator('.cohort-review-statuses').textContent()).toMatch(/ingediend: 6/);
    expect(await page.locator('.cohort-teams').textContent()).toMatch(/1 poging\b/);
    // A quarter step can fall on a half: any decimal is written with a comma.
    expect(await page.locator('.cohort').textContent()).not.toMatch(/\d\.\d/);
    // An area with no teams: one explanation, no rows of "hidden".
    await page.locator('#cohort-area').selectOption('quantum');
    await expect.poll(() => page.locator('.cohort-summary').textContent()).toMatch(/^0 teams/);
    expect(await page.getByText('verborgen (te weinig teams)').count()).toBe(0);
    await page.locator('#cohort-area').selectOption('ai');
    await page.getByRole('button', { name: /Team met een lange naam nummer 2/ }).click();
    await page.locator('#team-heading').waitFor();
    expect(await page.locator('.cohort-team .chart-history svg').count()).toBe(1);
    const link = await page.locator('.cohort-team a.team-submissions').getAttribute('href');
    expect(link).toMatch(new RegExp(`^/staff/programmes/${programmeId}\\?team=[A-Za-z0-9_-]+$`));
    await page.close();
  });

  it('a slow answer for an area no longer chosen does not replace the chosen area\'s figures', { timeout: 60_000 }, async () => {
    const page = await manager.newPage();
    await page.goto(`${base}/staff/programmes/${programmeId}/cohort`);
    await setLanguage(page, 'nl');
    await page.locator('.cohort-summary').waitFor();
    // The AI figures take long; quantum (no teams) is chosen before they come.
    await answerLate(page, '**/cohort?area=ai*', 1500, 'GET');
    await page.locator('#cohort-area').selectOption('ai');
    await page.locator('#cohort-area').selectOption('quantum');
    await expect.poll(() => page.locator('.cohort-summary').textContent()).toMatch(/^0 teams/);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await page.locator('#cohort-area').inputValue()).toBe('quantum');
    expect(await page.locator('.cohort-summary').textContent()).toMatch(/^0 teams/);
    await page.close();
  });
});

async function answerAll(frame: FrameLocator) {
  for (let guard = 0; guard < 15; guard++) {
    await frame.locator('fieldset.question').first().waitFor();
    await answerSection(frame);
    const next = frame.getByRole('button', { name: /^(Volgende|Naar indienen)$/ });
    const last = (await next.textContent()) === 'Naar indienen';
    await next.click();
    if (last) return;
  }
}

describe('the embedded test', () => {
  it('staff #21: the host hears zelftoets:submitted on submit and zelftoets:shared on share; the share step promises no report below', { timeout: 240_000 }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(allowed.url);
    const frame = page.frameLocator('iframe.zelftoets-embed');
    await frame.getByRole('button', { name: 'Start deze toets' }).click();
    await answerAll(frame);
    await expect.poll(() => frame.locator('.save-status').textContent(), { timeout: 10_000 }).toMatch(/^Opgeslagen$/);
    const incomplete = frame.getByLabel(/Ik begrijp/);
    if (await incomplete.count()) await incomplete.check();
    await frame.getByRole('button', { name: /^Indienen/ }).click();
    await frame.getByLabel('Naam waaronder je deelt').waitFor();
    await expect.poll(() => page.locator('#events .event-submitted').count()).toBe(1);
    expect(await page.locator('#events .event-shared').count()).toBe(0);
    expect(await frame.locator('section[aria-labelledby="share-heading"]').textContent()).not.toMatch(/\(hieronder\)/);
    await frame.getByLabel('Naam waaronder je deelt').fill('Embedded BV');
    await frame.getByLabel(/Ik heb bekeken wat ik deel/).check();
    await frame.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await expect.poll(() => page.locator('#events .event-shared').count()).toBe(1);
    expect(await page.locator('#events .event-shared a').getAttribute('href')).toMatch(new RegExp(`^${base}/shared#`));
    await ctx.close();
  });

  it('staff #21: on a site not on the allow-list the script shows a readable hint with a link instead of a broken frame', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(notAllowed.url);
    await page.locator('.zelftoets-embed-hint').waitFor({ timeout: 30_000 });
    expect(await page.locator('iframe.zelftoets-embed').isVisible()).toBe(false);
    expect(await page.locator('.zelftoets-embed-hint').textContent()).toMatch(/toets/);
    expect(await page.locator('.zelftoets-embed-hint a').getAttribute('href')).toBe(`${base}/join/${code}?lang=nl`);
    // The allowed site keeps its frame.
    await page.goto(allowed.url);
    await page.frameLocator('iframe.zelftoets-embed').locator('h1').waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator('.zelftoets-embed-hint').count()).toBe(0);
    await ctx.close();
  });

  it('a frame that answers after the wait (a slow line, a busy server) replaces the hint again', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext();
    // The frame's first answer waits for its programme; held back past the script's twelve seconds.
    await answerLate(ctx, '**/api/embed/*', 14_000);
    const page = await ctx.newPage();
    await page.goto(allowed.url);
    await page.locator('.zelftoets-embed-hint').waitFor({ timeout: 30_000 });
    expect(await page.locator('iframe.zelftoets-embed').isVisible()).toBe(false);
    await page.frameLocator('iframe.zelftoets-embed').locator('h1').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.zelftoets-embed-hint').count()).toBe(0);
    expect(await page.locator('iframe.zelftoets-embed').isVisible()).toBe(true);
    await ctx.close();
  });
});

describe('back to the programme after submitting', () => {
  it('staff #24: a test started from /join/<code> ends on a report naming the programme and linking to /join/<code>; a re-take is listed with attempt and date, the earlier name prefilled', { timeout: 120_000 }, async () => {
    const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(app.catalog.questionnaires.get('ai')!.document) } })).json();
    expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: bearer(started.token) })).statusCode).toBe(200);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/`);
    // What the join page's "start" leaves on the device.
    await page.evaluate(({ id, token, code }) => {
      localStorage.setItem(`zelftoets:response:${id}`, JSON.stringify({ id, token }));
      localStorage.setItem(`zelftoets:join:${id}`, code);
    }, { id: started.id, token: started.token, code });
    await page.goto(`${base}/report/${started.id}`);
    const back = page.locator('.programme-share a');
    await expect.poll(() => back.getAttribute('href'), { timeout: 10_000 }).toBe(`/join/${code}`);
    expect(await page.locator('.programme-share').textContent()).toContain('Demo Incubator 2026');

    await back.click();
    await page.getByRole('button', { name: /Deze toets delen|Delen/ }).first().click();
    await page.getByLabel('Naam waaronder je deelt').fill('Lumen Labs');
    await page.getByLabel(/Ik heb bekeken wat ik deel/).check();
    await page.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await page.locator('#shared-heading').waitFor();

    // A re-take from the report, submitted: listed as attempt 2 with its date, the earlier name prefilled.
    await page.goto(`${base}/report/${started.id}`);
    await page.getByRole('button', { name: /Nieuwe poging/ }).first().click();
    await page.waitForURL(/\/test\//);
    const retakeId = new URL(page.url()).pathname.split('/').pop()!;
    const token = await page.evaluate((id) => JSON.parse(localStorage.getItem(`zelftoets:response:${id}`)!).token, retakeId);
    expect((await app.inject({ method: 'POST', url: `/api/responses/${retakeId}/submit`, headers: bearer(token) })).statusCode).toBe(200);
    await page.goto(`${base}/report/${retakeId}`);
    await expect.poll(() => page.locator('.programme-share a').getAttribute('href'), { timeout: 10_000 }).toBe(`/join/${code}`);
    await page.goto(`${base}/join/${code}`);
    const item = page.locator('section[aria-labelledby="shareable-heading"] li').first();
    await item.waitFor();
    expect(await item.textContent()).toMatch(/poging 2/i);
    expect(await item.textContent()).toMatch(/\d{4}/);
    await item.getByRole('button').click();
    await expect.poll(() => page.getByLabel('Naam waaronder je deelt').inputValue()).toBe('Lumen Labs');
    await ctx.close();
  });
});
