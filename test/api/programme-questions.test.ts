// Issue 17, programme part: a programme chooses the questionnaire versions it accepts, and asks its own
// short section of unscored questions when a startup shares; the answers reach the programme's staff,
// its CSV and the integration JSON, and never the scores.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createProgramme, memberOf, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

const questions = [
  { id: 'project-number', kind: 'text', prompt: { nl: 'Projectnummer', en: 'Project number' }, required: true },
  {
    id: 'amount', kind: 'choice', prompt: { nl: 'Gevraagd bedrag', en: 'Requested amount' }, required: false,
    options: [{ id: 'small', label: { nl: 'Tot 50k', en: 'Up to 50k' } }, { id: 'large', label: { nl: 'Meer dan 50k', en: 'Over 50k' } }],
  },
];

const putIntake = (by: Session, id: string, payload: unknown) =>
  app.inject({ method: 'PUT', url: `/api/programmes/${id}/intake`, headers: by.write, payload: payload as object });
const shareWith = (r: { id: string; token: string }, code: string, extra: Record<string, unknown> = {}) =>
  app.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code, name: 'Acme', confirm: true, ...extra } });

describe('accepted versions', () => {
  it('accepts any version by default, as before', async () => {
    const p = await createProgramme(app, admin);
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/intake`, headers: admin.read })).json()).toEqual({ acceptedVersions: {}, questions: [] });
    await share(app, await submittedResponse(app), p.joinCode, 'Acme');
  });

  it('refuses to share a test answered on a version below the minimum with 409 version-not-accepted', async () => {
    const p = await createProgramme(app, admin);
    const manager = await memberOf(app, p.id, 'm@example.org', 'manager');
    expect((await putIntake(manager, p.id, { acceptedVersions: { ai: { minimum: '2.0.0' } }, questions: [] })).statusCode).toBe(200);
    const r = await submittedResponse(app); // the fixture is 1.0.0
    const res = await shareWith(r, p.joinCode);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'version-not-accepted' });
    expect(res.json().message).toMatch(/take the test again/);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).json().programme).toBeNull();
  });

  it('accepts by a list of major versions', async () => {
    const p = await createProgramme(app, admin);
    expect((await putIntake(admin, p.id, { acceptedVersions: { ai: { majors: [2, 3] } }, questions: [] })).statusCode).toBe(200);
    expect((await shareWith(await submittedResponse(app), p.joinCode)).json().code).toBe('version-not-accepted');
    expect((await putIntake(admin, p.id, { acceptedVersions: { ai: { majors: [1] } }, questions: [] })).statusCode).toBe(200);
    expect((await shareWith(await submittedResponse(app), p.joinCode)).statusCode).toBe(200);
  });

  it('rejects unknown areas and malformed rules with 400', async () => {
    const p = await createProgramme(app, admin);
    expect((await putIntake(admin, p.id, { acceptedVersions: { quantum: { minimum: '1.0.0' } }, questions: [] })).statusCode).toBe(400);
    expect((await putIntake(admin, p.id, { acceptedVersions: { ai: { minimum: 'latest' } }, questions: [] })).statusCode).toBe(400);
    expect((await putIntake(admin, p.id, { acceptedVersions: { ai: {} }, questions: [] })).statusCode).toBe(400);
  });
});

describe('programme questions', () => {
  it('only managers of the programme and admins set them; assessors 403, other managers 404', async () => {
    const p = await createProgramme(app, admin);
    const assessor = await memberOf(app, p.id, 'a@example.org', 'assessor');
    const other = await createProgramme(app, admin, { name: 'Other' });
    const stranger = await memberOf(app, other.id, 'm2@example.org', 'manager');
    expect((await putIntake(assessor, p.id, { acceptedVersions: {}, questions })).statusCode).toBe(403);
    expect((await putIntake(stranger, p.id, { acceptedVersions: {}, questions })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/intake`, headers: assessor.read })).statusCode).toBe(200);
  });

  it('bounds and checks the questions: at most 10, unique ids, options only on choice questions', async () => {
    const p = await createProgramme(app, admin);
    const many = Array.from({ length: 11 }, (_, i) => ({ ...questions[0], id: `q${i}` }));
    expect((await putIntake(admin, p.id, { acceptedVersions: {}, questions: many })).statusCode).toBe(400);
    expect((await putIntake(admin, p.id, { acceptedVersions: {}, questions: [questions[0], questions[0]] })).statusCode).toBe(400);
    expect((await putIntake(admin, p.id, { acceptedVersions: {}, questions: [{ ...questions[1], options: undefined }] })).statusCode).toBe(400);
    expect((await putIntake(admin, p.id, { acceptedVersions: {}, questions: [{ ...questions[0], options: questions[1].options }] })).statusCode).toBe(400);
    expect((await putIntake(admin, p.id, { acceptedVersions: {}, questions: [{ ...questions[0], prompt: { nl: 'x'.repeat(301), en: 'x' } }] })).statusCode).toBe(400);
  });

  it('are shown on the join page, validated when sharing, and reach staff, CSV and integration JSON without touching the scores', async () => {
    const p = await createProgramme(app, admin);
    const manager = await memberOf(app, p.id, 'm@example.org', 'manager');
    expect((await putIntake(manager, p.id, { acceptedVersions: {}, questions })).statusCode).toBe(200);
    const join = (await app.inject({ method: 'GET', url: `/api/join/${p.joinCode}` })).json();
    expect(join.questions.map((q: { id: string }) => q.id)).toEqual(['project-number', 'amount']);

    const r = await submittedResponse(app);
    const before = (await app.inject({ method: 'GET', url: `/api/responses/${r.id}/report`, headers: bearer(r.token) })).json();
    // Required missing, unknown question, option not offered, too long: 400 programme-answers-invalid, nothing shared.
    for (const programmeAnswers of [{}, { 'project-number': '  ' }, { 'project-number': 'P-1', nope: 'x' }, { 'project-number': 'P-1', amount: 'huge' }]) {
      const res = await shareWith(r, p.joinCode, { programmeAnswers });
      expect(res.statusCode, JSON.stringify(programmeAnswers)).toBe(400);
      expect(res.json().code).toBe('programme-answers-invalid');
    }
    expect((await shareWith(r, p.joinCode, { programmeAnswers: { 'project-number': 'x'.repeat(501) } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).json().programme).toBeNull();

    const ok = await shareWith(r, p.joinCode, { programmeAnswers: { 'project-number': ' P-2026-17 ', amount: 'large' } });
    expect(ok.statusCode, ok.body).toBe(200);

    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: manager.read })).json();
    expect(detail.programmeAnswers).toEqual([
      { id: 'project-number', prompt: questions[0].prompt, answer: 'P-2026-17', answerLabel: null },
      { id: 'amount', prompt: questions[1].prompt, answer: 'large', answerLabel: { nl: 'Meer dan 50k', en: 'Over 50k' } },
    ]);
    // Scores and the report are those of the test alone.
    const after = (await app.inject({ method: 'GET', url: `/api/responses/${r.id}/report`, headers: bearer(r.token) })).json();
    expect(after.values).toEqual(before.values);
    expect(JSON.stringify(after)).not.toContain('P-2026-17');

    const csv = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv?locale=en`, headers: manager.read })).body;
    const [header, row] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header.endsWith('Project number,Requested amount')).toBe(true);
    expect(row.endsWith('P-2026-17,Over 50k')).toBe(true);

    const key = await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: admin.write, payload: { name: 'crm' } });
    expect(key.statusCode, key.body).toBe(201);
    const items = (await app.inject({ method: 'GET', url: '/api/integration/submissions', headers: bearer(key.json().key) })).json().items;
    expect(items[0].programmeAnswers).toEqual({ 'project-number': 'P-2026-17', amount: 'large' });
  });

  it('answers given to one programme are not shown to another the test is shared with later', async () => {
    const p = await createProgramme(app, admin);
    await putIntake(admin, p.id, { acceptedVersions: {}, questions });
    const other = await createProgramme(app, admin, { name: 'Other' });
    await putIntake(admin, other.id, { acceptedVersions: {}, questions: [{ ...questions[0], required: false }] });
    const r = await submittedResponse(app);
    expect((await shareWith(r, p.joinCode, { programmeAnswers: { 'project-number': 'SECRET-1' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })).statusCode).toBe(200);
    expect((await shareWith(r, other.joinCode)).statusCode).toBe(200);
    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: admin.read })).json();
    expect(detail.programmeAnswers[0].answer).toBeNull();
    expect(JSON.stringify(detail)).not.toContain('SECRET-1');
  });
});
