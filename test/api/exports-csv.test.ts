// The programme CSV a programme can file (issue 14 item 5, staff walkthrough #18): words instead of
// codes, Excel dates, and per assessor the scores and comments, under the blind-review rule.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgramme, share, signedIn, staffApp, submittedResponse, memberOf, type Session } from '../helpers/staff.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

const member = (programmeId: string, email: string, role: 'manager' | 'assessor') => memberOf(app, programmeId, email, role);

/** The file as rows of cells (no quoted separators in this data), and the cell under a header. */
function parse(body: string, sep: string) {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = body.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(sep));
  return { header, rows, cell: (row: string[], name: string) => {
    const i = header.indexOf(name);
    expect(i, `${name} in ${header.join(' | ')}`).toBeGreaterThan(-1);
    return row[i];
  } };
}

describe('the programme CSV', () => {
  it('staff #18: per assessor scores, comments and judgement in words, Dutch dates, only reviews the exporter may see', async () => {
    const p = await createProgramme(app, admin, { name: 'Subsidie AI 2026' });
    const manager = await member(p.id, 'manager@example.org', 'manager');
    const alice = await member(p.id, 'alice@example.org', 'assessor');
    const bob = await member(p.id, 'bob@example.org', 'assessor');
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Fairhire AI');
    const review = (who: Session, score: number, comment: string, judgement: string, overall: string) => app.inject({
      method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: who.write,
      payload: { scores: { privacy: { score, comment } }, judgement, comment: overall, submit: true },
    });
    expect((await review(alice, 25, 'DPIA ontbreekt', 'conditional', 'Alleen met DPIA')).statusCode).toBe(200);
    // Bob's draft is nobody's business but Bob's.
    const draft = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: bob.write,
      payload: { scores: { privacy: { score: 99, comment: 'BOB-DRAFT' } }, judgement: 'positive', comment: 'BOB-DRAFT', submit: false } });
    expect(draft.statusCode).toBe(200);
    const csv = async (who: Session, locale = 'nl') => {
      const res = await app.inject({ url: `/api/programmes/${p.id}/export.csv?locale=${locale}`, headers: who.read });
      expect(res.statusCode, res.body).toBe(200);
      return res.body;
    };

    // The blind rule: Bob, not yet submitted, sees no column of Alice's, and no one sees his draft.
    const bobBefore = await csv(bob);
    expect(bobBefore).not.toContain('alice@example.org');
    expect(bobBefore).not.toContain('DPIA ontbreekt');
    expect(await csv(manager)).not.toContain('BOB-DRAFT');

    expect((await review(bob, 35, 'Beveiliging op orde', 'negative', 'Te vroeg')).statusCode).toBe(200);
    const nl = parse(await csv(bob), ';');
    expect(nl.rows).toHaveLength(1);
    const [row] = nl.rows;
    expect(nl.cell(row, 'Naam')).toBe('Fairhire AI');
    expect(nl.cell(row, 'Gebied')).toBe('AI');
    expect(nl.cell(row, 'Gedeeld op')).toMatch(/^\d\d-\d\d-20\d\d \d\d:\d\d$/);
    expect(nl.cell(row, 'Beoordelingsstatus')).toBe('in beoordeling');
    expect(nl.cell(row, 'Privacy en gegevensbescherming (gem. beoordelaars)')).toBe('30');
    expect(nl.cell(row, 'alice, alice@example.org: Privacy en gegevensbescherming (score)')).toBe('25');
    expect(nl.cell(row, 'alice, alice@example.org: Privacy en gegevensbescherming (toelichting)')).toBe('DPIA ontbreekt');
    expect(nl.cell(row, 'alice, alice@example.org: oordeel')).toBe('Positief onder voorwaarden');
    expect(nl.cell(row, 'alice, alice@example.org: toelichting')).toBe('Alleen met DPIA');
    expect(nl.cell(row, 'bob, bob@example.org: Privacy en gegevensbescherming (score)')).toBe('35');
    expect(nl.cell(row, 'bob, bob@example.org: oordeel')).toBe('Negatief');
    for (const h of nl.header) expect(h).not.toMatch(/\([^)]*\(/);
    expect(row.join(';')).not.toMatch(/conditional|negative|in_review|T\d\d:\d\d/);

    // English: "," and a decimal point, English words, the ISO date order.
    const en = await csv(manager, 'en');
    expect(en).toContain('"alice, alice@example.org: Privacy and data protection (score)"');
    expect(en).toContain(',Positive with conditions,Alleen met DPIA,');
    expect(en).toMatch(/,20\d\d-\d\d-\d\d \d\d:\d\d,/);
  });
  it('stops with 413 export-too-large past EXPORT_MAX_MB instead of holding an unbounded file in memory', async () => {
    // A bound of 4,000 characters of text, and five shared tests whose names fill most of it.
    const small = await staffApp({ exportMaxChars: 4000 });
    try {
      const boss = (await signedIn(small, 'admin@example.org', 'admin')).session;
      const p = await createProgramme(small, boss, { name: 'Groot' });
      for (let i = 0; i < 5; i++) await share(small, await submittedResponse(small), p.joinCode, `Startup ${i} ${'x'.repeat(150)}`);
      const refused = await small.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv`, headers: boss.read });
      expect(refused.statusCode, refused.body.slice(0, 200)).toBe(413);
      expect(refused.json()).toMatchObject({ code: 'export-too-large' });
      // Nothing was audited as exported.
      expect((await small.inject({ method: 'GET', url: `/api/programmes/${p.id}/audit`, headers: boss.read })).body).not.toContain('programme.export');
    } finally {
      await small.close();
    }
    // The default bound takes the same file.
    const p = await createProgramme(app, admin, { name: 'Groot' });
    for (let i = 0; i < 5; i++) await share(app, await submittedResponse(app), p.joinCode, `Startup ${i} ${'x'.repeat(150)}`);
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv`, headers: admin.read })).statusCode).toBe(200);
  });

  it('builds no report and reads no response per row: the per-value scores are the stored ones, as the integration API gives them', async () => {
    const p = await createProgramme(app, admin, { name: 'Landelijke regeling' });
    const manager = await member(p.id, 'manager@example.org', 'manager');
    for (let i = 0; i < 4; i++) await share(app, await submittedResponse(app, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: ['none', 'partly', 'done', 'partly'][i] } }), p.joinCode, `Team ${i}`);
    // A programme of thousands exported a report per row (0.8 ms each, four more reads each).
    const reports = vi.spyOn(app.reports, 'reportOf');
    const finds = vi.spyOn(app.repos.responses, 'find');
    const res = await app.inject({ url: `/api/programmes/${p.id}/export.csv?locale=en`, headers: manager.read });
    expect(res.statusCode).toBe(200);
    expect(reports).not.toHaveBeenCalled();
    expect(finds).not.toHaveBeenCalled();
    // Each row's self score per value is the report's: the same figure the integration API sends.
    const { rows, cell } = parse(res.body, ',');
    expect(rows).toHaveLength(4);
    const key = (await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'Check' } })).json().key as string;
    const api = (await app.inject({ url: `/api/integration/submissions`, headers: { 'x-api-key': key } })).json();
    const privacy = app.catalog.values.find((v) => v.id === 'privacy')!;
    for (const item of api.items) {
      const row = rows.find((r) => r.includes(item.name))!;
      const self = cell(row, `${privacy.name.en} (self)`);
      expect(self === '' ? null : Number(self), item.name).toBe(item.values.privacy.score);
    }
    const reportOf = (await app.inject({ url: `/api/submissions/${api.items[0].id}`, headers: manager.read })).json();
    expect(reportOf.report.values.find((v: { id: string }) => v.id === 'privacy').score).toBe(api.items[0].values.privacy.score);
  });
});
