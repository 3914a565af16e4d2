// Issue 14, item 3: per-question verdicts, clarification threads, the startup's answers with files,
// corrections as revisions with recomputed scores, and the blind-review rule over all of it.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as tables from '../helpers/db.js';
import { bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';

const PUBLIC_URL = 'https://zelftoets.example.org';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

let app: FastifyInstance;
let admin: Session;
let programme: { id: string; joinCode: string; name: string };
let manager: Session;
let one: Session;
let two: Session;
let startup: { id: string; token: string };

beforeEach(async () => {
  app = await staffApp({ publicUrl: PUBLIC_URL });
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
  programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
  for (const [email, role] of [['manager@example.org', 'manager'], ['een@example.org', 'assessor'], ['twee@example.org', 'assessor']] as const) {
    const user = await createUser(app, email, role);
    await app.staffRepos.programmes.addMember(programme.id, user.id);
  }
  await tables.exec(app, "UPDATE users SET locale = 'en' WHERE email = ?", 'een@example.org');
  manager = await login(app, 'manager@example.org');
  one = await login(app, 'een@example.org');
  two = await login(app, 'twee@example.org');
  startup = await submittedResponse(app);
  await share(app, startup, programme.joinCode, 'Acme Analytics');
});
afterEach(async () => {
  await app.close();
});

const verdict = (who: Session, question: string, body: Record<string, unknown>, id = startup.id) =>
  app.inject({ method: 'PUT', url: `/api/submissions/${id}/verdicts/${question}`, headers: who.write, payload: body });
const staffView = async (who: Session) => {
  const res = await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/clarifications`, headers: who.read });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const startupView = async (token = startup.token) => {
  const res = await app.inject({ method: 'GET', url: `/api/responses/${startup.id}/clarifications`, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const upload = (threadId: string, content: Buffer, name = 'bewijs.pdf', type = 'application/octet-stream') =>
  app.inject({
    method: 'POST', url: `/api/responses/${startup.id}/clarifications/${threadId}/files`,
    headers: { ...bearer(startup.token), 'content-type': type, 'x-file-name': encodeURIComponent(name) }, payload: content,
  });
const answer = (threadId: string, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/responses/${startup.id}/clarifications/${threadId}/answer`, headers: bearer(startup.token), payload: body });
const putReview = (who: Session, submit: boolean) =>
  app.inject({ method: 'PUT', url: `/api/submissions/${startup.id}/review`, headers: who.write, payload: { scores: {}, judgement: 'positive', comment: '', submit } });

async function ask(who = one, question = 'm-dpia', kind = 'evidence', message = 'Stuur de DPIA mee, alstublieft.') {
  const res = await verdict(who, question, { verdict: kind, message });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().threadId as string;
}

