// Issue 13, the report without rough edges: shared links that survive a reload, share panel and
// home page wording, Dutch numbers, focus after submit, charts that neither clip nor shrink text
// below reading size, and chart text that meets AA contrast (checked here, where axe cannot decide).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { answerLate, launchBrowser } from '../helpers/browser.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-polish-')), 'r.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** An AI response with a few answers (or all, middling); submitted or not. */
async function response({ all, submit }: { all: boolean; submit: boolean }) {
  const q = (await (await fetch(`${base}/api/questionnaires/ai`)).json()) as any;
  const answers: Record<string, unknown> = {};
  const shown = new Set<string>();
  for (const question of q.sections.flatMap((s: any) => s.questions)) {
    if (question.visibleIf && !(shown.has(question.visibleIf.question) && [].concat((answers[question.visibleIf.question] as any)?.option ?? (answers[question.visibleIf.question] as any)?.options ?? []).some((o: string) => question.visibleIf.anyOf.includes(o)))) continue;
    shown.add(question.id);
    if (!all && Object.keys(answers).length >= 7) break;
    if (question.type === 'text') answers[question.id] = { text: 'Een assistent' };
    else {
      const plain = question.options.filter((o: any) => !o.knockout && !o.unknownRisk && !o.exclusive);
      const none = question.options.find((o: any) => o.exclusive && !o.unknownRisk);
      answers[question.id] = question.type === 'multi' ? { options: [(plain[0] ?? none).id] } : { option: plain[Math.min(plain.length - 1, 1)].id };
    }
  }
  const started = await (await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ questionnaireId: 'ai', answers }) })).json() as any;
  if (submit) expect((await fetch(`${base}/api/responses/${started.id}/submit`, { method: 'POST', headers: { authorization: `Bearer ${started.token}` } })).status).toBe(200);
  return { id: started.id as string, token: started.token as string };
}

async function withToken(id: string, token: string, viewport = { width: 1366, height: 900 }, extra: Record<string, unknown> = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(({ id, token, extra }) => {
    localStorage.setItem(`zelftoets:response:${id}`, JSON.stringify({ id, token, ...extra }));
    localStorage.setItem('zelftoets:last', id);
  }, { id, token, extra });
  return context;
}

/**
 * Switches to English and straight back while the English answer is held back, so it arrives last;
 * then what `where` shows once it has. The page must still show the language chosen last.
 */
async function switchBackWhileEnglishIsSlow(page: Page, pattern: string, urlPart: string, where: string): Promise<string> {
  await answerLate(page, pattern, 1500);
  const slow = page.waitForResponse((r) => r.url().includes(urlPart));
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await slow;
  await new Promise((r) => setTimeout(r, 500));
  return page.locator(where).innerText();
}

async function openReport(page: Page, id: string, lang = 'nl') {
  await page.goto(`${base}/report/${id}?lang=${lang}`);
  await page.waitForSelector('[data-report-ready]');
}

describe('shared report link (D1)', () => {
  it('survives a reload and a bookmark while active', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const share = await (await fetch(`${base}/api/responses/${id}/shares`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"expiresInDays":7}' })).json() as any;
    const link = `${base}${share.path}`;
    const reader = await browser.newContext();
    const page = await reader.newPage();
    await page.goto(link);
    await page.waitForSelector('[data-report-ready]');
    expect(page.url()).toBe(link);
    await page.reload();
    await page.waitForSelector('[data-report-ready]');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    // A bookmark: the address bar's URL, opened later in a fresh browser.
    const later = await (await browser.newContext()).newPage();
    await later.goto(page.url());
    await later.waitForSelector('[data-report-ready]');
    await reader.close();
    await later.context().close();
  });
});

