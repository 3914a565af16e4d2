// The staff PDF a programme can file (issue 14 item 5, staff walkthrough #3): it says which startup,
// programme, area and attempt it is, carries the reviews the requester may see, is tagged for
// screen readers and has a name that tells ten of them apart. Needs `npm run build` (the print page).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.js';
import { bearer, createProgramme, share, signedIn, staffApp, submittedResponse, memberOf, type Session } from '../helpers/staff.js';

const dir = mkdtempSync(join(tmpdir(), 'staff-pdf-'));
function pdfTools(pdf: Buffer, name: string) {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }) };
}

describe('the staff PDF', () => {
  it('staff #3: names startup, programme, area and attempt, holds the visible reviews, is tagged and meaningfully named', { timeout: 120_000 }, async () => {
    const app = await staffApp({ clientDir: join(ROOT, 'dist/client') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
      const programme = await createProgramme(app, admin, { name: 'Subsidie AI 2026 – Ronde é' });
      const member = (email: string, role: 'manager' | 'assessor') => memberOf(app, programme.id, email, role);
      const manager = await member('manager@example.org', 'manager');
      const alice = await member('alice@example.org', 'assessor');
      const bob = await member('bob@example.org', 'assessor');
      // Three attempts of one team, all shared: the second is printed.
      const first = await submittedResponse(app);
      await share(app, first, programme.joinCode, 'Fairhire AI');
      const retake = async (from: { id: string; token: string }) => {
        const started = await app.inject({ method: 'POST', url: `/api/responses/${from.id}/retake`, headers: bearer(from.token) });
        expect(started.statusCode, started.body).toBe(201);
        const next = started.json() as { id: string; token: string };
        expect((await app.inject({ method: 'POST', url: `/api/responses/${next.id}/submit`, headers: bearer(next.token) })).statusCode).toBe(200);
        await share(app, next, programme.joinCode, 'Fairhire AI');
        return next;
      };
      const second = await retake(first);
      await retake(second);
      const review = (who: Session, score: number, comment: string, judgement: string, overall: string) => app.inject({
        method: 'PUT', url: `/api/submissions/${second.id}/review`, headers: who.write,
        payload: { scores: { privacy: { score, comment } }, judgement, comment: overall, submit: true },
      });
      expect((await review(alice, 25, 'ALICE-PRIVACY', 'conditional', 'ALICE-OVERALL')).statusCode).toBe(200);
      // A decision after one review (wire: the decision enters the PDF under its own blind rule).
      expect((await app.inject({ method: 'PATCH', url: `/api/programmes/${programme.id}`, headers: manager.write, payload: { reviewsNeeded: 1 } })).statusCode).toBe(200);
      const decided = await app.inject({ method: 'PUT', url: `/api/submissions/${second.id}/decision`, headers: manager.write, payload: { outcome: 'fund_with_conditions', rationale: 'PDF-RATIONALE' } });
      expect(decided.statusCode, decided.body).toBe(200);

      const print = (who: Session) => app.inject({ url: `/api/submissions/${second.id}/report.pdf?locale=nl`, headers: who.read });
      // Bob has not submitted: his PDF is without Alice's review (the blind rule).
      const bobs = await print(bob);
      expect(bobs.statusCode, bobs.body).toBe(200);
      const blind = pdfTools(bobs.rawPayload, 'bob.pdf').text;
      expect(blind).toContain('Fairhire AI');
      expect(blind).not.toContain('ALICE-');
      expect(blind).not.toContain('PDF-RATIONALE');

      expect((await review(bob, 35, 'BOB-PRIVACY', 'negative', 'BOB-OVERALL')).statusCode).toBe(200);
      const res = await print(manager);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="zelftoets-subsidie-ai-2026-ronde-e-fairhire-ai-ai-poging-2.pdf"; '
        + "filename*=UTF-8''zelftoets-Subsidie%20AI%202026%20%E2%80%93%20Ronde%20%C3%A9-Fairhire%20AI-ai-poging-2.pdf",
      );
      const { text, info } = pdfTools(res.rawPayload, 'manager.pdf');
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      const cover = text.split('\f')[0];
      expect(cover).toContain('Fairhire AI');
      expect(cover).toContain('Subsidie AI 2026 – Ronde é');
      expect(cover).toContain('poging 2 van 3');
      expect(cover).toContain('AI');
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Beoordelingen');
      for (const s of ['alice (alice@example.org)', 'ALICE-PRIVACY', 'ALICE-OVERALL', 'Positief onder voorwaarden', 'bob (bob@example.org)', 'BOB-PRIVACY', 'BOB-OVERALL', 'Negatief', 'Besluit', 'Toekennen onder voorwaarden', 'PDF-RATIONALE']) {
        expect(flat, s).toContain(s);
      }
    } finally {
      await app.close();
    }
  });
});

describe('the report PDF\'s dates', () => {
  // The PDF is printed by the server's own Chromium, whose clock is the server's (UTC in a container);
  // the DOCX, CSV and mails give dates in Europe/Amsterdam. A test submitted at 00:30 in Amsterdam on
  // 2 March is 23:30 UTC on 1 March: the PDF must give the same date as the Word file.
  it('are in Europe/Amsterdam, as the DOCX gives them, whatever the server\'s time zone', { timeout: 120_000 }, async () => {
    const app = await staffApp({ clientDir: join(ROOT, 'dist/client') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const r = await submittedResponse(app);
      await app.database.kysely.updateTable('responses').set({ submitted_at: '2026-03-01T23:30:00.000Z' }).where('id', '=', r.id).execute();
      const res = await app.inject({ url: `/api/responses/${r.id}/report.pdf?locale=nl`, headers: bearer(r.token) });
      expect(res.statusCode, res.body).toBe(200);
      const cover = pdfTools(res.rawPayload, 'amsterdam.pdf').text.split('\f')[0].replace(/\s+/g, ' ');
      expect(cover).toContain('2 maart 2026');
      expect(cover).not.toContain('1 maart 2026');
    } finally {
      await app.close();
    }
  });
});
