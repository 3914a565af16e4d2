// Issue 17's "Done means", end to end in a real browser and only through the UI: an editor builds a
// questionnaire for a fourth area (biotech: two sections, a knock-out, an unknown risk, a conditional
// question set with the picker, advice), sees a fault at its field and fixes it, previews it in both
// languages and submits; a second editor approves the diff and publishes. A respondent finds it on the
// home page, takes it and gets a report with the unknown risk; a second respondent leaves a response
// open. The editor rewords a question into a new draft, the other approves, it is published as 1.0.1,
// and the open response's test page offers the newer version and moves to it. Axe on the editor pages.
// Runs on the suite's engine (testApp: SQLite, or PostgreSQL with TEST_ENGINE=postgres).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../server/config.js';
import { ROOT, testApp } from '../helpers/app.js';
import { expectNoSeriousA11yViolations, launchBrowser, waitSaved } from '../helpers/browser.js';
import { createUser, login, TEST_HASH_COST, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let browser: Browser;
let base: string;
let author: Session;
let reviewer: Session;

const STEP = 180_000;
const WAIT = { timeout: 30_000 };

const TEXT = {
  title: { nl: 'Biotechnologie in de zorg', en: 'Biotechnology in care' },
  lab: { nl: 'Laboratorium', en: 'Laboratory' },
  data: { nl: 'Gegevens', en: 'Data' },
  consent: { nl: 'Werkt u met menselijk lichaamsmateriaal?', en: 'Do you work with human tissue?' },
  consentReworded: { nl: 'Gebruikt u menselijk lichaamsmateriaal van donoren?', en: 'Do you use human tissue from donors?' },
  yes: { nl: 'Ja, met toestemming van de donor', en: 'Yes, with the donor\'s consent' },
  no: { nl: 'Ja, zonder toestemming', en: 'Yes, without consent' },
  knockout: { nl: 'Lichaamsmateriaal zonder toestemming schendt de autonomie van de donor.', en: 'Tissue without consent violates the donor\'s autonomy.' },
  sharing: { nl: 'Deelt u gegevens van donoren met derden?', en: 'Do you share donor data with third parties?' },
  agreement: { nl: 'Ja, met een verwerkersovereenkomst', en: 'Yes, under a processing agreement' },
  dunno: { nl: 'Weet ik niet', en: 'I do not know' },
  unknownRisk: { nl: 'Onbekend is of donorgegevens buiten de organisatie terechtkomen.', en: 'It is unknown whether donor data leave the organisation.' },
  adviceQ: { nl: 'Leg vast met wie u donorgegevens deelt.', en: 'Record with whom you share donor data.' },
  adviceO: { nl: 'Controleer de overeenkomst jaarlijks.', en: 'Review the agreement every year.' },
};

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build the client first: npm run build');
  app = await testApp({ clientDir: defaultConfig({}).clientDir, passwordHashCost: TEST_HASH_COST });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
  await createUser(app, 'auteur@example.org', 'editor');
  await createUser(app, 'tweede@example.org', 'editor');
  author = await login(app, 'auteur@example.org');
  reviewer = await login(app, 'tweede@example.org');
}, STEP);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function pageAs(session: Session | null, locale: 'nl' | 'en' = 'nl'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  if (session) await ctx.addCookies([{ name: 'zt_session', value: session.cookie.split('=')[1], url: base }]);
  await ctx.addInitScript((l) => localStorage.setItem('zelftoets:locale', l), locale);
  return await ctx.newPage();
}

const node = (page: Page, pointer: string) => page.locator(`[data-node="${pointer}"] > .tree-row`);
const select = (page: Page, pointer: string) => node(page, pointer).locator('[data-act="select"]').click();
const saved = (page: Page) => expect.poll(() => page.locator('.save-status').getAttribute('data-state'), WAIT).toBe('saved');
const noFaults = (page: Page) => expect.poll(() => page.getByTestId('fault-total').innerText(), WAIT).toBe('0 fout(en) in het concept');

async function pair(page: Page, name: string, text: { nl: string; en: string }) {
  await page.locator(`#ed-${name}-nl`).fill(text.nl);
  await page.locator(`#ed-${name}-en`).fill(text.en);
}

/** Adds an option under a question and fills it; the new option is selected. */
async function addOption(page: Page, question: string, label: { nl: string; en: string }, score: string, extra: Record<string, { nl: string; en: string }> = {}) {
  await node(page, question).getByRole('button', { name: '+ antwoordoptie' }).click();
  await pair(page, 'label', label);
  await page.locator('#ed-score').fill(score);
  for (const [field, text] of Object.entries(extra)) await pair(page, field, text);
}

