// Company name, re-takes with progress, share links, JSON/CSV exports and import.
import { exec, value } from '../helpers/db.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readFixture, testApp } from '../helpers/app.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await testApp();
});
afterEach(async () => {
  await app.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const good = {
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-retention': { option: 'yes' },
  'm-security': { options: ['mfa'] }, 'm-energy': { option: 'no' }, 'm-context': { text: 'A chatbot' },
};

async function submitted(answers: Record<string, unknown> = good) {
  const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers } })).json();
  expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: auth(started.token) })).statusCode).toBe(200);
  return started as { id: string; token: string };
}

describe('company name', () => {
  it('is set by the token holder, also after submission, and shown in the report', async () => {
    const { id, token } = await submitted();
    const res = await app.inject({ method: 'PATCH', url: `/api/responses/${id}`, headers: auth(token), payload: { companyName: '  Quantum BV ' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().companyName).toBe('Quantum BV');
    const report = (await app.inject({ url: `/api/responses/${id}/report`, headers: auth(token) })).json();
    expect(report.response.companyName).toBe('Quantum BV');
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${id}`, headers: auth(token), payload: { companyName: 'x'.repeat(121) } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${id}`, payload: { companyName: 'x' } })).statusCode).toBe(401);
  });
});

describe('re-takes', () => {
  it('copy the answers into a new attempt and the report shows the change since the previous one', async () => {
    const first = await submitted();
    const open = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    expect((await app.inject({ method: 'POST', url: `/api/responses/${open.id}/retake`, headers: auth(open.token) })).statusCode).toBe(409);

    const retake = await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: auth(first.token) });
    expect(retake.statusCode).toBe(201);
    const second = retake.json();
    expect(second.token).not.toBe(first.token);
    expect(second.response).toMatchObject({ status: 'open', previousResponseId: first.id, answers: good });
    expect(second.dropped).toEqual([]);

    // Improve privacy: the DPIA is done now. privacy was 100 × (2·0.5 + 1 + 0.5) / 4 = 62.5; now (2 + 1 + 0.5) / 4 = 87.5.
    await app.inject({ method: 'PATCH', url: `/api/responses/${second.id}/answers`, headers: auth(second.token), payload: { answers: { 'm-dpia': { option: 'done' } } } });
    await app.inject({ method: 'POST', url: `/api/responses/${second.id}/submit`, headers: auth(second.token) });
    const report = (await app.inject({ url: `/api/responses/${second.id}/report`, headers: auth(second.token) })).json();
    const privacy = report.values.find((v: any) => v.id === 'privacy');
    expect(privacy.score).toBe(87.5);
    expect(privacy.change).toBe(25);
    expect(report.values.find((v: any) => v.id === 'justice').change).toBeNull();
    expect(report.history).toHaveLength(1);
    expect(report.history[0]).toMatchObject({ id: first.id, values: expect.objectContaining({ privacy: 62.5 }) });
    expect(report.dimensions.precondition.change).toBeGreaterThan(0);

    // A third attempt sees both earlier ones, oldest first.
    const third = (await app.inject({ method: 'POST', url: `/api/responses/${second.id}/retake`, headers: auth(second.token) })).json();
    const history = (await app.inject({ url: `/api/responses/${third.id}/report`, headers: auth(third.token) })).json().history;
    expect(history.map((h: any) => h.id)).toEqual([first.id, second.id]);
  });

  it('explain every value: the contributions add up to its score', async () => {
    const { id, token } = await submitted();
    const report = (await app.inject({ url: `/api/responses/${id}/report`, headers: auth(token) })).json();
    for (const v of report.values.filter((x: any) => x.score !== null)) {
      const sum = v.contributions.reduce((n: number, c: any) => n + c.points, 0);
      expect(Math.abs(sum - v.score), v.id).toBeLessThanOrEqual(0.05 * v.contributions.length + 1e-9);
    }
    expect(report.values.find((v: any) => v.id === 'privacy').contributions.map((c: any) => c.points)).toEqual([25, 25, 12.5]);
  });
});