describe('per-question verdicts', () => {
  it('lets an assessor accept an answer or ask with a message; a request needs a message and a real question', async () => {
    expect((await verdict(one, 'm-retention', { verdict: 'accepted' })).statusCode).toBe(200);
    const noMessage = await verdict(one, 'm-dpia', { verdict: 'clarification', message: '  ' });
    expect(noMessage.statusCode).toBe(400);
    expect(noMessage.json().code).toBe('request-message-required');
    const unknown = await verdict(one, 'no-such-question', { verdict: 'accepted' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('question-not-found');
    expect((await verdict(one, 'm-dpia', { verdict: 'maybe' })).statusCode).toBe(400);
    const threadId = await ask();
    const view = await staffView(one);
    expect(view.canGiveVerdicts).toBe(true);
    expect(view.verdicts.map((v: any) => [v.questionId, v.verdict, v.own])).toEqual([['m-dpia', 'evidence', true], ['m-retention', 'accepted', true]]);
    expect(view.threads).toMatchObject([{ id: threadId, questionId: 'm-dpia', kind: 'evidence', state: 'open', messages: [{ author: { kind: 'assessor', email: 'een@example.org' }, text: 'Stuur de DPIA mee, alstublieft.' }] }]);
  });

  it('keeps one open thread per question: asking again adds to it', async () => {
    const first = await ask(one, 'm-dpia', 'clarification', 'Wat bedoelt u met deels?');
    const second = await ask(two, 'm-dpia', 'evidence', 'En graag het document.');
    expect(second).toBe(first);
    const view = await staffView(manager);
    expect(view.threads).toHaveLength(1);
    expect(view.threads[0].messages.map((m: any) => m.text)).toEqual(['Wat bedoelt u met deels?', 'En graag het document.']);
  });

  it('only the programme\'s assessors give verdicts; managers read, outsiders get 404', async () => {
    expect((await verdict(manager, 'm-dpia', { verdict: 'accepted' })).statusCode).toBe(403);
    expect((await verdict(admin, 'm-dpia', { verdict: 'accepted' })).statusCode).toBe(403);
    const other = await createProgramme(app, admin, { name: 'Ander programma' });
    const outsider = await createUser(app, 'buiten@example.org', 'assessor');
    await app.staffRepos.programmes.addMember(other.id, outsider.id);
    const out = await login(app, 'buiten@example.org');
    expect((await verdict(out, 'm-dpia', { verdict: 'accepted' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/clarifications`, headers: out.read })).statusCode).toBe(404);
  });
});

describe('the blind-review rule over verdicts', () => {
  it('hides an assessor\'s verdicts from other assessors until they submit their own review; requests sent are shared at once; managers see all', async () => {
    expect((await verdict(one, 'm-retention', { verdict: 'accepted' })).statusCode).toBe(200);
    await ask(one, 'm-dpia', 'evidence', 'Stuur de DPIA mee.');

    // Assessor two: one's verdicts are hidden (counted), but the request sent to the startup is shared.
    let seen = await staffView(two);
    expect(seen.verdicts).toEqual([]);
    expect(seen.verdictsHidden).toBe(2);
    expect(seen.threads).toHaveLength(1);
    expect(seen.threads[0].messages[0].text).toBe('Stuur de DPIA mee.');
    // The audit trail follows the same rule: one's verdict.save is hidden, the request is not.
    let audit = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}`, headers: two.read })).json().audit;
    expect(audit.map((a: any) => a.action)).not.toContain('verdict.save');
    expect(audit.map((a: any) => a.action)).toContain('clarification.request');

    // A draft review is not enough.
    expect((await putReview(two, false)).statusCode).toBe(200);
    expect((await staffView(two)).verdicts).toEqual([]);
    expect((await putReview(two, true)).statusCode).toBe(200);
    seen = await staffView(two);
    expect(seen.verdictsHidden).toBe(0);
    expect(seen.verdicts.map((v: any) => [v.questionId, v.verdict, v.own, v.assessor.email])).toEqual([
      ['m-dpia', 'evidence', false, 'een@example.org'], ['m-retention', 'accepted', false, 'een@example.org'],
    ]);
    audit = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}`, headers: two.read })).json().audit;
    expect(audit.map((a: any) => a.action)).toContain('verdict.save');

    const managerView = await staffView(manager);
    expect(managerView.verdicts).toHaveLength(2);
    expect(managerView.canGiveVerdicts).toBe(false);
  });
});

describe('the startup answers', () => {
  it('sees the open requests by its token, without the assessor\'s name, and answers with text, links and a PDF', async () => {
    const threadId = await ask();
    const view = await startupView();
    expect(view).toMatchObject({ programme: { name: 'Subsidie AI 2026' }, open: 1, threads: [{ id: threadId, questionId: 'm-dpia', kind: 'evidence', state: 'open' }] });
    expect(view.threads[0].messages[0].author).toEqual({ kind: 'assessor' });
    expect(JSON.stringify(view)).not.toContain('een@example.org');
    // Someone else's token sees nothing of it.
    const other = await submittedResponse(app);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${startup.id}/clarifications`, headers: bearer(other.token) })).statusCode).toBe(404);

    const up = await upload(threadId, PDF, 'DPIA <concept> "v2".pdf');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ name: 'DPIA-concept-v2.pdf', contentType: 'application/pdf', size: PDF.length });
    const res = await answer(threadId, { text: 'Hierbij de concept-DPIA.', links: ['https://acme.example/dpia'], fileId: up.json().id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ revision: null, scores: null });

    const after = await startupView();
    expect(after.open).toBe(0);
    expect(after.threads[0]).toMatchObject({ state: 'answered' });
    expect(after.threads[0].messages[1]).toMatchObject({ author: { kind: 'startup' }, text: 'Hierbij de concept-DPIA.', links: ['https://acme.example/dpia'], file: { name: 'DPIA-concept-v2.pdf' } });
    const staff = await staffView(two);
    expect(staff.threads[0].messages[1].file).toMatchObject({ id: up.json().id, contentType: 'application/pdf' });

    // The file cannot go with a second answer.
    const again = await answer(threadId, { text: 'nog eens', fileId: up.json().id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('file-already-attached');
  });

  it('refuses links that are not http(s) and empty answers', async () => {
    const threadId = await ask();
    for (const link of ['javascript:alert(1)', 'ftp://acme.example/x', 'https://user:pw@acme.example/', 'not a url']) {
      const res = await answer(threadId, { text: 'zie link', links: [link] });
      expect(res.statusCode, link).toBe(400);
      expect(res.json().code).toBe('invalid-link');
    }
    const tooMany = await answer(threadId, { text: 'x', links: Array.from({ length: 6 }, (_, i) => `https://acme.example/${i}`) });
    expect(tooMany.statusCode).toBe(400);
    const empty = await answer(threadId, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('answer-empty');
  });

  it('cannot answer once the test is withdrawn from the programme that asked', async () => {
    const threadId = await ask();
    const withdrawn = await app.inject({ method: 'DELETE', url: `/api/responses/${startup.id}/programme`, headers: bearer(startup.token) });
    expect(withdrawn.statusCode).toBe(200);
    expect((await startupView()).threads).toEqual([]);
    const res = await answer(threadId, { text: 'te laat' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('not-shared');
  });

  it('mails the assessor who asked, in their language, naming the programme; no mail to the startup, which left no address', async () => {
    const threadId = await ask(one);
    const before = await tables.value<number>(app, 'SELECT count(*) FROM mail_outbox');
    expect(Number(before)).toBe(0);
    expect((await answer(threadId, { text: 'Zie bijlage.' })).statusCode).toBe(200);
    const mails = await tables.rows<{ recipient: string; template: string; subject: string; text_body: string; locale: string }>(app, 'SELECT recipient, template, subject, text_body, locale FROM mail_outbox');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: 'een@example.org', template: 'clarification-answered', locale: 'en', subject: 'Subsidie AI 2026: your request was answered' });
    expect(mails[0].text_body).toContain('Acme Analytics answered your request');
    expect(mails[0].text_body).toContain(`${PUBLIC_URL}/staff/submissions/${startup.id}`);
  });

  it('mails no one who was taken off the programme since asking: the mail names the startup and its programme', async () => {
    const threadId = await ask(one);
    const oneId = await tables.value<string>(app, 'SELECT id FROM users WHERE email = ?', 'een@example.org');
    expect((await app.inject({ method: 'DELETE', url: `/api/programmes/${programme.id}/members/${oneId}`, headers: admin.write })).statusCode).toBe(204);
    expect((await answer(threadId, { text: 'Zie bijlage.' })).statusCode).toBe(200);
    const mails = await tables.rows<{ recipient: string; text_body: string }>(app, 'SELECT recipient, text_body FROM mail_outbox');
    expect(mails.filter((m) => m.recipient === 'een@example.org')).toEqual([]);
    expect(mails.some((m) => m.text_body.includes('Acme Analytics'))).toBe(false);
  });
});