/** From the review page: submit (author), then approve and publish (the other editor). */
async function submitApprovePublish(page: Page, version: string) {
  await page.getByRole('link', { name: 'Verschillen en beoordeling' }).click();
  await page.waitForURL('**/review', WAIT);
  const id = page.url().split('/').at(-2)!;
  await page.getByRole('button', { name: 'Ter beoordeling indienen' }).click();
  await expect.poll(() => page.getByTestId('version-status').innerText(), WAIT).toBe('in beoordeling');
  await page.context().close();

  const second = await pageAs(reviewer, 'en');
  await second.goto(`${base}/staff/content/${id}/review`);
  await second.getByTestId('version-status').waitFor(WAIT);
  // The diff against the version it was based on, or (a new questionnaire) against a chosen one.
  const compare = second.getByLabel('Compare with');
  if (!(await compare.inputValue())) await compare.selectOption({ index: 1 });
  await expect.poll(() => second.getByTestId('diff').innerText(), WAIT).toContain('New version number');
  await expectNoSeriousA11yViolations(second, `review ${version}`);
  const diff = await second.getByTestId('diff').innerText();
  await second.getByRole('button', { name: 'Approve' }).click();
  await expect.poll(() => second.getByTestId('version-status').innerText(), WAIT).toBe('in review · approved');
  await second.getByRole('button', { name: 'Publish' }).click();
  await second.getByRole('dialog').getByRole('button', { name: 'Yes, continue' }).click();
  await expect.poll(() => second.locator('.status-actions [role=status]').innerText(), WAIT).toBe(`Published as version ${version}.`);
  await second.context().close();
  return diff;
}

/** On the home page, starts the biotech test. */
async function startBiotech(page: Page) {
  await page.goto(base);
  const card = page.locator('.area-card', { has: page.locator('h3', { hasText: TEXT.title.nl }) });
  await card.waitFor(WAIT);
  await card.getByRole('button', { name: /^Start deze toets/ }).click();
  await page.waitForURL(/\/test\/[A-Za-z0-9_-]{22}/, WAIT);
  await page.getByText(TEXT.consent.nl).waitFor(WAIT);
}

let openTest: { context: BrowserContext; page: Page; url: string };