describe('share links', () => {
  it('give read-only access to a submitted report until they expire or are revoked', async () => {
    const { id, token } = await submitted();
    const created = await app.inject({ method: 'POST', url: `/api/responses/${id}/shares`, headers: auth(token), payload: { expiresInDays: 7 } });
    expect(created.statusCode).toBe(201);
    const link = created.json();
    expect(link.path).toBe(`/shared#${link.token}`);
    expect(link.state).toBe('active');
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86400e3);

    const shared = await app.inject({ url: '/api/shared/report?locale=en', headers: auth(link.token) });
    expect(shared.statusCode).toBe(200);
    expect(shared.json().values).toHaveLength(13);
    // The share token opens nothing else.
    expect((await app.inject({ url: `/api/responses/${id}`, headers: auth(link.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${id}`, headers: auth(link.token), payload: { companyName: 'x' } })).statusCode).toBe(404);

    const listed = (await app.inject({ url: `/api/responses/${id}/shares`, headers: auth(token) })).json();
    expect(listed).toEqual([expect.objectContaining({ id: link.id, state: 'active' })]);
    expect(JSON.stringify(listed)).not.toContain(link.token);

    // Revoking needs the resume token of the same response.
    const other = await submitted();
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${other.id}/shares/${link.id}`, headers: auth(other.token) })).statusCode).toBe(404);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/responses/${id}/shares/${link.id}`, headers: auth(token) });
    expect(revoked.json().state).toBe('revoked');
    const gone = await app.inject({ url: '/api/shared/report', headers: auth(link.token) });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().message).toMatch(/revoked/);
  });

  it('say when they expired, and refuse open responses, bad expiries and unknown tokens', async () => {
    const { id, token } = await submitted();
    const link = (await app.inject({ method: 'POST', url: `/api/responses/${id}/shares`, headers: auth(token), payload: { expiresInDays: 1 } })).json();
    await exec(app, 'UPDATE share_links SET expires_at = ? WHERE id = ?', '2020-01-01T00:00:00.000Z', link.id);
    const expired = await app.inject({ url: '/api/shared/report', headers: auth(link.token) });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().message).toBe('this share link expired on 2020-01-01');

    const open = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    expect((await app.inject({ method: 'POST', url: `/api/responses/${open.id}/shares`, headers: auth(open.token), payload: { expiresInDays: 7 } })).statusCode).toBe(409);
    for (const days of [0, 366, 1.5, '7']) {
      expect((await app.inject({ method: 'POST', url: `/api/responses/${id}/shares`, headers: auth(token), payload: { expiresInDays: days } })).statusCode).toBe(400);
    }
    expect((await app.inject({ url: '/api/shared/report', headers: auth('x'.repeat(43)) })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/shared/report' })).statusCode).toBe(401);
  });

  // Neither was bounded: a token holder could make links without end, and the list read them all.
  it('are bounded: at most 50 that still work, and the list shows each of those within its 100 rows', async () => {
    const { id, token } = await submitted();
    const create = () => app.inject({ method: 'POST', url: `/api/responses/${id}/shares`, headers: auth(token), payload: { expiresInDays: 7 } });
    const links = [];
    for (let i = 0; i < 50; i++) {
      const res = await create();
      expect(res.statusCode, res.body).toBe(201);
      links.push(res.json());
    }
    const full = await create();
    expect(full.json()).toMatchObject({ statusCode: 409, code: 'share-links-full' });
    expect(Number(await value(app, 'SELECT count(*) FROM share_links'))).toBe(50);
    // A revoked (or expired) link makes room.
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${id}/shares/${links[0].id}`, headers: auth(token) })).statusCode).toBe(200);
    await exec(app, 'UPDATE share_links SET expires_at = ? WHERE id = ?', '2020-01-01T00:00:00.000Z', links[1].id);
    expect((await create()).statusCode).toBe(201);
    expect((await create()).statusCode).toBe(201);
    expect((await create()).json().code).toBe('share-links-full');

    // Links that no longer work, newer than the working ones, do not push those out of the list.
    for (let i = 0; i < 120; i++) {
      await exec(app, 'INSERT INTO share_links (id, response_id, token_hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
        `revoked-${String(i).padStart(8, '0')}`, id, `hash-${i}`, '2099-01-01T00:00:00.000Z', '2099-02-01T00:00:00.000Z', '2099-01-02T00:00:00.000Z');
    }
    const listed = (await app.inject({ url: `/api/responses/${id}/shares`, headers: auth(token) })).json();
    expect(listed).toHaveLength(100);
    expect(listed.filter((l: { state: string }) => l.state === 'active')).toHaveLength(50);
  });

  it('disappear with the response', async () => {
    const { id, token } = await submitted();
    const link = (await app.inject({ method: 'POST', url: `/api/responses/${id}/shares`, headers: auth(token), payload: { expiresInDays: 3 } })).json();
    await app.inject({ method: 'DELETE', url: `/api/responses/${id}`, headers: auth(token) });
    expect((await app.inject({ url: '/api/shared/report', headers: auth(link.token) })).statusCode).toBe(404);
  });
});

