// "Wat is er veranderd?": the respondent's report and exports list the answers that differ from the
// previous attempt; share links and staff, whose view covers one attempt, never get the old answers.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createProgramme, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

async function retake(r: { id: string; token: string }, changes: Record<string, unknown>) {
  const next = (await app.inject({ method: 'POST', url: `/api/responses/${r.id}/retake`, headers: bearer(r.token) })).json() as { id: string; token: string };
  expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers: changes } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
  return next;
}

describe('answers changed since the previous attempt', () => {
  it('are in the owner\'s report, JSON and CSV, in the chosen language; not on share links or for staff', async () => {
    const first = await submittedResponse(app);
    const second = await retake(first, { 'm-dpia': { option: 'done' }, 'm-security': { options: ['mfa', 'backup', 'pentest'] } });
    const own = (path: string) => app.inject({ method: 'GET', url: `/api/responses/${second.id}${path}`, headers: bearer(second.token) });

    const report = (await own('/report?locale=nl')).json();
    expect(report.changes).toMatchObject({ against: { id: first.id }, count: 2 });
    expect(report.changes.sections).toEqual([{
      id: 'practice', title: 'Praktijk', changes: [
        { question: 'm-dpia', prompt: 'Heeft u een DPIA gedaan?', kind: 'changed', before: 'Deels', after: 'Ja' },
        { question: 'm-security', prompt: 'Welke maatregelen?', kind: 'changed', before: 'MFA; Back-ups', after: 'MFA; Pentest; Back-ups' },
      ],
    }]);
    expect((await own('/report?locale=en')).json().changes.sections[0].changes[0]).toMatchObject({ before: 'Partly', after: 'Yes' });
    expect((await own('/export.json?locale=nl')).json().report.changes.count).toBe(2);
    const csv = (await own('/export.csv?locale=nl')).body;
    expect(csv).toContain('wijziging;m-dpia;Heeft u een DPIA gedaan?;;Gewijzigd;Ja;Eerder: Deels;changed');
    expect((await own('/export.csv?locale=en')).body).toContain('change,m-dpia,Did you do a DPIA?,,Changed,Yes,Before: Partly,changed');

    // The first attempt has nothing to compare with.
    expect((await app.inject({ method: 'GET', url: `/api/responses/${first.id}/report`, headers: bearer(first.token) })).json().changes).toBeNull();

    // D22: the earlier attempt's report knows a newer attempt was started from it; the newest knows none.
    const firstReport = (await app.inject({ method: 'GET', url: `/api/responses/${first.id}/report`, headers: bearer(first.token) })).json();
    expect(firstReport.response.newerAttempt).toEqual({ id: second.id, startedAt: expect.any(String), status: 'submitted' });
    expect(report.response.newerAttempt).toBeNull();

    // A share link shares this attempt only.
    const link = (await app.inject({ method: 'POST', url: `/api/responses/${second.id}/shares`, headers: bearer(second.token), payload: { expiresInDays: 7 } })).json();
    const firstLink = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/shares`, headers: bearer(first.token), payload: { expiresInDays: 7 } })).json();
    expect((await app.inject({ method: 'GET', url: '/api/shared/report', headers: bearer(link.token) })).json().changes).toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/shared/report', headers: bearer(firstLink.token) })).json().response).not.toHaveProperty('newerAttempt');

    // Staff of a programme both attempts are shared with still see no old answers through the report.
    const p = await createProgramme(app, admin, { name: 'Programma' });
    await share(app, first, p.joinCode, 'Acme');
    await share(app, second, p.joinCode, 'Acme');
    const staff = await app.inject({ method: 'GET', url: `/api/submissions/${second.id}`, headers: admin.read });
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json().report.changes).toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv`, headers: admin.read })).body).not.toContain('Deels');
  });
});
