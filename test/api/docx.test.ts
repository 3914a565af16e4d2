// The DOCX routes (issue 15 item 7): the startup's report with its resume token, the staff's with the
// staff PDF's cover, reviews and decision under the same blind-review rule. Runs on both engines.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createProgramme, memberOf, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import { openDocx, paragraphs, tables, textOf } from '../helpers/docx.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let app: FastifyInstance;
beforeAll(async () => {
  app = await staffApp();
});
afterAll(async () => {
  await app.close();
});

/** The document's text (body and footers) and its parts. */
function read(payload: Buffer) {
  const docx = openDocx(payload);
  const footers = [...docx.parts.keys()].filter((k) => /^word\/footer\d*\.xml$/.test(k)).map((k) => textOf(docx.xml(k))).join(' ');
  return { ...docx, text: textOf(docx.document), footers, ps: paragraphs(docx.document) };
}

describe('GET /api/responses/:id/report.docx', () => {
  it('gives the token holder the report in the language asked, as a Word document with headings, tables, answers and notes', async () => {
    const r = await submittedResponse(app);
    const res = await app.inject({ url: `/api/responses/${r.id}/report.docx?locale=en`, headers: bearer(r.token) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="zelftoets-ai-\d{4}-\d{2}-\d{2}\.docx"$/);
    const doc = read(res.rawPayload);
    expect(doc.ps[0]).toEqual({ style: 'Title', text: 'Public values report' });
    expect(doc.ps.find((p) => p.text === 'Your answers and explanations')?.style).toBe('Heading1');
    expect(doc.ps.find((p) => p.text === 'Summary')?.style).toBe('Heading1');
    // The answers with their notes, under the questionnaire's section headings.
    const report = (await app.inject({ url: `/api/responses/${r.id}/report?locale=en`, headers: bearer(r.token) })).json();
    const answerRows = tables(doc.document.slice(doc.document.indexOf('Your answers and explanations'))).flatMap((t) => t.rows.slice(1));
    expect(answerRows.map((row) => row[0])).toEqual(report.answers.map((a: { prompt: string }) => a.prompt));
    expect(answerRows.find((row) => row[2] === 'Concept-DPIA ligt bij de FG')).toBeDefined();
    expect(doc.ps.filter((p) => p.style === 'Heading2').length).toBeGreaterThan(2);
    // Every value's name and score in the chart's data table, and the chart with its description.
    const valueRows = tables(doc.document).find((t) => t.rows[0][0] === 'Value' && t.rows[0][2] === 'Score (0-100)')!.rows.slice(1);
    expect(valueRows.map((row) => row[0])).toEqual(report.values.map((v: { name: string }) => v.name));
    expect(doc.document).toMatch(/<wp:docPr [^>]*descr="Bar chart: the score/);
    expect([...doc.parts.keys()].some((k) => /^word\/media\/.+\.png$/.test(k))).toBe(true);
    expect(doc.xml('word/styles.xml')).toContain('<w:lang w:val="en-GB"/>');
    // The verification block: the code grouped for reading, the short link in the footer, absolute links
    // to the same statement the report and the JSON export carry.
    const code = report.attestation.code as string;
    const grouped = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
    expect(doc.text).toContain(grouped);
    expect(doc.footers).toContain(grouped);
    expect(doc.text).toContain(`/verify#c=${grouped}`);
    expect(doc.document).toContain(`/verify#a=${report.attestation.jws}`);
    expect(doc.document).toMatch(/descr="[^"]*\/verify#a=/);

    // Dutch by the response's own language when none is asked.
    const nl = read((await app.inject({ url: `/api/responses/${r.id}/report.docx`, headers: bearer(r.token) })).rawPayload);
    expect(nl.ps[0].text).toBe('Rapport publieke waarden');
    expect(nl.text).toContain('Je antwoorden en toelichtingen');
    expect(nl.xml('word/styles.xml')).toContain('<w:lang w:val="nl-NL"/>');
  });

  it('says a draft carries no verification', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' } } } });
    const { id, token } = started.json();
    const doc = read((await app.inject({ url: `/api/responses/${id}/report.docx?locale=nl`, headers: bearer(token) })).rawPayload);
    expect(doc.text).toContain('Dit is een concept: een concept draagt geen verificatie.');
    expect(doc.footers).toContain('Concept: zonder verificatie');
  });

  it('refuses without the token, with another response\'s token and with a language it does not know', async () => {
    const r = await submittedResponse(app);
    const other = await submittedResponse(app);
    const none = await app.inject({ url: `/api/responses/${r.id}/report.docx` });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ statusCode: 401, code: 'token-required' });
    expect((await app.inject({ url: `/api/responses/${r.id}/report.docx`, headers: bearer(other.token) })).statusCode).toBe(404);
    const bad = await app.inject({ url: `/api/responses/${r.id}/report.docx?locale=fr`, headers: bearer(r.token) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
  });
});

describe('GET /api/submissions/:id/report.docx', () => {
  it('carries the staff cover, and the reviews and decision only as the blind-review rule allows', async () => {
    const { session: admin } = await signedIn(app, 'admin-docx@example.org', 'admin');
    const programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026 – Ronde é' });
    const manager = await memberOf(app, programme.id, 'manager-docx@example.org', 'manager');
    const alice = await memberOf(app, programme.id, 'alice-docx@example.org', 'assessor');
    const bob = await memberOf(app, programme.id, 'bob-docx@example.org', 'assessor');
    const r = await submittedResponse(app);
    await share(app, r, programme.joinCode, 'Fairhire AI');
    const review = (who: Session, comment: string, judgement: string, overall: string) => app.inject({
      method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: who.write,
      payload: { scores: { privacy: { score: 30, comment } }, judgement, comment: overall, submit: true },
    });
    expect((await review(alice, 'ALICE-PRIVACY', 'conditional', 'ALICE-OVERALL')).statusCode).toBe(200);
    expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${programme.id}`, headers: manager.write, payload: { reviewsNeeded: 1 } })).statusCode).toBe(200);
    const decided = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/decision`, headers: manager.write, payload: { outcome: 'fund_with_conditions', rationale: 'DOCX-RATIONALE' } });
    expect(decided.statusCode, decided.body).toBe(200);

    const docx = (who: Session, locale = 'nl') => app.inject({ url: `/api/submissions/${r.id}/report.docx?locale=${locale}`, headers: who.read });
    // Bob has not submitted his review: neither Alice's review nor the decision is in his document.
    const bobs = await docx(bob);
    expect(bobs.statusCode, bobs.body).toBe(200);
    const blind = read(bobs.rawPayload);
    expect(blind.text).toContain('Fairhire AI');
    expect(blind.text).not.toContain('ALICE-');
    expect(blind.text).not.toContain('DOCX-RATIONALE');
    expect(blind.text).toContain('Er zijn geen ingediende beoordelingen die je mag zien.');
    expect(blind.text).toContain('Er is nog geen besluit vastgelegd.');

    expect((await review(bob, 'BOB-PRIVACY', 'negative', 'BOB-OVERALL')).statusCode).toBe(200);
    const res = await docx(manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="zelftoets-subsidie-ai-2026-ronde-e-fairhire-ai-ai-poging-1.docx"; '
      + "filename*=UTF-8''zelftoets-Subsidie%20AI%202026%20%E2%80%93%20Ronde%20%C3%A9-Fairhire%20AI-ai-poging-1.docx",
    );
    const full = read(res.rawPayload);
    const cover = full.ps.slice(0, full.ps.findIndex((p) => p.text === 'Samenvatting')).map((p) => p.text);
    expect(cover).toEqual(expect.arrayContaining(['Voor Fairhire AI', 'Programma: Subsidie AI 2026 – Ronde é', 'Gebied: AI', 'Poging: poging 1 van 1']));
    expect(full.ps.find((p) => p.text === 'Beoordelingen')?.style).toBe('Heading1');
    expect(full.ps.find((p) => p.text === 'Besluit')?.style).toBe('Heading1');
    expect(full.ps.find((p) => p.text === 'alice-docx (alice-docx@example.org)')?.style).toBe('Heading2');
    for (const s of ['ALICE-PRIVACY', 'ALICE-OVERALL', 'Positief onder voorwaarden', 'BOB-PRIVACY', 'BOB-OVERALL', 'Negatief', 'Toekennen onder voorwaarden', 'DOCX-RATIONALE']) {
      expect(full.text, s).toContain(s);
    }
    const scores = tables(full.document).find((t) => t.rows[0].join('|') === 'Waarde|Score (0-100)|Toelichting' && t.rows.some((row) => row[2] === 'ALICE-PRIVACY'));
    expect(scores?.header).toBe(true);

    // English on request; someone outside the programme is not told the submission exists.
    expect(read((await docx(manager, 'en')).rawPayload).text).toContain('Fund with conditions');
    const { session: outsider } = await signedIn(app, 'outsider-docx@example.org', 'assessor');
    const refused = await docx(outsider);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('Fairhire');
  });
});
