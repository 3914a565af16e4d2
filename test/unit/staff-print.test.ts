import { describe, expect, it } from 'vitest';
import { pdfContentDisposition, staffPrintOf } from '../../server/export/staff-print.js';
import { catalogValues } from '../helpers/app.js';

describe('staff #3: the staff PDF\'s name and additions', () => {
  it('names the file after programme, startup, area and attempt: an ASCII slug plus the UTF-8 name (RFC 6266)', () => {
    const d = pdfContentDisposition({ programme: 'Subsidie AI 2026 – Ronde é', startup: 'Fairhire "AI"/..\\x', area: 'ai', attempt: 2, locale: 'nl' });
    expect(d).toMatch(/^attachment; filename="zelftoets-subsidie-ai-2026-ronde-e-fairhire-ai-x-ai-poging-2\.pdf"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    const utf8 = decodeURIComponent(d.split("UTF-8''")[1]);
    expect(utf8).toBe('zelftoets-Subsidie AI 2026 – Ronde é-Fairhire -AI-..-x-ai-poging-2.pdf');
    expect(pdfContentDisposition({ programme: 'P', startup: 'S', area: 'xr', attempt: 1, locale: 'en' })).toContain('filename="zelftoets-p-s-xr-attempt-1.pdf"');
    // A name of nothing but symbols leaves no empty segment behind.
    expect(pdfContentDisposition({ programme: '***', startup: '日本', area: 'ai', attempt: null, locale: 'nl' })).toContain('filename="zelftoets-ai.pdf"');
  });

  it('words the cover and the reviews in the PDF\'s language', () => {
    const values = catalogValues();
    const data = staffPrintOf({
      locale: 'nl', values, startup: 'Fairhire AI', programme: 'Subsidie', area: 'xr', sharedAt: '2026-11-30T02:31:53.481Z', attempt: { attempt: 2, of: 3 },
      reviews: [{ assessor: { id: 'a', email: 'a@x.nl', name: 'Alice' }, scores: { [values[1].id]: { score: 55.5, comment: 'ok' }, [values[0].id]: { score: null, comment: '' } }, judgement: 'conditional', comment: 'c', submittedAt: '2026-11-30T10:00:00.000Z' }],
      decision: null,
    });
    expect(data).toMatchObject({ startup: 'Fairhire AI', area: 'Immersieve technologie (XR)', attempt: { n: 2, of: 3 }, sharedAt: '30-11-2026 03:31', decision: [] });
    expect(data.reviews[0]).toEqual({ assessor: 'Alice (a@x.nl)', submittedAt: '30-11-2026 11:00', judgement: 'Positief onder voorwaarden', comment: 'c', values: [{ name: values[1].name.nl, score: '55,5', comment: 'ok' }] });
  });
});
