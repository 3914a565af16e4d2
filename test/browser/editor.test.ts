// The questionnaire editor in a real browser (issue 17, editor screens): an editor creates a draft for a
// new area, builds a section and a question with two options, sees a validation fault at its field and
// fixes it, previews in both languages and answers in the scoring sandbox, and submits; approving
// one's own draft is refused; a second editor approves and publishes. A conflicting save stops the
// autosave with a reload offer. Axe on every editor page; reflow at 390 px; screenshots nl/en.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/config.js';
import { ROOT, testApp } from '../helpers/app.js';
import { answerLate, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';
import { createUser, login, TEST_HASH_COST, type Session } from '../helpers/staff.js';

const SHOTS = '/work/shots/editor-ui';
let app: FastifyInstance;
let browser: Browser;
let base: string;
let author: Session;
let reviewer: Session;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  // testApp: SQLite, or with TEST_ENGINE=postgres a schema of its own, so the editor's flow runs on both engines.
  app = await testApp({ clientDir: defaultConfig({}).clientDir, passwordHashCost: TEST_HASH_COST });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  await createUser(app, 'auteur@example.org', 'editor');
  await createUser(app, 'tweede@example.org', 'editor');
  author = await login(app, 'auteur@example.org');
  reviewer = await login(app, 'tweede@example.org');
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function pageAs(session: Session, width: number, locale: 'nl' | 'en' = 'nl'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return await ctx.newPage();
}

const BACK = 'Alle versies';
const node = (page: Page, pointer: string) => page.locator(`[data-node="${pointer}"] > .tree-row`);
const saved = (page: Page) => expect.poll(() => page.locator('.save-status').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');

let draftId = '';
let openDraftId = '';

describe('the questionnaire editor', () => {
  it('builds a draft for a new area with faults shown at their fields, previews it in both languages and submits it', async () => {
    const page = await pageAs(author, 1366);
    await page.goto(`${base}/staff`);
    await page.getByRole('link', { name: 'Vragenlijsten bewerken' }).click();
    await page.waitForURL('**/staff/content');
    await expect.poll(() => page.locator('table.data-table tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(page, 'versions list');

    await page.locator('#new-q-id').fill('biotech');
    await page.locator('#new-q-area').fill('biotech');
    await page.getByRole('button', { name: 'Concept maken' }).click();
    await page.waitForURL(/\/staff\/content\/[^/]+$/);
    draftId = page.url().split('/').at(-1)!;
    await expect.poll(() => page.getByTestId('fault-total').innerText(), { timeout: 15_000 }).toBe('0 fout(en) in het concept');

    // A section: its title is still empty, and it has no question yet.
    await node(page, '').getByRole('button', { name: '+ onderdeel' }).click();
    await saved(page);
    await expect.poll(() => page.getByTestId('fault-total').innerText()).not.toBe('0 fout(en) in het concept');
    expect(await node(page, '/sections/1').innerText()).toMatch(/fout/);
    await page.locator('#ed-title-nl').fill('Laboratorium');
    await page.locator('#ed-title-en').fill('Laboratory');

    // A question: the fault on its empty prompt appears at the prompt's field, and goes once it is written.
    await node(page, '/sections/1').getByRole('button', { name: '+ vraag' }).click();
    await saved(page);
    const promptFault = page.locator('#ed-prompt-nl-faults');
    await expect.poll(() => promptFault.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('#ed-prompt-nl').getAttribute('aria-describedby')).toBe('ed-prompt-nl-faults');
    await page.locator('#ed-prompt-nl').fill('Werkt u met genetisch materiaal van mensen?');
    await page.locator('#ed-prompt-en').fill('Do you work with human genetic material?');
    await page.getByRole('button', { name: 'Waarde toevoegen' }).click();
    await saved(page);
    await expect.poll(() => promptFault.count(), { timeout: 15_000 }).toBe(0);

    for (const [nl, en, score] of [['Ja, met toestemming', 'Yes, with consent', '1'], ['Nee, nog niet geregeld', 'No, not arranged yet', '0']]) {
      await node(page, '/sections/1/questions/0').getByRole('button', { name: '+ antwoordoptie' }).click();
      await page.locator('#ed-label-nl').fill(nl);
      await page.locator('#ed-label-en').fill(en);
      await page.locator('#ed-score').fill(score);
    }
    // Moving keeps focus on the moved item's button.
    await node(page, '/sections/1/questions/0/options/1').getByRole('button', { name: /omhoog$/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-node]')?.getAttribute('data-node'))).toBe('/sections/1/questions/0/options/0');
    await node(page, '/sections/1/questions/0/options/0').getByRole('button', { name: /omlaag$/ }).click();
    await saved(page);
    await expect.poll(() => page.getByTestId('fault-total').innerText(), { timeout: 15_000 }).toBe('0 fout(en) in het concept');
    await expectNoSeriousA11yViolations(page, 'draft editor');

    // Preview and sandbox: answering scores in the browser; English shows the English texts.
    const preview = page.locator('.editor-preview');
    await preview.getByLabel('Nee, nog niet geregeld').check();
    await expect.poll(() => page.getByTestId('sandbox-profile').innerText()).not.toBe('');
    expect(await page.locator('.sandbox').innerText()).toMatch(/Actielijst/);
    await preview.getByLabel('Engels').check();
    await expect.poll(() => preview.innerText()).toContain('Do you work with human genetic material?');
    await preview.getByLabel('Yes, with consent').check();
    expect(await page.locator('.sandbox .data-table').innerText()).toMatch(/100/);
    await page.screenshot({ path: `${SHOTS}/draft-building-nl-1366.png`, fullPage: true });

    await page.getByRole('link', { name: 'Verschillen en beoordeling' }).click();
    await page.waitForURL('**/review');
    await page.getByRole('button', { name: 'Ter beoordeling indienen' }).click();
    await expect.poll(() => page.getByTestId('version-status').innerText(), { timeout: 15_000 }).toBe('in beoordeling');
    // Four eyes: the author cannot approve.
    await page.getByRole('button', { name: 'Goedkeuren' }).click();
    await expect.poll(() => page.locator('.status-actions [role=alert]').innerText(), { timeout: 15_000 }).toContain('vraag een collega');
    await page.context().close();
  }, 120_000);

  it('a second editor reads the diff, approves and publishes', async () => {
    const page = await pageAs(reviewer, 1366, 'en');
    await page.goto(`${base}/staff/content/${draftId}/review`);
    await page.getByLabel('Compare with').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('diff').innerText(), { timeout: 15_000 }).toContain('New version number');
    expect(await page.getByTestId('diff').innerText()).toContain('Do you work with human genetic material?');
    expect(await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href')).toBe(`/api/editor/versions/${draftId}/export`);
    expect(await page.getByRole('link', { name: 'Open Markdown' }).getAttribute('href')).toBe(`/api/editor/versions/${draftId}/markdown`);
    await expectNoSeriousA11yViolations(page, 'review');
    await page.screenshot({ path: `${SHOTS}/review-en-1366.png`, fullPage: true });
    // A status region is read out when it fills, not when it arrives already full.
    const status = page.locator('.status-actions [role=status]');
    expect(await status.count()).toBe(1);
    const region = await status.elementHandle();
    await page.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('version-status').innerText(), { timeout: 15_000 }).toBe('in review · approved');
    await expect.poll(() => region!.textContent()).toBe('Approved.');
    // 'Approve' is gone now: focus must not fall back to the top of the page.
    expect(await page.evaluate(() => document.activeElement !== document.body && !!document.activeElement?.closest('main'))).toBe(true);
    // Publishing is asked for once more: it reaches every new test and cannot be undone.
    await page.getByRole('button', { name: 'Publish' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('New tests get this version at once.');
    await expectNoSeriousA11yViolations(page, 'publish confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await app.inject({ method: 'GET', url: `/api/editor/versions/${draftId}`, headers: reviewer.read })).json().version.status).toBe('in_review');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, continue' }).click();
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toBe('Published as version 1.0.0.');
    const row = await app.inject({ method: 'GET', url: `/api/editor/versions/${draftId}`, headers: reviewer.read });
    expect(row.json().version).toMatchObject({ status: 'published', version: '1.0.0' });
    await page.context().close();
  }, 60_000);

  it('stops autosaving on a conflicting save and offers the latest version; never overwrites', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/editor/drafts', headers: author.write, payload: { from: draftId } });
    const { version, document } = created.json();
    openDraftId = version.id;
    const page = await pageAs(author, 1366);
    await page.goto(`${base}/staff/content/${version.id}`);
    await page.locator('#ed-title-nl').waitFor();
    const theirs = await app.inject({ method: 'PUT', url: `/api/editor/drafts/${version.id}`, headers: reviewer.write, payload: { document: { ...document, title: { nl: 'Van de ander', en: 'By the other' } }, revision: version.revision } });
    expect(theirs.statusCode, theirs.body).toBe(200);
    await page.locator('#ed-title-nl').fill('Van mij');
    await expect.poll(() => page.locator('.conflict').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.conflict').innerText()).toContain('niets overschreven');
    const after = await app.inject({ method: 'GET', url: `/api/editor/versions/${version.id}`, headers: author.read });
    expect(after.json().document.title.nl).toBe('Van de ander');
    // The change that could not be saved is lost by leaving: the link asks first, and "cancel" stays.
    const questions: string[] = [];
    page.on('dialog', (d) => { questions.push(d.message()); void d.dismiss(); });
    await page.getByRole('link', { name: BACK }).click();
    await expect.poll(() => questions).toEqual(['Dit concept heeft wijzigingen die nog niet zijn opgeslagen. Toch deze pagina verlaten?']);
    expect(new URL(page.url()).pathname).toBe(`/staff/content/${version.id}`);
    expect(await page.locator('#ed-title-nl').inputValue()).toBe('Van mij');
    await page.getByRole('button', { name: 'Nieuwste versie laden' }).click();
    await expect.poll(() => page.locator('#ed-title-nl').inputValue(), { timeout: 15_000 }).toBe('Van de ander');
    expect(await page.locator('.conflict').count()).toBe(0);
    // Nothing unsaved after the reload: the link leaves without asking.
    await page.getByRole('link', { name: BACK }).click();
    await page.waitForURL(`${base}/staff/content`);
    expect(questions).toHaveLength(1);
    await page.context().close();
  }, 60_000);

  it('reflows at 390 px and shows both languages (screenshots)', async () => {
    for (const locale of ['nl', 'en'] as const) {
      for (const width of [390, 1366]) {
        const page = await pageAs(author, width, locale);
        for (const [name, path] of [['list', '/staff/content'], ['draft', `/staff/content/${openDraftId}`], ['review', `/staff/content/${openDraftId}/review`]]) {
          await page.goto(`${base}${path}`);
          await page.locator('.editor-page h1').waitFor();
          await page.waitForLoadState('networkidle');
          if (width === 390) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${locale}`).toBeLessThanOrEqual(390);
          await page.screenshot({ path: `${SHOTS}/${name}-${locale}-${width}.png`, fullPage: true });
        }
        await page.context().close();
      }
    }
  }, 120_000);
});

describe('starting a draft', () => {
  it('a double click on "Concept maken" makes one draft, not a second one left behind in the list', { timeout: 60_000 }, async () => {
    const page = await pageAs(author, 1366);
    // The answer takes a moment, as on a slow line: the second click lands while the first is on its way.
    await answerLate(page, '**/api/editor/drafts', 800, 'POST');
    await page.goto(`${base}/staff/content`);
    await page.getByLabel('Id', { exact: true }).fill('dubbelklik');
    await page.getByLabel('Gebied', { exact: true }).fill('dubbelklik');
    await page.getByRole('button', { name: 'Concept maken' }).dblclick();
    await page.waitForURL(/\/staff\/content\/[^/]+$/);
    await new Promise((r) => setTimeout(r, 2000));
    const res = await app.inject({ method: 'GET', url: '/api/editor/versions', headers: author.read });
    expect((res.json().versions as Array<{ questionnaireId: string }>).filter((v) => v.questionnaireId === 'dubbelklik').length).toBe(1);
    await page.context().close();
  });
});
