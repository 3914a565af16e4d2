// Embedding across origins in a real browser: the demo host page (on localhost, another origin than
// the app on 127.0.0.1) embeds the test with one script tag; a startup completes and shares it inside
// the frame; the host receives the events; the manager's cohort overview passes the anonymity threshold.
import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoHost } from '../../demo/host-server.js';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { ROOT } from '../helpers/app.js';
import { answerSection, expectNoSeriousA11yViolations, launchBrowser, staffSignIn } from '../helpers/browser.js';
import { bearer, createUser, PASSWORD, share, TEST_HASH_COST } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let host: { url: string; server: Server };
let code: string;
let programmeId: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/embed.js'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({
    databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-embed-')), 'e2e.db'),
    rateLimitPerMinute: 0,
    passwordHashCost: TEST_HASH_COST,
  }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  const p = await app.staffRepos.programmes.create({ name: 'Demo Incubator 2026', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
  code = p.join_code;
  programmeId = p.id;
  const manager = await createUser(app, 'manager@example.org', 'manager');
  await app.staffRepos.programmes.addMember(p.id, manager.id);
  host = await startDemoHost({ app: base, code, area: 'ai', host: 'localhost' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.server.close(r));
  await app?.close();
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

const signIn = (page: Page) => staffSignIn(page, base, 'manager@example.org', PASSWORD);

describe('embedding the test in an incubator\'s site', () => {
  it('a host on another origin embeds the test, a startup completes it, the host hears of it, the manager sees the cohort grow', { timeout: 240_000 }, async () => {
    const pageErrors: string[] = [];
    // Four teams shared already: below the anonymity threshold of five.
    for (let i = 0; i < 4; i++) {
      // Every always-shown choice question answered with its last-but-one option: scores for every value.
      const answers: Record<string, unknown> = {};
      for (const section of app.catalog.questionnaires.get('ai')!.document.sections) {
        for (const q of section.questions) {
          if (q.visibleIf || !q.options?.length) continue;
          const option = q.options[Math.max(0, q.options.length - 2 - (i % 2))].id;
          answers[q.id] = q.type === 'multi' ? { options: [option] } : { option };
        }
      }
      const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: withChecksAnswered(app.catalog.questionnaires.get('ai')!.document, answers as never) } });
      expect(res.statusCode, res.body).toBe(201);
      const started = res.json();
      expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: bearer(started.token) })).statusCode).toBe(200);
      await share(app, started, code, `Team ${i}`);
    }

    // 1. The manager lists the host's site, takes the snippet, and sees a cohort too small to show.
    const managerCtx = await browser.newContext();
    const manager = await managerCtx.newPage();
    manager.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(manager);
    await manager.goto(`${base}/staff/programmes/${programmeId}`);
    await manager.getByRole('link', { name: 'Insluiten en koppelingen' }).click();
    await manager.getByLabel(/Sites die de toets mogen insluiten/).fill(`${host.url}\n`);
    await manager.getByRole('button', { name: 'Sites opslaan' }).click();
    await manager.waitForSelector('text=Opgeslagen.');
    // What was saved comes back into the field: the host's site, not an empty list.
    expect(await manager.getByLabel(/Sites die de toets mogen insluiten/).inputValue()).toBe(host.url);
    expect(await manager.locator('#embed-snippet').inputValue()).toContain(`data-programme="${code}"`);
    await expectNoSeriousA11yViolations(manager, 'integration settings');
    await manager.goto(`${base}/staff/programmes/${programmeId}/cohort`);
    await expect.poll(() => manager.locator('.cohort-summary').textContent()).toMatch(/^4 teams, 4 inzendingen/);
    expect(await manager.locator('.notice').textContent()).toContain('minstens 5 teams uit één gebied');

    // 2. The host page cannot frame the app itself, only /embed/<code>.
    const startupCtx = await browser.newContext();
    const startup = await startupCtx.newPage();
    startup.on('pageerror', (e) => pageErrors.push(String(e)));
    const consoleLines: string[] = [];
    startup.on('console', (m) => consoleLines.push(m.text()));
    await startup.goto(host.url);
    expect(new URL(host.url).origin).not.toBe(new URL(base).origin);
    const frame = startup.frameLocator('iframe.zelftoets-embed');
    await frame.locator('h1:text("Demo Incubator 2026")').waitFor();
    await startup.evaluate((src) => {
      const f = document.createElement('iframe');
      f.id = 'not-allowed';
      f.title = 'probe';
      f.src = src;
      document.body.append(f);
    }, `${base}/`);
    await expect.poll(() => consoleLines.some((l) => /frame-ancestors 'none'/.test(l)), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => startup.frames().find((f) => f.name() === '' && f.url().startsWith(`${base}/`) && !f.url().includes('/embed/'))?.locator('h1').count() ?? 0).toBe(0);
    await startup.evaluate(() => document.getElementById('not-allowed')?.remove());

    // 3. The startup takes the test inside the frame, submits and shares it; the host hears both events.
    await expect.poll(() => startup.locator('iframe.zelftoets-embed').evaluate((f) => f.getBoundingClientRect().height)).not.toBe(640);
    await frame.getByRole('button', { name: 'Start deze toets' }).click();
    await expect.poll(() => startup.locator('#events .event-started').count()).toBe(1);
    await answerAll(frame);
    await expect.poll(() => frame.locator('.save-status').textContent(), { timeout: 10_000 }).toMatch(/^Opgeslagen$/);
    const incomplete = frame.getByLabel(/Ik begrijp/);
    if (await incomplete.count()) await incomplete.check();
    await frame.getByRole('button', { name: 'Indienen' }).click();
    await frame.getByLabel('Naam waaronder je deelt').fill('Embedded BV');
    await frame.getByLabel(/Ik heb bekeken wat ik deel/).check();
    await frame.getByRole('button', { name: 'Bevestigen en delen' }).click();
    await frame.locator('text=Je toets is gedeeld met Demo Incubator 2026.').waitFor();
    await expect.poll(() => startup.locator('#events .event-submitted').count()).toBe(1);
    await expect.poll(() => startup.locator('#events .event-shared').count()).toBe(1);
    const reportUrl = await startup.locator('#events .event-shared a').getAttribute('href');
    // Issue 16: adopting an action into the plan inside the frame tells the host, with counts only.
    await frame.locator('.plan-adopt button').first().click();
    await expect.poll(() => startup.locator('#events .event-plan-updated').count()).toBe(1);
    expect(await startup.locator('#events .event-plan-updated').textContent()).toBe('plan-updated (ai): 1 / 0 / 0');
    expect(reportUrl).toMatch(new RegExp(`^${base}/shared#[A-Za-z0-9_-]{43}$`));
    // Nothing of the flow needed a cookie, and no resume token reached the host page.
    expect((await startupCtx.cookies()).filter((c) => c.domain === '127.0.0.1')).toEqual([]);
    expect(await startup.locator('#events').textContent()).not.toMatch(/resume/);
    await expectNoSeriousA11yViolations(startup, 'host page with embedded test');

    // 4. The manager's cohort now has five teams: the figures appear.
    await manager.reload();
    await expect.poll(() => manager.locator('.cohort-summary').textContent()).toMatch(/^5 teams, 5 inzendingen/);
    expect(await manager.locator('.notice').count()).toBe(0);
    expect(await manager.locator('.cohort-box').count()).toBeGreaterThan(0);
    await manager.getByRole('button', { name: 'Embedded BV' }).click();
    await manager.waitForSelector('#team-heading:text("Team Embedded BV")');
    await expectNoSeriousA11yViolations(manager, 'cohort overview');
    await manager.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => manager.locator('h1').textContent()).toBe('Cohort overview');
    expect(pageErrors).toEqual([]);
  });
});
