// Staff get the same PDF as the startup, printed through a short-lived ticket, never the startup's token.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.js';
import { assign, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

describe('the submission PDF for staff', () => {
  it('prints the report for people of the programme, and the ticket dies with the PDF', { timeout: 60_000 }, async () => {
    // The PDF is printed from the client's own page, so this app serves the built client.
    const app = await staffApp({ clientDir: join(ROOT, 'dist/client') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
      const programme = await createProgramme(app, admin, { name: 'Programma PDF' });
      await createUser(app, 'assessor@example.org', 'assessor');
      await assign(app, admin, programme.id, 'assessor@example.org', 'assessor');
      const assessor = await login(app, 'assessor@example.org');
      const response = await submittedResponse(app);
      await share(app, response, programme.joinCode, 'PDF Startup BV');

      let ticket: string | undefined;
      const render = app.pdf.renderForStaff;
      // Watch the ticket the renderer hands its browser, to check it is refused once the PDF is done.
      app.pdf.renderForStaff = async (input) => {
        const original = app.pdf.ticketResponse;
        app.pdf.ticketResponse = (token) => {
          ticket = token;
          return original(token);
        };
        try {
          return await render(input);
        } finally {
          app.pdf.ticketResponse = original;
        }
      };
      const res = await app.inject({ url: `/api/submissions/${response.id}/report.pdf?locale=en`, headers: assessor.read });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await pdfjs.getDocument({ data: new Uint8Array(res.rawPayload), useSystemFonts: true }).promise;
      const first = (await (await doc.getPage(1)).getTextContent()).items.map((i: any) => i.str).join(' ');
      expect(first).toContain('Public values report');
      expect(doc.numPages).toBeGreaterThan(3);

      expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const after = await app.inject({ url: '/api/shared/report', headers: { authorization: `Bearer ${ticket}` } });
      expect(after.statusCode).toBe(404);
      // Someone outside the programme is not told the submission exists.
      await createUser(app, 'other@example.org', 'assessor');
      const other = await login(app, 'other@example.org');
      expect((await app.inject({ url: `/api/submissions/${response.id}/report.pdf`, headers: other.read })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('answers 503 pdf-unavailable, not 500, when the printing browser cannot reach the report page', { timeout: 60_000 }, async () => {
    // Port 9 (discard) has nothing listening here: the browser's navigation fails at once.
    const app = await staffApp({ clientDir: join(ROOT, 'dist/client'), pdfOrigin: 'http://127.0.0.1:9' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
      const programme = await createProgramme(app, admin, { name: 'Programma PDF' });
      const response = await submittedResponse(app);
      await share(app, response, programme.joinCode, 'PDF Startup BV');
      const res = await app.inject({ url: `/api/submissions/${response.id}/report.pdf`, headers: admin.read });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('pdf-unavailable');
      // The ticket made for that print is gone with it.
      expect(await app.database.kysely.selectFrom('print_tickets').select('token_hash').execute()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