describe('files', () => {
  it('checks the type by content: a .pdf that is really HTML is refused, as is anything but PDF, PNG and JPEG', async () => {
    const threadId = await ask();
    const html = await upload(threadId, HTML, 'bewijs.pdf', 'application/pdf');
    expect(html.statusCode).toBe(415);
    expect(html.json()).toMatchObject({ statusCode: 415, code: 'file-type-not-allowed' });
    const png = await upload(threadId, PNG, 'screenshot.pdf');
    expect(png.statusCode).toBe(201);
    // The name follows the content, not the claim.
    expect(png.json()).toMatchObject({ name: 'screenshot.png', contentType: 'image/png' });
    expect(Number(await tables.value(app, 'SELECT count(*) FROM clarification_files'))).toBe(1);
  });

  it('refuses a file over 5 MB before reading it all, and more than 5 files per request', async () => {
    const threadId = await ask();
    const big = await upload(threadId, Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('too-large');
    for (let i = 0; i < 5; i++) expect((await upload(threadId, PDF)).statusCode).toBe(201);
    const sixth = await upload(threadId, PDF);
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().code).toBe('file-limit-reached');
  });

  // The counts were read and the rows written in separate steps: on PostgreSQL twenty uploads at once
  // stored 19 files, one file went with three answers and a thread took 53 messages.
  it('holds its bounds when requests arrive at once: 5 files per request, one answer per file, 50 messages per thread', async () => {
    const threadId = await ask();
    const uploads = await Promise.all(Array.from({ length: 20 }, () => upload(threadId, PDF)));
    expect(uploads.filter((r) => r.statusCode === 201)).toHaveLength(5);
    for (const r of uploads.filter((r) => r.statusCode !== 201)) expect(r.json()).toMatchObject({ statusCode: 409, code: 'file-limit-reached' });
    expect(Number(await tables.value(app, 'SELECT count(*) FROM clarification_files'))).toBe(5);

    const fileId = uploads.find((r) => r.statusCode === 201)!.json().id;
    const withFile = await Promise.all(Array.from({ length: 4 }, () => answer(threadId, { text: 'Bijlage', fileId })));
    expect(withFile.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of withFile.filter((r) => r.statusCode !== 200)) expect(r.json()).toMatchObject({ statusCode: 409, code: 'file-already-attached' });
    expect(Number(await tables.value(app, 'SELECT count(*) FROM clarification_messages WHERE file_id = ?', fileId))).toBe(1);

    const texts = await Promise.all(Array.from({ length: 60 }, (_, i) => answer(threadId, { text: `Antwoord ${i}` })));
    for (const r of texts.filter((r) => r.statusCode !== 200)) expect(r.json()).toMatchObject({ statusCode: 409, code: 'file-limit-reached' });
    expect(Number(await tables.value(app, 'SELECT count(*) FROM clarification_messages'))).toBe(50);
  });

  it('serves a file only as a download, to the startup and the programme\'s staff, and to no one else', async () => {
    const threadId = await ask();
    const fileId = (await upload(threadId, PDF, 'bewijs.pdf')).json().id;
    await answer(threadId, { text: 'Bijlage', fileId });
    const check = (res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe('attachment; filename="bewijs.pdf"');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(String(res.headers['content-security-policy'])).toMatch(/^sandbox/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.rawPayload.equals(PDF)).toBe(true);
    };
    check(await app.inject({ method: 'GET', url: `/api/responses/${startup.id}/files/${fileId}`, headers: bearer(startup.token) }));
    for (const who of [one, two, manager, admin]) check(await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/files/${fileId}`, headers: who.read }));

    const other = await submittedResponse(app);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${other.id}/files/${fileId}`, headers: bearer(other.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/responses/${startup.id}/files/${fileId}`, headers: bearer(other.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/files/${fileId}` })).statusCode).toBe(401);
    const elsewhere = await createProgramme(app, admin, { name: 'Elders' });
    const stranger = await createUser(app, 'vreemd@example.org', 'manager');
    await app.staffRepos.programmes.addMember(elsewhere.id, stranger.id);
    const s = await login(app, 'vreemd@example.org');
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}/files/${fileId}`, headers: s.read })).statusCode).toBe(404);
    // Another submission's id with this file does not help either.
    await share(app, other, elsewhere.joinCode, 'Ander');
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${other.id}/files/${fileId}`, headers: s.read })).statusCode).toBe(404);
  });
});