describe('issue 17 end to end: a new area from the editor to a report, then a new version', () => {
  it('an editor builds a biotech questionnaire, fixes a fault at its field, previews both languages and submits; a second editor approves and publishes', async () => {
    const page = await pageAs(author);
    await page.goto(`${base}/staff`);
    await page.getByRole('link', { name: 'Vragenlijsten bewerken' }).click();
    await page.waitForURL('**/staff/content', WAIT);
    await expect.poll(() => page.locator('table.data-table tbody tr').count(), WAIT).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(page, 'versions list');

    await page.locator('#new-q-id').fill('biotech');
    await page.locator('#new-q-area').fill('biotech');
    await page.getByRole('button', { name: 'Concept maken' }).click();
    await page.waitForURL(/\/staff\/content\/[^/]+$/, WAIT);
    await noFaults(page);

    // The questionnaire's title, and the first section (from scratch: one section, one free-text question).
    await select(page, '');
    await pair(page, 'title', TEXT.title);
    await select(page, '/sections/0');
    await pair(page, 'title', TEXT.lab);

    // A scored question on a precondition value; its empty prompt is a fault shown at the prompt's field.
    await node(page, '/sections/0').getByRole('button', { name: '+ vraag' }).click();
    await saved(page);
    const promptFault = page.locator('#ed-prompt-nl-faults');
    await expect.poll(() => promptFault.count(), WAIT).toBe(1);
    expect(await page.locator('#ed-prompt-nl').getAttribute('aria-describedby')).toBe('ed-prompt-nl-faults');
    expect(await page.locator('#ed-prompt-nl').getAttribute('aria-invalid')).toBe('true');
    await pair(page, 'prompt', TEXT.consent);
    await page.getByRole('button', { name: 'Waarde toevoegen' }).click();
    await page.locator('#val-0').selectOption('autonomy');
    await saved(page);
    await expect.poll(() => promptFault.count(), WAIT).toBe(0);
    await addOption(page, '/sections/0/questions/1', TEXT.yes, '1');
    await addOption(page, '/sections/0/questions/1', TEXT.no, '0', { knockout: TEXT.knockout });

    // The second section: a question shown only after "yes, with consent", picked from the earlier question's options.
    await node(page, '').getByRole('button', { name: '+ onderdeel' }).click();
    await pair(page, 'title', TEXT.data);
    await node(page, '/sections/1').getByRole('button', { name: '+ vraag' }).click();
    await pair(page, 'prompt', TEXT.sharing);
    await page.getByRole('button', { name: 'Waarde toevoegen' }).click();
    await page.locator('#val-0').selectOption('privacy');
    await page.locator('#ed-visibleIf').selectOption('question-2');
    await page.getByRole('checkbox', { name: `option-1: ${TEXT.yes.nl}` }).check();
    await pair(page, 'advice', TEXT.adviceQ);
    await addOption(page, '/sections/1/questions/0', TEXT.agreement, '1', { advice: TEXT.adviceO });
    await addOption(page, '/sections/1/questions/0', TEXT.dunno, '0', { unknownRisk: TEXT.unknownRisk });
    await saved(page);
    await noFaults(page);
    await select(page, '/sections/1/questions/0');
    expect(await page.locator('#ed-visibleIf').inputValue()).toBe('question-2');
    await expectNoSeriousA11yViolations(page, 'draft editor');

    // Preview: the knock-out in the sandbox; the conditional question appears after "yes"; English texts.
    const preview = page.locator('.editor-preview');
    await preview.getByLabel(TEXT.no.nl).check();
    await expect.poll(() => page.locator('.sandbox').innerText(), WAIT).toContain('Knock-out');
    expect(await preview.getByText(TEXT.sharing.nl).count()).toBe(0);
    await preview.getByLabel(TEXT.yes.nl).check();
    await preview.getByText(TEXT.sharing.nl).waitFor(WAIT);
    await preview.getByLabel(TEXT.dunno.nl).check();
    await expect.poll(() => page.locator('.sandbox').innerText(), WAIT).toContain('Onbekend risico');
    await preview.getByLabel('Engels').check();
    await expect.poll(() => preview.innerText(), WAIT).toContain(TEXT.sharing.en);
    expect(await preview.innerText()).toContain(TEXT.consent.en);
    expect(await preview.innerText()).toContain(TEXT.dunno.en);
    await preview.getByLabel('Nederlands').check();
    await expect.poll(() => preview.innerText(), WAIT).toContain(TEXT.sharing.nl);

    const diff = await submitApprovePublish(page, '1.0.0');
    expect(diff).toContain(TEXT.consent.en);
    expect(diff).toContain(TEXT.sharing.en);
  }, STEP);

  it('a respondent finds the new area on the home page, takes it and gets a report with the unknown risk', async () => {
    const page = await pageAs(null);
    await startBiotech(page);
    await page.getByLabel(TEXT.yes.nl).check();
    await waitSaved(page);
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByText(TEXT.sharing.nl).waitFor(WAIT);
    await page.getByLabel(TEXT.dunno.nl).check();
    await waitSaved(page);
    await page.getByRole('button', { name: 'Naar indienen' }).click();
    await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Indienen');
    const confirm = page.getByLabel(/Ik begrijp/);
    if (await confirm.count()) await confirm.check();
    await page.getByRole('button', { name: 'Indienen en rapport bekijken' }).click();
    await page.waitForURL(/\/report\//, WAIT);
    await page.locator('.report h1').waitFor(WAIT);
    expect(await page.locator('.report .eyebrow').first().innerText()).toContain(TEXT.title.nl);
    const risks = page.locator('.action-plan .group-unknown-risks');
    await risks.waitFor(WAIT);
    expect(await risks.innerText()).toContain(TEXT.sharing.nl);
    expect(await page.locator('.action-plan .group-knockouts').count()).toBe(0);
    await page.context().close();
  }, STEP);

  it('a second respondent starts a response and leaves it open', async () => {
    const page = await pageAs(null);
    await startBiotech(page);
    await page.getByLabel(TEXT.yes.nl).check();
    await waitSaved(page);
    openTest = { context: page.context(), page, url: page.url() };
  }, STEP);

  it('the editor rewords a question into a new draft; the other editor approves and publishes it as 1.0.1', async () => {
    const page = await pageAs(author);
    await page.goto(`${base}/staff/content`);
    const row = page.locator('table.data-table tbody tr').filter({ hasText: 'biotech' }).filter({ hasText: '1.0.0' });
    await row.getByRole('button', { name: /^Nieuw concept van deze versie/ }).click();
    await page.waitForURL(/\/staff\/content\/[^/]+$/, WAIT);
    await noFaults(page);
    await select(page, '/sections/0/questions/1');
    await expect.poll(() => page.locator('#ed-prompt-nl').inputValue(), WAIT).toBe(TEXT.consent.nl);
    await pair(page, 'prompt', TEXT.consentReworded);
    await saved(page);
    await noFaults(page);
    await expectNoSeriousA11yViolations(page, 'draft editor (second version)');
    const diff = await submitApprovePublish(page, '1.0.1');
    expect(diff).toContain(TEXT.consentReworded.en);
  }, STEP);

  it('the open response shows the newer-version notice and moves to 1.0.1 with its answer kept', async () => {
    const { page, url } = openTest;
    await page.goto(url);
    const notice = page.locator('section.version-notice');
    await notice.waitFor(WAIT);
    expect(await notice.locator('h2').innerText()).toBe('Er is een nieuwere versie van deze vragenlijst');
    expect(await page.getByText(TEXT.consent.nl).count()).toBeGreaterThan(0);
    await notice.getByRole('button', { name: 'Bekijk wat er verandert' }).click();
    await notice.locator('.version-preview').waitFor(WAIT);
    await notice.getByRole('button', { name: 'Overstappen naar versie 1.0.1' }).click();
    await page.getByText('Je toets gebruikt nu versie 1.0.1.').waitFor(WAIT);
    expect(await page.locator('section.version-notice').count()).toBe(0);
    await page.getByText(TEXT.consentReworded.nl).waitFor(WAIT);
    expect(await page.getByText(TEXT.consent.nl, { exact: true }).count()).toBe(0);
    expect(await page.getByLabel(TEXT.yes.nl).isChecked()).toBe(true);
    await openTest.context.close();
  }, STEP);
});
