// Reminders part (issue 14, item 6) in the browser: a startup leaves an address on its report page
// only after ticking the consent, withdraws it there, and withdraws it with a mail's unsubscribe
// link; in Dutch at 390 px (no sideways scroll) and in English at 1366 px.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { launchBrowser } from '../helpers/browser.js';
import { ROOT } from '../helpers/app.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await buildApp(defaultConfig({ databasePath: join(mkdtempSync(join(tmpdir(), 'zelftoets-contact-')), 'c.db'), rateLimitPerMinute: 0 }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function pageFor(width: number, lang: 'nl' | 'en', response?: { id: string; token: string }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.addInitScript(([l, r]) => {
    localStorage.setItem('zelftoets:locale', l as string);
    if (r) localStorage.setItem(`zelftoets:response:${(r as { id: string }).id}`, JSON.stringify(r));
  }, [lang, response ?? null] as const);
  return page;
}
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the startup\'s contact address in the browser', () => {
  for (const [width, lang] of [[390, 'nl'], [1366, 'en']] as const) {
    it(`is left with consent, withdrawn on the report and by the unsubscribe link (${width} px, ${lang})`, { timeout: 180_000 }, async () => {
      const res = await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ questionnaireId: 'ai', locale: lang }) });
      const started = await res.json() as { id: string; token: string };
      const page = await pageFor(width, lang, started);
      await page.goto(`${base}/report/${started.id}`);
      const form = page.locator('section.contact-form');
      await form.waitFor({ timeout: 60_000 });
      await form.locator('input[type=email]').fill('founder@example.org');
      await form.locator('button[type=submit]').click();
      await expect.poll(() => form.locator('[role=alert]').textContent(), { timeout: 10_000 }).toMatch(lang === 'nl' ? /Vink de toestemming aan/ : /Tick the consent/);
      expect(await app.startupContacts.repo.find(started.id)).toBeUndefined();
      // A status region is read out when it fills, not when it arrives already full.
      expect(await form.locator('[role=status]').count()).toBe(1);
      const saved = await form.locator('[role=status]').elementHandle();
      await form.locator('input[name=consent]').check();
      await form.locator('button[type=submit]').click();
      await expect.poll(() => saved!.textContent(), { timeout: 10_000 }).toContain('founder@example.org');
      expect((await app.startupContacts.repo.find(started.id))?.show_consent_at).toBeNull();
      expect(await pageWidth(page)).toBeLessThanOrEqual(width);

      await form.locator('button.secondary').click();
      await expect.poll(() => form.locator('[role=status]').textContent(), { timeout: 10_000 }).toMatch(lang === 'nl' ? /verwijderd/ : /removed/);
      expect(await app.startupContacts.repo.find(started.id)).toBeUndefined();

      // Again, then out by a mail's link.
      await form.locator('input[type=email]').fill('founder@example.org');
      await form.locator('input[name=consent]').check();
      await form.locator('button[type=submit]').click();
      await expect.poll(async () => !!(await app.startupContacts.repo.find(started.id)), { timeout: 10_000 }).toBe(true);
      const contact = (await app.startupContacts.startupContact(started.id))!;
      const out = await pageFor(width, lang);
      await out.goto(`${base}${contact.unsubscribePath}`);
      await out.getByRole('button', { name: lang === 'nl' ? 'Toestemming intrekken' : 'Withdraw consent' }).click();
      await expect.poll(() => out.locator('[role=status]').textContent(), { timeout: 10_000 }).toMatch(lang === 'nl' ? /verwijderd/ : /removed/);
      expect(await app.startupContacts.repo.find(started.id)).toBeUndefined();
      expect(await pageWidth(out)).toBeLessThanOrEqual(width);
      await page.close();
      await out.close();
    });
  }

  it('withdrawing by the unsubscribe link says so in a status region that was there, and keeps the keyboard\'s place', { timeout: 60_000 }, async () => {
    const res = await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ questionnaireId: 'ai', locale: 'nl' }) });
    const started = await res.json() as { id: string; token: string };
    await app.startupContacts.repo.set(started.id, { email: 'weg@example.org', locale: 'nl', programmeId: null, showToProgramme: false });
    const contact = (await app.startupContacts.startupContact(started.id))!;
    const out = await pageFor(1366, 'nl');
    await out.goto(`${base}${contact.unsubscribePath}`);
    const button = out.getByRole('button', { name: 'Toestemming intrekken' });
    await button.waitFor();
    // A status region is read out when it fills, not when it arrives already full.
    expect(await out.locator('main [role=status]').count()).toBe(1);
    const region = await out.locator('main [role=status]').elementHandle();
    await button.focus();
    await out.keyboard.press('Enter');
    await expect.poll(() => region!.textContent(), { timeout: 10_000 }).toMatch(/verwijderd/);
    expect(await app.startupContacts.repo.find(started.id)).toBeUndefined();
    // The button is gone: focus must not fall back to the top of the page.
    await expect.poll(() => out.evaluate(() => document.activeElement !== document.body && !!document.activeElement?.closest('main'))).toBe(true);
    await out.close();
  });
});