describe('corrections', () => {
  it('shows the newest 500 corrections when a startup made more, with the scores before each where known', async () => {
    const threadId = await ask(one, 'm-dpia', 'clarification', 'Is de DPIA af?');
    const now = new Date().toISOString();
    const scores = (n: number) => JSON.stringify({ profile: 'zoeker', goal: n, precondition: n });
    await app.database.kysely.insertInto('answer_revisions').values(Array.from({ length: 520 }, (_, n) => ({
      response_id: startup.id, number: n, answers: JSON.stringify({ 'm-dpia': { option: 'done' }, filler: 'x'.repeat(1000) }),
      changes: JSON.stringify(n === 0 ? [] : [{ question: 'm-dpia', from: { option: 'partly' }, to: { option: 'done' }, n }]),
      scores: scores(n), thread_id: n === 0 ? null : threadId, created_at: now,
    }))).execute();
    const view = await staffView(one);
    expect(view.revisions).toHaveLength(500);
    // The newest is the last one made; the oldest shown has no known scores before it.
    expect(view.revisions.at(-1)).toMatchObject({ number: 500, changes: [{ n: 519 }], scores: { goal: 519 }, before: { goal: 518 } });
    expect(view.revisions[0]).toMatchObject({ number: 1, changes: [{ n: 20 }], before: null });
  });

  it('makes a new revision, keeps the original, recomputes and stores the scores, shows old → new to assessors and audits it all', async () => {
    const threadId = await ask(one, 'm-dpia', 'clarification', 'Is de DPIA inmiddels af?');
    const before = (await staffView(one));
    expect(before.revisions).toEqual([]);
    const submitted = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}`, headers: one.read })).json().submission;

    const res = await answer(threadId, { text: 'Ja, de DPIA is af.', correction: { option: 'done', note: 'Vastgesteld door de FG' } });
    expect(res.statusCode, res.body).toBe(200);
    const { revision, scores } = res.json();
    expect(revision).toBe(1);
    expect(scores.before).toMatchObject({ precondition: 79.5, values: { privacy: 72.5, security: 90 } });
    expect(scores.after).toMatchObject({ precondition: 94.5, values: { privacy: 97.5, security: 90 } });

    // The original is kept as revision 0; the current answers are the corrected ones.
    const revs = await tables.rows<{ number: number; answers: string }>(app, 'SELECT number, answers FROM answer_revisions WHERE response_id = ? ORDER BY number', startup.id);
    expect(revs.map((r) => r.number)).toEqual([0, 1]);
    expect(JSON.parse(revs[0].answers)['m-dpia']).toEqual({ option: 'partly', note: 'Concept-DPIA ligt bij de FG' });
    expect(JSON.parse(revs[1].answers)['m-dpia']).toEqual({ option: 'done', note: 'Vastgesteld door de FG' });
    const own = await app.inject({ method: 'GET', url: `/api/responses/${startup.id}`, headers: bearer(startup.token) });
    expect(own.json().answers['m-dpia'].option).toBe('done');

    // Stored scores follow: the submission list and the per-value scores.
    const now = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}`, headers: two.read })).json();
    expect(submitted.preconditionScore).toBe(79.5);
    expect(now.submission.preconditionScore).toBe(94.5);
    const stored = JSON.parse((await tables.value<string>(app, 'SELECT value_scores FROM response_scores WHERE response_id = ?', startup.id)));
    expect(stored.privacy[0]).toBe(97.5);

    // Assessors see old → new and both sets of scores.
    const view = await staffView(two);
    expect(view.revisions.map((r: any) => r.number)).toEqual([0, 1]);
    expect(view.revisions[1].changes).toEqual([{ question: 'm-dpia', from: { option: 'partly', note: 'Concept-DPIA ligt bij de FG' }, to: { option: 'done', note: 'Vastgesteld door de FG' } }]);
    expect(view.revisions[1].scores.precondition).toBe(94.5);
    // Assessors read the change in words: the options' labels come with the view (e2e walk-through).
    expect(view.optionLabels['m-dpia'].partly).toEqual({ nl: 'Deels', en: 'Partly' });
    expect(view.revisions[0].scores.precondition).toBe(79.5);
    expect(view.threads[0].messages[1]).toMatchObject({ revision: 1 });

    // Audit: the request, the correction with old and new, the answer.
    const audit = now.audit.map((a: any) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['clarification.request', 'answer.correct', 'clarification.answer']));
    const correct = now.audit.find((a: any) => a.action === 'answer.correct');
    expect(correct).toMatchObject({ actor: 'respondent', detail: { question: 'm-dpia', revision: 1, from: { option: 'partly' }, to: { option: 'done' } } });

    // A second correction builds on the first.
    const second = await ask(two, 'm-retention', 'clarification', 'Hoe lang bewaart u?');
    const r2 = await answer(second, { text: 'We weten het niet zeker.', correction: { option: 'dont-know' } });
    expect(r2.json().revision).toBe(2);
    const last = await tables.rows<{ answers: string }>(app, 'SELECT answers FROM answer_revisions WHERE response_id = ? AND number = 2', startup.id);
    expect(JSON.parse(last[0].answers)).toMatchObject({ 'm-dpia': { option: 'done' }, 'm-retention': { option: 'dont-know' } });
  });

  it('another programme sees only its own corrections, numbered from 1, against the answers as it was given them', async () => {
    // Two corrections for this programme, then the startup withdraws and shares with another.
    for (const [question, option] of [['m-dpia', 'done'], ['m-retention', 'dont-know']] as const) {
      expect((await answer(await ask(one, question, 'clarification', 'Klopt dit?'), { text: 'Aangepast.', correction: { option } })).statusCode).toBe(200);
    }
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${startup.id}/programme`, headers: bearer(startup.token) })).statusCode).toBe(200);
    const other = await createProgramme(app, admin, { name: 'Andere regeling' });
    await app.staffRepos.programmes.addMember(other.id, (await createUser(app, 'derde@example.org', 'assessor')).id);
    const third = await login(app, 'derde@example.org');
    await share(app, startup, other.joinCode, 'Acme Analytics');
    const given = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}`, headers: third.read })).json().submission;
    const res = await answer(await ask(third, 'm-security', 'clarification', 'Ook back-ups?'), { text: 'Ja.', correction: { options: ['mfa'] } });
    expect(res.statusCode, res.body).toBe(200);

    const view = await staffView(third);
    // Not 0 and 3: that would tell that two corrections were made for someone else.
    expect(view.revisions.map((r: any) => r.number)).toEqual([0, 1]);
    // Revision 0 is what this programme was given (the earlier corrections included), not the first submission.
    expect(view.revisions[0]).toMatchObject({ changes: [], threadId: null });
    expect(view.revisions[0].scores.precondition).toBe(given.preconditionScore);
    expect(view.revisions[1].before).toEqual(view.revisions[0].scores);
    expect(view.revisions[1].changes.map((c: any) => c.question)).toEqual(['m-security']);
    expect(JSON.stringify(view)).not.toContain('m-retention');
    expect(view.threads[0].messages.find((m: any) => m.revision !== null)).toMatchObject({ revision: 1 });
    const audit = (await app.inject({ method: 'GET', url: `/api/submissions/${startup.id}`, headers: third.read })).json().audit;
    expect(audit.find((a: any) => a.action === 'answer.correct')).toMatchObject({ detail: { question: 'm-security', revision: 1 } });
    expect(audit.find((a: any) => a.action === 'clarification.answer')).toMatchObject({ detail: { revision: 1 } });
  });

  it('refuses a correction that does not fit the question, changing nothing', async () => {
    const threadId = await ask();
    const res = await answer(threadId, { text: 'x', correction: { option: 'no-such-option' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid-answers');
    expect(Number(await tables.value(app, 'SELECT count(*) FROM answer_revisions'))).toBe(0);
    expect((await startupView()).threads[0].state).toBe('open');
  });
});
