// The action plan (issue 16, items 2 and 3): adopting actions from the report, validation and bounds,
// CSV and iCalendar exports, the plan beside (not inside) the attested report, carry-over on a re-take
// with the change per action and "suggested done", and deletion with the response.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../helpers/app.js';
import { value } from '../helpers/db.js';
import { bearer, submittedResponse } from '../helpers/staff.js';
import { escapeText, fold } from '../../server/export/ical.js';

vi.setConfig({ testTimeout: 60_000 });
let app: FastifyInstance;
beforeEach(async () => { app = await testApp(); });
afterEach(async () => { await app.close(); });

type R = { id: string; token: string };
const put = (r: R, q: string, payload: object, locale = 'nl') =>
  app.inject({ method: 'PUT', url: `/api/responses/${r.id}/plan/${q}?locale=${locale}`, headers: bearer(r.token), payload });
const get = (r: R, path = 'plan', locale = 'nl') => app.inject({ method: 'GET', url: `/api/responses/${r.id}/${path}?locale=${locale}`, headers: bearer(r.token) });

describe('action plan', () => {
  it('adopts actions from the report, updates them and keeps them after submission', async () => {
    const r = await submittedResponse(app);
    const adopted = await put(r, 'm-dpia', { owner: 'Fatima', dueDate: '2027-01-15' });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json().items).toMatchObject([{ questionId: 'm-dpia', kind: 'improve', values: ['privacy'], owner: 'Fatima', dueDate: '2027-01-15', status: 'open', carriedFrom: null, suggestDone: false }]);
    const updated = await put(r, 'm-dpia', { status: 'in_progress', note: 'DPIA bij de FG', evidenceUrl: 'https://example.org/dpia' });
    expect(updated.json().items[0]).toMatchObject({ owner: 'Fatima', dueDate: '2027-01-15', status: 'in_progress', note: 'DPIA bij de FG', evidenceUrl: 'https://example.org/dpia' });
    expect((await get(r)).json().items).toHaveLength(1);
    // Only an action on the report's list (m-retention scores full marks: no action).
    const refused = await put(r, 'm-retention', {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('not-an-action');
    const removed = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/plan/m-dpia`, headers: bearer(r.token) });
    expect(removed.json().items).toEqual([]);
    const again = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/plan/m-dpia`, headers: bearer(r.token) });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('plan-item-not-found');
  });

  it('calls an item overdue from the day after its due date in Amsterdam, not in UTC', async () => {
    const r = await submittedResponse(app);
    expect((await put(r, 'm-dpia', { dueDate: '2026-03-01' })).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // 23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam: the due day is past.
      vi.setSystemTime(new Date('2026-03-01T23:30:00Z'));
      expect((await get(r)).json().items[0].overdue).toBe(true);
      // 22:30 UTC is 23:30 in Amsterdam: still the due day.
      vi.setSystemTime(new Date('2026-03-01T22:30:00Z'));
      expect((await get(r)).json().items[0].overdue).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('validates every field', async () => {
    const r = await submittedResponse(app);
    const bad: Array<[object, string]> = [
      [{ status: 'dropped' }, 'drop-reason-required'],
      [{ status: 'dropped', dropReason: '   ' }, 'drop-reason-required'],
      [{ dueDate: '2027-02-30' }, 'invalid-request'],
      [{ dueDate: 'tomorrow' }, 'invalid-request'],
      [{ dueDate: '2027-13-01' }, 'invalid-request'],
      [{ evidenceUrl: 'javascript:alert(1)' }, 'invalid-request'],
      [{ evidenceUrl: 'http://' }, 'invalid-request'],
      [{ owner: 'x'.repeat(121) }, 'invalid-request'],
      [{ note: 'x'.repeat(2001) }, 'invalid-request'],
      [{ status: 'later' }, 'invalid-request'],
      [{ extra: 1 }, 'invalid-request'],
    ];
    for (const [payload, code] of bad) {
      const res = await put(r, 'm-dpia', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String), code });
    }
    expect((await get(r)).json().items).toEqual([]);
    const dropped = await put(r, 'm-dpia', { status: 'dropped', dropReason: 'Geen persoonsgegevens meer' });
    expect(dropped.json().items[0]).toMatchObject({ status: 'dropped', dropReason: 'Geen persoonsgegevens meer' });
    // Taking it up again clears the reason.
    expect((await put(r, 'm-dpia', { status: 'open' })).json().items[0].dropReason).toBeNull();
    expect((await app.inject({ method: 'PUT', url: `/api/responses/${r.id}/plan/BAD_ID`, headers: bearer(r.token), payload: {} })).statusCode).toBe(400);
  });

  it('holds at most 100 items', async () => {
    const r = await submittedResponse(app);
    const now = new Date().toISOString();
    await app.database.kysely.insertInto('plan_items').values(Array.from({ length: 100 }, (_, i) => ({
      id: `filler-${i}`, response_id: r.id, question_id: `q-${i}`, kind: 'improve', values_json: '[]', status: 'open' as const, created_at: now, updated_at: now,
    }))).execute();
    const full = await put(r, 'm-dpia', {});
    expect(full.statusCode).toBe(400);
    expect(full.json().code).toBe('plan-full');
    // Changing an item already there still works.
    expect((await put(r, 'q-1', { owner: 'Bo' })).statusCode).toBe(200);
  });

  it('needs the token of that response', async () => {
    const r = await submittedResponse(app);
    const other = await submittedResponse(app);
    await put(r, 'm-dpia', { owner: 'Fatima' });
    for (const [method, path] of [['GET', 'plan'], ['PUT', 'plan/m-dpia'], ['DELETE', 'plan/m-dpia'], ['GET', 'plan.csv'], ['GET', 'plan.ics']] as const) {
      const none = await app.inject({ method, url: `/api/responses/${r.id}/${path}`, ...(method === 'PUT' ? { payload: {} } : {}) });
      expect(none.statusCode).toBe(401);
      const wrong = await app.inject({ method, url: `/api/responses/${r.id}/${path}`, headers: bearer(other.token), ...(method === 'PUT' ? { payload: {} } : {}) });
      expect([401, 404]).toContain(wrong.statusCode);
      expect(wrong.body).not.toContain('Fatima');
    }
  });

  it('exports CSV with defused formulas and an RFC 5545 calendar with folding and escaping', async () => {
    const r = await submittedResponse(app);
    await put(r, 'm-dpia', { owner: '=HYPERLINK("http://evil")', dueDate: '2027-01-15', note: 'Eerst de FG; dan, misschien, de jurist \\ of niet\nregel twee ' + 'é'.repeat(60) });
    await put(r, 'm-security', { owner: 'Bo' });
    const csv = await get(r, 'plan.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Vraagcode;Actie;Soort;Waarden;Eigenaar;Uiterlijk;Status;Reden vervallen;Notitie;Bewijs (link);Statuscode');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines).toHaveLength(4);
    expect((await get(r, 'plan.csv', 'en')).body.split('\r\n')[0]).toContain('Question code,Action,Kind');

    const ics = await get(r, 'plan.ics');
    expect(ics.headers['content-type']).toContain('text/calendar');
    const body = ics.body;
    expect(body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const line of body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    // Only the item with a due date; one all-day event.
    expect(body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(body).toContain('DTSTART;VALUE=DATE:20270115\r\nDTEND;VALUE=DATE:20270116\r\n');
    expect(body).toMatch(/\r\nUID:[A-Za-z0-9_-]+@zelftoets\r\n/);
    expect(body).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    const unfolded = body.replace(/\r\n /g, '');
    expect(unfolded).toContain('Eerst de FG\\; dan\\, misschien\\, de jurist \\\\ of niet\\nregel twee');
    expect(unfolded).toContain('é'.repeat(60));
  });

  // 9999-12-31 is a valid due date, but the day after it is in year 10000, which toISOString writes as
  // "+010000-01-01": the calendar ended the event on "+01000001", which no calendar can read.
  it('writes a calendar every date of which is a calendar date, also for a due date on the last day of 9999', async () => {
    const r = await submittedResponse(app);
    expect((await put(r, 'm-dpia', { dueDate: '9999-12-31' })).statusCode).toBe(200);
    expect((await put(r, 'm-security', { dueDate: '0001-01-01' })).statusCode).toBe(200);
    const body = (await get(r, 'plan.ics')).body;
    expect(body).toContain('DTSTART;VALUE=DATE:99991231\r\n');
    expect(body).toContain('DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:00010102\r\n');
    for (const line of body.split('\r\n').filter((l) => /^DT(START|END);/.test(l))) expect(line).toMatch(/^DT(START|END);VALUE=DATE:\d{8}$/);
  });

  it('escapes and folds by the octet, never inside a character', () => {
    expect(escapeText('a,b;c\\d\r\ne\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const folded = fold(`DESCRIPTION:${'€'.repeat(40)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'€'.repeat(40)}`);
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
  });

  it('puts the plan beside the attested report in the JSON export, not inside it', async () => {
    const r = await submittedResponse(app);
    const before = (await get(r, 'export.json')).json();
    await put(r, 'm-dpia', { owner: 'Fatima' });
    const after = (await get(r, 'export.json')).json();
    expect(after.plan).toMatchObject([{ questionId: 'm-dpia', owner: 'Fatima' }]);
    expect(JSON.stringify(after.report)).not.toContain('Fatima');
    expect(after.attestation).toBe(before.attestation);
  });

  it('comes along when the JSON export is imported: valid items of scored questions, in order; the rest is named', async () => {
    const r = await submittedResponse(app, {
      'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-retention': { option: 'dont-know' }, 'm-security': { options: ['mfa'] },
    });
    expect((await put(r, 'm-security', { owner: 'Sam', status: 'in_progress', dueDate: '2027-05-01', note: 'Pentest offerte', evidenceUrl: 'https://example.org/pt' })).statusCode).toBe(200);
    expect((await put(r, 'm-dpia', { status: 'dropped', dropReason: 'Geen persoonsgegevens meer' })).statusCode).toBe(200);
    expect((await put(r, 'm-retention', { owner: 'Fatima' })).statusCode).toBe(200);
    const file = (await get(r, 'export.json')).json();
    expect(file.plan.map((i: { questionId: string }) => i.questionId)).toEqual(['m-security', 'm-dpia', 'm-retention']);
    // What another instance or an edited file may hold besides: a question this version lacks, a text
    // question (never an action), an invalid item, a question twice.
    file.plan.push(
      { questionId: 'm-gone', owner: 'X' },
      { questionId: 'm-context', owner: 'X' },
      { questionId: 'm-energy', status: 'dropped' },
      { ...file.plan[0], owner: 'Twice' },
    );

    // The DPIA was finished before the file was imported: no longer an action, still in the plan.
    file.answers['m-dpia'] = { option: 'done' };

    const imported = await app.inject({ method: 'POST', url: '/api/responses/import', payload: file });
    expect(imported.statusCode, imported.body).toBe(201);
    const started = imported.json();
    expect(started.droppedPlanItems).toEqual(['m-gone', 'm-context', 'm-energy', 'm-security']);
    const plan = (await get({ id: started.id, token: started.token })).json();
    expect(plan.items.map((i: { questionId: string }) => i.questionId)).toEqual(['m-security', 'm-dpia', 'm-retention']);
    expect(plan.items[0]).toMatchObject({ owner: 'Sam', status: 'in_progress', dueDate: '2027-05-01', note: 'Pentest offerte', evidenceUrl: 'https://example.org/pt', carriedFrom: null, kind: 'improve' });
    expect(plan.items[1]).toMatchObject({ status: 'dropped', dropReason: 'Geen persoonsgegevens meer', kind: 'improve', values: ['privacy'], onActionList: false });
    // Adopted as the same action, from the same answers' report.
    expect(plan.items[2]).toMatchObject({ owner: 'Fatima', kind: file.plan[2].kind, values: file.plan[2].values, status: 'open' });

    // A file without a plan imports as before.
    const { plan: _, ...withoutPlan } = file;
    const plain = await app.inject({ method: 'POST', url: '/api/responses/import', payload: withoutPlan });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().droppedPlanItems).toEqual([]);
    expect((await get({ id: plain.json().id, token: plain.json().token })).json().items).toEqual([]);

    // An item out of shape costs only itself, never the answers: each is named and the rest comes along.
    const count = async () => Number(await value(app, 'SELECT COUNT(*) FROM responses'));
    const before = await count();
    const odd = await app.inject({
      method: 'POST', url: '/api/responses/import', payload: {
        ...file,
        plan: [
          { questionId: 'm-security', owner: 'x'.repeat(121) },
          { owner: 'no question' },
          'not an item',
          { questionId: 'm-dpia', status: 'someday' },
          // Fits the pattern, is no date: once a 500 that left the new response behind.
          { questionId: 'm-retention', dueDate: '2027-13-01' },
          { questionId: 'm-energy', owner: 'Kept' },
        ],
      },
    });
    expect(odd.statusCode, odd.body).toBe(201);
    expect(odd.json().droppedPlanItems).toEqual(['m-security', '?', 'm-dpia', 'm-retention']);
    expect((await get({ id: odd.json().id, token: odd.json().token })).json().items).toMatchObject([{ questionId: 'm-energy', owner: 'Kept' }]);
    expect(await count()).toBe(before + 1);
    // The plan's own bound is the body's: more than 100 items is refused before anything is stored.
    const tooMany = await app.inject({ method: 'POST', url: '/api/responses/import', payload: { ...file, plan: Array.from({ length: 101 }, () => ({ questionId: 'm-dpia' })) } });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().code).toBe('invalid-request');
    expect(await count()).toBe(before + 1);
  });

  it('carries open items into a re-take, with the change since the previous attempt and suggestDone', async () => {
    const r = await submittedResponse(app);
    await put(r, 'm-dpia', { owner: 'Fatima', dueDate: '2027-01-15', status: 'in_progress' });
    await put(r, 'm-security', { owner: 'Bo' });
    await put(r, 'm-security', { status: 'done' });
    const started = await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) });
    const next = started.json() as R;
    const first = (await get(next)).json();
    // Only what was still to do; the done item stays with its attempt.
    expect(first.items).toHaveLength(1);
    const original = (await get(r)).json().items.find((i: { questionId: string }) => i.questionId === 'm-dpia');
    expect(first.items[0]).toMatchObject({ questionId: 'm-dpia', owner: 'Fatima', status: 'in_progress', carriedFrom: original.id, suggestDone: false });
    await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: { 'm-dpia': { option: 'done' } } } });
    await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) });
    const view = (await get(next)).json();
    expect(view.previousAttempt.id).toBe(r.id);
    expect(view.items[0]).toMatchObject({
      questionId: 'm-dpia', suggestDone: true, onActionList: false,
      change: { kind: 'changed', before: 'Deels', after: expect.any(String) },
      valueChanges: [{ id: 'privacy', change: expect.any(Number) }],
    });
    expect(view.items[0].valueChanges[0].change).toBeGreaterThan(0);
    // The previous attempt's plan is its own.
    expect((await get(r)).json().items).toHaveLength(2);
  });

  it('is deleted with the response', async () => {
    const r = await submittedResponse(app);
    await put(r, 'm-dpia', {});
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: bearer(r.token) })).statusCode).toBe(204);
    const left = await app.database.kysely.selectFrom('plan_items').selectAll().where('response_id', '=', r.id).execute();
    expect(left).toEqual([]);
  });
});
