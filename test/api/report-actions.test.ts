// The action list outside the screen: in the report data (with why it matters), the JSON export and the CSV.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { fixtureDir, readFixture, testApp } from '../helpers/app.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await testApp({ questionnairesDir: fixtureDir({ 'mini-v2.json': readFixture('mini-v2.json') }) });
});
afterEach(async () => {
  await app.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
// An unknown risk (DPIA: don't know), a not-applicable answer, an improvement with per-answer advice
// (no security measures) and one with only question-level advice (energy: half).
const answers = {
  'v-dpia': { option: 'dont-know' },
  'v-content': { option: 'no-content' },
  'v-security': { options: ['none'] },
  'v-energy': { option: 'half' },
  'v-context': { text: '=cmd|calc' },
};

async function submitted() {
  const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini-v2', answers } })).json();
  expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: auth(started.token) })).statusCode).toBe(200);
  return started as { id: string; token: string };
}

describe('the action list in the report data', () => {
  it('says why each action matters: the unknown-risk message, else the question help', async () => {
    const { id, token } = await submitted();
    const report = (await app.inject({ url: `/api/responses/${id}/report?locale=en`, headers: auth(token) })).json();
    expect(report.actions.map((a: any) => [a.question, a.kind])).toEqual([['v-dpia', 'unknown-risk'], ['v-security', 'improve'], ['v-energy', 'improve']]);
    expect(report.actions[0]).toMatchObject({ answer: ['Don\'t know'], text: 'Find out whether a DPIA is required.', why: 'Not ruled out that a DPIA is required.' });
    // Instruments by id, said once in the report's dictionary (issue 11).
    expect(report.actions[0].instruments).toEqual(['dpia', 'avg']);
    expect(Object.keys(report.instruments).sort()).toEqual(['avg', 'dpia', 'ncsc']); // ncsc: the security action's
    expect(report.instruments.dpia).toEqual({ name: expect.stringContaining('DPIA'), description: expect.any(String), url: expect.stringMatching(/^https:/) });
    expect(report.profileCapped).toBe(true);
  });
});

describe('the action list in the exports', () => {
  it('JSON export has the actions: question, kind, priority, answer, text and instruments', async () => {
    const { id, token } = await submitted();
    const file = (await app.inject({ url: `/api/responses/${id}/export.json?locale=nl`, headers: auth(token) })).json();
    expect(file.actions).toHaveLength(3);
    expect(file.actions[0]).toEqual({
      question: 'v-dpia', prompt: 'Heeft u een DPIA gedaan?', kind: 'unknown-risk', priority: expect.any(Number),
      answer: ['Weet ik niet'], text: 'Zoek uit of een DPIA verplicht is.',
      instruments: [
        { id: 'dpia', name: expect.stringContaining('DPIA'), description: expect.any(String), url: expect.any(String) },
        { id: 'avg', name: expect.stringContaining('AVG'), description: expect.any(String), url: expect.any(String) },
      ],
    });
    // The embedded report keeps them once, by id.
    expect(file.report.actions[0].instruments).toEqual(['dpia', 'avg']);
    expect(file.report.instruments.avg).toMatchObject({ name: expect.stringContaining('AVG') });
    expect(file.actions[1]).toMatchObject({ question: 'v-security', kind: 'improve', answer: ['Geen van deze'], text: 'Begin met MFA.' });
    expect(file.actions[1].priority).toBeGreaterThanOrEqual(file.actions[2].priority);
  });

  it('CSV has a row per action and per instrument, in nl and en, formula-safe', async () => {
    const { id, token } = await submitted();
    const nl = (await app.inject({ url: `/api/responses/${id}/export.csv?locale=nl`, headers: auth(token) })).body;
    const nlRows = nl.split('\r\n');
    const actionRows = nlRows.filter((r) => r.startsWith('actie;'));
    expect(actionRows).toHaveLength(3);
    expect(actionRows[0]).toMatch(/^actie;v-dpia;Heeft u een DPIA gedaan\?;[\d,]+;onbekend risico;Weet ik niet;Zoek uit of een DPIA verplicht is\.;unknown-risk$/);
    expect(actionRows[1]).toMatch(/^actie;v-security;.*;verbeterpunt;Geen van deze;Begin met MFA\./);
    expect(nlRows.filter((r) => r.startsWith('hulpmiddel;v-dpia;'))).toHaveLength(2);
    // Action rows come before the answers, in the list's order.
    expect(nlRows.findIndex((r) => r.startsWith('actie;'))).toBeLessThan(nlRows.findIndex((r) => r.startsWith('antwoord;')));
    expect(nl).toContain(`antwoord;v-context;`);
    expect(nl).toContain(`'=cmd|calc`);

    const en = (await app.inject({ url: `/api/responses/${id}/export.csv?locale=en`, headers: auth(token) })).body;
    const enRows = en.split('\r\n').filter((r) => r.startsWith('action,'));
    expect(enRows[0]).toMatch(/^action,v-dpia,Did you do a DPIA\?,[\d.]+,unknown risk,Don't know,Find out whether a DPIA is required\.,unknown-risk$/);
    expect(en.split('\r\n').filter((r) => r.startsWith('instrument,v-dpia,'))).toHaveLength(2);
  });

  it('a formula typed into advice-bearing cells cannot run: action cells go through the CSV guard', async () => {
    const { reportCsv } = await import('../../server/report/respondent-export.js');
    const { id, token } = await submitted();
    const report = (await app.inject({ url: `/api/responses/${id}/report?locale=nl`, headers: auth(token) })).json();
    report.actions[0].text = '=HYPERLINK("http://evil")';
    report.actions[0].answer = ['+1'];
    const csv = reportCsv(report, 'nl');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`;'+1;`);
  });
});