describe('exports', () => {
  it('JSON round-trips to another instance, dropping answers that no longer fit', async () => {
    const { id, token } = await submitted({ ...good, 'm-context': { text: 'A chatbot', note: 'see deck' } });
    await app.inject({ method: 'PATCH', url: `/api/responses/${id}`, headers: auth(token), payload: { companyName: 'Acme' } });
    const exported = await app.inject({ url: `/api/responses/${id}/export.json?locale=en`, headers: auth(token) });
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename="zelftoets-ai-\d{4}-\d\d-\d\d\.json"/);
    const file = exported.json();
    expect(file).toMatchObject({ format: 'publieke-waarden-zelftoets', formatVersion: 2, companyName: 'Acme', questionnaire: { id: 'mini', version: '1.0.0' } });
    expect(file.report.values).toHaveLength(13);

    // Another instance whose questionnaire no longer has m-energy.
    const changed = readFixture('mini.json');
    changed.version = '1.1.0';
    changed.sections[1].questions = changed.sections[1].questions.filter((q: any) => q.id !== 'm-energy');
    const { fixtureDir } = await import('../helpers/app.js');
    const other = await testApp({ questionnairesDir: fixtureDir({ 'mini.json': changed }) });
    const imported = await other.inject({ method: 'POST', url: '/api/responses/import', payload: file });
    expect(imported.statusCode).toBe(201);
    const body = imported.json();
    expect(body.dropped).toEqual(['m-energy']);
    expect(body.response).toMatchObject({ status: 'open', questionnaire: { id: 'mini', version: '1.1.0' }, companyName: 'Acme' });
    const { 'm-energy': _gone, ...rest } = { ...good, 'm-context': { text: 'A chatbot', note: 'see deck' } };
    expect(body.response.answers).toEqual(rest);
    await other.close();

    for (const bad of [{ ...file, format: 'other' }, { ...file, formatVersion: 3 }, { ...file, answers: { 'm-dpia': { option: 7 } } }]) {
      expect((await app.inject({ method: 'POST', url: '/api/responses/import', payload: bad })).statusCode).toBe(400);
    }
    expect((await app.inject({ method: 'POST', url: '/api/responses/import', payload: { ...file, questionnaire: { id: 'nope', version: '1.0.0' } } })).statusCode).toBe(404);
  });

  it('CSV follows the language: Dutch Excel settings in nl, and neutralises formulas', async () => {
    const { id, token } = await submitted({ ...good, 'm-context': { text: '=HYPERLINK("http://evil")', note: '+31 6 1234; "quoted"' } });
    const nl = await app.inject({ url: `/api/responses/${id}/export.csv?locale=nl`, headers: auth(token) });
    expect(nl.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = nl.body;
    expect(text.startsWith('\uFEFFSoort;Code;Naam of vraag;Score;Status;Antwoord;Toelichting;Statuscode\r\n')).toBe(true);
    // People read the report's Dutch words; scripts filter on the codes in their own columns.
    expect(text).toContain('waarde;privacy;Privacy en gegevensbescherming;62,5;Voldoende;;;sufficient\r\n');
    expect(text).toMatch(/\r\nprofiel;(valuable|promising-with-risks|careful|starting|incomplete);(Waardevol|Kansrijk, met risico's|Zorgvuldig|Aan het begin|Onvolledig);/);
    expect(text).toContain('\r\ndimensie;goal;Streefdoelen;');
    expect(text).toContain('\r\nvolledigheid;completeness;Volledigheid (% van de verplichte vragen);');
    for (const code of ['sufficient', 'insufficient', 'attention', 'critical', 'moderate', 'limited', 'strong']) {
      expect(text.split('\r\n').some((row) => row.split(';')[4] === code), `status code "${code}" in a Status cell`).toBe(false);
    }
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(`"'+31 6 1234; ""quoted"""`);
    const en = (await app.inject({ url: `/api/responses/${id}/export.csv?locale=en`, headers: auth(token) })).body;
    expect(en).toContain('value,privacy,Privacy and data protection,62.5,Sufficient,,,sufficient\r\n');
    expect(en).toContain('\r\ndimension,precondition,Preconditions,');
  });

  it('are named with the day in Amsterdam, as every date in them, not the UTC day', async () => {
    const { id, token } = await submitted();
    // 2 March 00:30 in Amsterdam is still 1 March in UTC.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-01T23:30:00Z'));
      for (const url of [`/api/responses/${id}/export.json`, `/api/responses/${id}/export.csv`, `/api/responses/${id}/plan.csv`, `/api/responses/${id}/plan.ics`]) {
        const res = await app.inject({ url, headers: auth(token) });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
        expect(res.headers['content-disposition'], url).toMatch(/-2026-03-02\.(json|csv|ics)"$/);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('PDF needs a listening server and Chromium; without a port it says so with 503', async () => {
    const { id, token } = await submitted();
    const res = await app.inject({ url: `/api/responses/${id}/report.pdf`, headers: auth(token) });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/listen/);
    expect((await app.inject({ url: `/api/responses/${id}/report.pdf` })).statusCode).toBe(401);
  });
});

describe('the report route serialises with JSON.stringify', () => {
  // It no longer drops what the schema does not name (server/lazy-serializers.ts, plainJson), so the
  // builder must not add anything the documented schema leaves out.
  it('answers exactly the members ReportSchema names, for an open, a submitted and a re-taken attempt', async () => {
    const { ReportSchema } = await import('../../server/schemas/responses.js');
    const top = Object.keys(ReportSchema.properties).sort();
    const inResponse = Object.keys(ReportSchema.properties.response.properties).sort();
    const open = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: good } })).json();
    const first = await submitted();
    const retake = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: auth(first.token) })).json();
    await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/submit`, headers: auth(retake.token) });
    for (const r of [open, first, retake]) {
      const report = (await app.inject({ url: `/api/responses/${r.id}/report`, headers: auth(r.token) })).json();
      expect(Object.keys(report).sort()).toEqual(top);
      expect(Object.keys(report.response).sort()).toEqual(inResponse);
    }
  });
});