describe('language switch', () => {
  it('switching to English and straight back shows the report in Dutch, even when the English answer comes last', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const names = async (l: string) => ((await (await fetch(`${base}/api/responses/${id}/report?locale=${l}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).values.map((v: any) => v.name) as string[];
    const [nl, en] = [await names('nl'), await names('en')];
    const englishOnly = en.filter((n, i) => n !== nl[i]);
    expect(englishOnly.length).toBeGreaterThan(0);
    const context = await withToken(id, token);
    const page = await context.newPage();
    await openReport(page, id);
    // The English report is slow to come, as on a busy server: the switch back is answered first.
    const text = await switchBackWhileEnglishIsSlow(page, '**/api/responses/*/report?locale=en', '/report?locale=en', 'main');
    for (const name of englishOnly) expect(text).not.toContain(name);
    expect(text).toContain(nl.find((n, i) => n !== en[i])!);
    await context.close();
  });
});

describe('language switch on the join page', () => {
  it('the share preview switched to English and straight back stays in Dutch, even when the English answer comes last', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const names = async (l: string) => ((await (await fetch(`${base}/api/responses/${id}/report?locale=${l}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).values.map((v: any) => v.name) as string[];
    const [nl, en] = [await names('nl'), await names('en')];
    const englishOnly = en.filter((n, i) => n !== nl[i]);
    const p = await app.staffRepos.programmes.create({ name: 'Taalwissel 2026', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
    const context = await withToken(id, token);
    const page = await context.newPage();
    await page.goto(`${base}/join/${p.join_code}?lang=nl`);
    await page.getByRole('button', { name: 'Deze toets delen' }).click();
    await page.waitForSelector('.share-preview .report');
    const text = await switchBackWhileEnglishIsSlow(page, '**/api/responses/*/report?locale=en', '/report?locale=en', '.share-preview');
    for (const name of englishOnly) expect(text).not.toContain(name);
    await context.close();
  });
});

describe('language switch on a shared report', () => {
  it('a shared report switched to English and straight back stays in Dutch, even when the English answer comes last', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const names = async (l: string) => ((await (await fetch(`${base}/api/responses/${id}/report?locale=${l}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).values.map((v: any) => v.name) as string[];
    const [nl, en] = [await names('nl'), await names('en')];
    const englishOnly = en.filter((n, i) => n !== nl[i]);
    expect(englishOnly.length).toBeGreaterThan(0);
    const link = (await app.inject({ method: 'POST', url: `/api/responses/${id}/shares`, headers: { authorization: `Bearer ${token}` }, payload: { expiresInDays: 7 } })).json() as { path: string };
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('zelftoets:locale', 'nl'));
    const page = await context.newPage();
    await page.goto(`${base}${link.path}`);
    await page.waitForSelector('.report');
    const text = await switchBackWhileEnglishIsSlow(page, '**/api/shared/report?locale=en', '/shared/report?locale=en', 'main');
    for (const name of englishOnly) expect(text).not.toContain(name);
    await context.close();
  });
});

describe('language switch on the quick scan\'s result', () => {
  it('the indicative result switched to English and straight back stays in Dutch, even when the English answer comes last', { timeout: 60_000 }, async () => {
    // "Weet ik niet" on the AI Act check: an unknown risk, whose message the result shows in its language.
    const { id, token } = (await (await fetch(`${base}/api/responses`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ questionnaireId: 'ai', answers: { 'ai-act-prohibited': { options: ['dont-know'] } } }),
    })).json()) as { id: string; token: string };
    const names = async (l: string) => ((await (await fetch(`${base}/api/responses/${id}/report?locale=${l}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).unknownRisks.map((u: any) => u.message) as string[];
    const [nl, en] = [await names('nl'), await names('en')];
    const englishOnly = en.filter((n, i) => n !== nl[i]);
    expect(englishOnly.length).toBeGreaterThan(0);
    const context = await withToken(id, token);
    const page = await context.newPage();
    await page.goto(`${base}/scan/${id}?step=result&lang=nl`);
    await page.waitForSelector('section.quick-scan.indicative', { timeout: 15_000 });
    const text = await switchBackWhileEnglishIsSlow(page, '**/api/responses/*/report?locale=en', '/report?locale=en', 'main');
    for (const name of englishOnly) expect(text).not.toContain(name);
    await context.close();
  });
});

describe('share panel and home page', () => {
  it('a double click on "Link maken" makes one link, not a second one whose address was never shown', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const context = await withToken(id, token);
    const page = await context.newPage();
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/responses/*/shares', 800, 'POST');
    await openReport(page, id);
    await page.getByLabel(/Ik begrijp dat iedereen/).check();
    await page.getByRole('button', { name: 'Link maken' }).dblclick();
    await page.waitForSelector('input.share-link');
    await new Promise((r) => setTimeout(r, 2000));
    const links = await (await fetch(`${base}/api/responses/${id}/shares`, { headers: { authorization: `Bearer ${token}` } })).json() as unknown[];
    expect(links.length).toBe(1);
    await context.close();
  });

  it('revoking the link just made removes the "link is made" box with its dead URL (D6)', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const context = await withToken(id, token);
    const page = await context.newPage();
    await openReport(page, id);
    await page.getByLabel(/Ik begrijp dat iedereen/).check();
    await page.getByRole('button', { name: 'Link maken' }).click();
    await page.waitForSelector('input.share-link');
    await page.getByRole('button', { name: 'Intrekken' }).click();
    await expect.poll(() => page.locator('.share-list li').first().textContent()).toContain('Ingetrokken op');
    expect(await page.locator('input.share-link').count()).toBe(0);
    expect(await page.getByText('Je link is gemaakt').count()).toBe(0);
    await context.close();
  });

  it('home never shows empty brackets when the title is unknown (D7)', { timeout: 30_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const context = await withToken(id, token, undefined, { submitted: true });
    const page = await context.newPage();
    await page.goto(`${base}/?lang=en`);
    const link = page.locator('.notice a').first();
    expect(await link.textContent()).toBe('See your report');
    await context.close();
  });
});

describe('report header, numbers, order and focus', () => {
  it('writes completeness with a decimal comma, names the version humanly, labels the only attempt (D10, C1, C7)', { timeout: 30_000 }, async () => {
    const { id, token } = await response({ all: false, submit: false });
    const context = await withToken(id, token);
    const page = await context.newPage();
    await openReport(page, id);
    const completeness = await page.locator('.profile .meta').last().textContent();
    expect(completeness).toMatch(/^Volledigheid: \d+,\d% van de verplichte vragen beantwoord$/);
    const cover = (await page.locator('header.cover').textContent())!;
    expect(cover).toMatch(/vragenlijst versie \d+\.\d+\.\d+/);
    expect(cover).not.toMatch(/\bai \d+\.\d+\.\d+/);
    expect(await page.locator('.chart-quadrant table tbody th').first().textContent()).toBe('Poging 1 (nu)');
    await context.close();
  });

  it('moves focus to the report heading after submitting (D17)', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: false });
    const context = await withToken(id, token);
    const page = await context.newPage();
    await page.goto(`${base}/test/${id}?section=submit`);
    const confirm = page.getByLabel(/Ik begrijp/);
    await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).waitFor();
    if (await confirm.count()) await confirm.check();
    await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    await page.waitForSelector('[data-report-ready]');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName + ' ' + document.activeElement?.textContent)).toBe('H1 Rapport publieke waarden');
    await context.close();
  });
});

describe('charts', () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
    it(`at ${viewport.width} px: bar names and statuses whole, chart text at least 11 px, dots inside the quadrant (D5, D18, D19)`, { timeout: 60_000 }, async () => {
      for (const all of [true, false]) {
        const { id, token } = await response({ all, submit: all });
        const context = await withToken(id, token, viewport);
        const page = await context.newPage();
        for (const lang of ['nl', 'en']) {
          await openReport(page, id, lang);
          const clipped = await page.locator('.chart-bars .bar-name, .chart-bars .bar-status').evaluateAll((els) => els
            .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .map((e) => e.textContent));
          expect(clipped, `${lang} ${viewport.width}`).toEqual([]);
          const statuses = await page.locator('.chart-bars .bar-status:not(:empty)').allTextContents();
          expect(statuses.length).toBe(13);
          for (const s of statuses) expect(s).not.toMatch(/niet beoordeeld · |not scored · /i);
          // Rendered size of every visible chart word: font size times the SVG's scale on screen.
          const small = await page.evaluate(() => [...document.querySelectorAll('figure.chart text, figure.chart .bar-list span, figure.chart .radar-key li')]
            .filter((e) => (e as HTMLElement).getClientRects().length > 0 && e.textContent!.trim() && getComputedStyle(e).display !== 'none')
            .map((e) => {
              const svg = e.closest('svg');
              const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
              return { text: e.textContent!.trim(), px: Math.round(parseFloat(getComputedStyle(e).fontSize) * scale * 10) / 10 };
            })
            .filter((x) => x.px < 11));
          expect(small, `${lang} ${viewport.width}`).toEqual([]);
        }
        await context.close();
      }
    });
  }

  it('puts dots at 0/0 and 100/100 wholly inside the frame, clear of tick labels and quadrant names (D18)', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const context = await withToken(id, token);
    const page = await context.newPage();
    for (const [goal, precondition] of [[0, 0], [100, 100]]) {
      await page.route('**/api/responses/*/report*', async (route) => {
        const res = await route.fetch();
        const report = await res.json();
        Object.assign(report.dimensions.goal, { score: goal }); Object.assign(report.dimensions.precondition, { score: precondition });
        report.profileCapped = false;
        report.history = [{ goal: 50, precondition: 30, profile: 'starting' }];
        await route.fulfill({ response: res, json: report });
      });
      await openReport(page, id);
      const problems = await page.evaluate(() => {
        const svg = document.querySelector('.chart-quadrant svg')!;
        const frame = svg.querySelector('.quadrant-frame')!.getBoundingClientRect();
        const dot = svg.querySelector('.quadrant-current')!.getBoundingClientRect();
        const out: string[] = [];
        if (dot.left < frame.left || dot.right > frame.right || dot.top < frame.top || dot.bottom > frame.bottom) out.push('dot outside frame');
        for (const t of svg.querySelectorAll('.tick, .quadrant-label')) {
          const r = t.getBoundingClientRect();
          if (r.left < dot.right && r.right > dot.left && r.top < dot.bottom && r.bottom > dot.top) out.push(`dot covers "${t.textContent}"`);
        }
        // Quadrant names stay clear of the dashed dividers.
        for (const line of svg.querySelectorAll('line.threshold-profile')) {
          const l = line.getBoundingClientRect();
          for (const t of svg.querySelectorAll('.quadrant-label')) {
            const r = t.getBoundingClientRect();
            if (r.left < l.right + 2 && r.right > l.left - 2 && r.top < l.bottom + 2 && r.bottom > l.top - 2) out.push(`"${t.textContent}" touches a divider`);
          }
        }
        // The trail says which dot is which attempt.
        if ([...svg.querySelectorAll('.quadrant-number')].map((n) => n.textContent).join(',') !== '1,2') out.push('trail not numbered');
        return out;
      });
      expect(problems, `${goal}/${precondition}`).toEqual([]);
      await page.unroute('**/api/responses/*/report*');
    }
    await context.close();
  });

  it('chart words and status glyphs meet AA contrast on a plain ground, never over a pattern', { timeout: 60_000 }, async () => {
    const { id, token } = await response({ all: true, submit: true });
    const context = await withToken(id, token);
    const page = await context.newPage();
    await openReport(page, id);
    const failures = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (x: number) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const ratio = (a: number[], b: number[]) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const ground = (e: Element): number[] | string => {
        for (let n: Element | null = e; n; n = n.parentElement) {
          const s = getComputedStyle(n);
          if (s.backgroundImage !== 'none') return 'over a background image or pattern';
          const c = rgb(s.backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: string[] = [];
      // HTML words: status badges with their glyphs, bar names and statuses, legends.
      for (const e of document.querySelectorAll('.status, .status > span, .bar-list span, .radar-key li, .kind')) {
        if (!(e as HTMLElement).getClientRects().length || !e.textContent!.trim()) continue;
        const g = ground(e);
        if (typeof g === 'string') { out.push(`${e.textContent}: ${g}`); continue; }
        const r = ratio(rgb(getComputedStyle(e).color), g);
        if (r < 4.5) out.push(`${e.textContent}: ${r.toFixed(2)}`);
      }
      // SVG words: fill against white (the charts' ground), and nothing filled with a pattern beneath them.
      for (const e of document.querySelectorAll('figure.chart svg text')) {
        if (!(e as SVGElement).getClientRects().length) continue;
        const r = ratio(rgb(getComputedStyle(e).fill), [255, 255, 255]);
        if (r < 4.5) out.push(`${e.textContent}: ${r.toFixed(2)}`);
        const box = e.getBoundingClientRect();
        const under = document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (under.some((u) => /url\(/.test(getComputedStyle(u).fill))) out.push(`${e.textContent}: over a pattern`);
      }
      // Status glyphs are text: the symbol alone must also reach 4.5:1.
      return out;
    });
    expect(failures).toEqual([]);
    await context.close();
  });
});
