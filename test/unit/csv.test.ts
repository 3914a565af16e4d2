import { describe, expect, it } from 'vitest';
import { BOM, csvCell, csvDocument, formatNumber, submissionsCsv } from '../../server/export/csv.js';
import { catalogValues } from '../helpers/app.js';

describe('CSV for Dutch Excel', () => {
  it('writes numbers with a decimal comma and no thousands separator', () => {
    expect(formatNumber(62.5)).toBe('62,5');
    expect(formatNumber(1234.56, 2)).toBe('1234,56');
    expect(formatNumber(100)).toBe('100');
    expect(formatNumber(-3.25, 2)).toBe('-3,25');
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(Number.NaN)).toBe('');
    expect(csvCell(48.1)).toBe('48,1');
    expect(csvCell(-5)).toBe('-5');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+31 6 1234')).toBe("'+31 6 1234");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    expect(csvCell('Acme = goed')).toBe('Acme = goed');
  });

  it('quotes separators, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('zei "ja"')).toBe('"zei ""ja"""');
    expect(csvCell('regel 1\nregel 2')).toBe('"regel 1\nregel 2"');
    expect(csvCell(' spatie')).toBe('" spatie"');
    expect(csvCell(null)).toBe('');
  });

  it('starts with a byte-order mark and ends every row with CRLF', () => {
    const doc = csvDocument([['a', 1.5], ['b', null]]);
    expect(doc.startsWith(BOM)).toBe(true);
    expect(doc.slice(1)).toBe('a;1,5\r\nb;\r\n');
  });

  it('writes one row per submission with self and assessor score per value and the review', () => {
    const values = catalogValues();
    const doc = submissionsCsv({
      values, locale: 'nl',
      rows: [{
        submission: { id: 'abc', name: '=Evil BV', area: 'ai', sharedAt: '2026-01-02T03:04:05.000Z', profile: 'careful', goalScore: 62.5, preconditionScore: 48.1, completeness: 0.875, knockoutCount: 1, reviewStatus: 'reviewed' },
        values: values.map((v, i) => ({ id: v.id, score: i === 0 ? 75 : null })),
        reviews: [
          { assessor: { id: 'x', email: 'a@x.nl' }, scores: { [values[0].id]: { score: 60, comment: '' } }, judgement: 'positive', comment: 'Sterk; "goed"' },
          { assessor: { id: 'y', email: 'b@x.nl' }, scores: { [values[0].id]: { score: 65, comment: '' } }, judgement: 'conditional', comment: '' },
        ],
      }],
    });
    const lines = doc.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const header = lines[0].split(';');
    // 10 fixed columns, team id and attempt (3), the decision (3), then the values and assessors.
    expect(header.length).toBe(16 + 2 * values.length + 2 * (2 * values.length + 2));
    expect(header[0]).toBe('Naam');
    expect(header.slice(10, 16)).toEqual(['Team-id', 'Poging', 'Pogingen gedeeld', 'Besluit', 'Besluit: motivering', 'Besluit genomen op']);
    expect(header[16]).toContain('(zelf)');
    const row = lines[1];
    // D11: the words the staff screens and the report use, not internal codes.
    expect(row.startsWith("'=Evil BV;abc;AI;02-01-2026 04:04;Zorgvuldig;62,5;48,1;87,5;1;beoordeeld;abc;1;1;;;;75;62,5;")).toBe(true);
    expect(row).toContain(';Positief;"Sterk; ""goed""";');
    expect(row).toContain(';Positief onder voorwaarden;');
    expect(row).not.toMatch(/careful|reviewed|positive|conditional/);
  });

  it('in English: English words, "," between fields and "." as decimal mark', () => {
    const values = catalogValues();
    const doc = submissionsCsv({
      values, locale: 'en',
      rows: [{
        submission: { id: 'abc', name: 'Acme, Inc', area: 'ai', sharedAt: '2026-01-02T03:04:05.000Z', profile: 'promising-with-risks', goalScore: 62.5, preconditionScore: null, completeness: 0.5, knockoutCount: 0, reviewStatus: 'in_review' },
        values: values.map((v) => ({ id: v.id, score: null })),
        reviews: [{ assessor: { id: 'x', email: 'a@x.nl' }, scores: {}, judgement: 'negative', comment: '' }],
      }],
    });
    const [header, row] = doc.slice(1).split('\r\n');
    expect(header.startsWith('Name,Id,Area,Shared at,Profile,')).toBe(true);
    expect(row.startsWith('"Acme, Inc",abc,AI,2026-01-02 04:04,"Promising, with risks",62.5,,50,0,in review,')).toBe(true);
    expect(row).toContain(',Negative,');
  });

  it('has the screens\' word for every profile, review status and judgement in both languages', () => {
    const words = {
      nl: { profile: ['Waardevol', "Kansrijk, met risico's", 'Zorgvuldig', 'Aan het begin', 'Onvolledig'], reviewStatus: ['ingediend', 'in beoordeling', 'beoordeeld'], judgement: ['Positief', 'Positief onder voorwaarden', 'Negatief'] },
      en: { profile: ['Valuable', 'Promising, with risks', 'Careful', 'Starting out', 'Incomplete'], reviewStatus: ['submitted', 'in review', 'reviewed'], judgement: ['Positive', 'Positive with conditions', 'Negative'] },
    };
    const codes = { profile: ['valuable', 'promising-with-risks', 'careful', 'starting', 'incomplete'], reviewStatus: ['submitted', 'in_review', 'reviewed'], judgement: ['positive', 'conditional', 'negative'] };
    for (const locale of ['nl', 'en'] as const) {
      for (const [field, list] of Object.entries(codes) as Array<[keyof typeof codes, string[]]>) {
        list.forEach((code, i) => {
          const submission = { id: 'x', name: 'n', area: 'ai', sharedAt: 's', profile: 'careful', goalScore: null, preconditionScore: null, completeness: null, knockoutCount: 0, reviewStatus: 'submitted', [field]: code };
          const reviews = field === 'judgement' ? [{ assessor: { id: 'a', email: 'a@x.nl' }, scores: {}, judgement: code, comment: '' }] : [];
          const row = submissionsCsv({ values: [], locale, rows: [{ submission, values: [], reviews }] }).split('\r\n')[1];
          const word = words[locale][field][i];
          expect(row, `${locale} ${field} ${code}`).toContain(field === 'judgement' ? `${locale === 'nl' ? ';' : ','}${word}` : locale === 'en' && word.includes(',') ? `"${word}"` : word);
        });
      }
    }
  });
});

describe('the international dialect (English exports)', () => {
  it('uses "," between fields and "." as decimal mark, quoting accordingly, with the same formula guard', async () => {
    const { INTERNATIONAL, csvCell: cell, csvDocument: doc } = await import('../../server/export/csv.js');
    expect(cell(48.1, INTERNATIONAL)).toBe('48.1');
    expect(cell('a,b', INTERNATIONAL)).toBe('"a,b"');
    expect(cell('a;b', INTERNATIONAL)).toBe('a;b');
    expect(cell('=1+1', INTERNATIONAL)).toBe("'=1+1");
    expect(doc([['x', 1.5], ['y', null]], INTERNATIONAL)).toBe('\uFEFFx,1.5\r\ny,\r\n');
  });
});

describe('staff #18: the programme CSV in words, with Excel dates and per-assessor columns', () => {
  const values = catalogValues();
  const submission = { id: 'abc', name: 'Fairhire AI', area: 'xr', sharedAt: '2026-11-30T02:31:53.481Z', profile: 'starting', goalScore: 40, preconditionScore: 55.5, completeness: 1, knockoutCount: 0, reviewStatus: 'in_review' };
  const alice = { id: 'a', email: 'alice@x.nl', name: 'Alice Jansen' };
  const bob = { id: 'b', email: 'bob@x.nl', name: '' };
  const reviewsOf = (v0: string) => [
    { assessor: bob, scores: { [v0]: { score: 35, comment: 'te weinig bewijs' } }, judgement: 'negative', comment: '=zwak' },
    { assessor: alice, scores: { [v0]: { score: 25.5, comment: '' } }, judgement: 'conditional', comment: 'Onder voorwaarden' },
  ];
  const parse = (doc: string, sep: string) => doc.slice(1).split('\r\n').filter(Boolean).map((l) => l.split(sep));

  it('words the area, writes dates Excel reads in the file\'s locale (Europe/Amsterdam) and never nests parentheses', async () => {
    const { formatDateTime } = await import('../../server/export/csv.js');
    expect(formatDateTime('2026-11-30T02:31:53.481Z', 'nl')).toBe('30-11-2026 03:31');
    // Summer time is Amsterdam's too; English gets the ISO order every Excel reads.
    expect(formatDateTime('2026-07-01T22:05:00.000Z', 'nl')).toBe('02-07-2026 00:05');
    expect(formatDateTime('2026-11-30T02:31:53.481Z', 'en')).toBe('2026-11-30 03:31');
    const [header, row] = parse(submissionsCsv({ values, locale: 'nl', rows: [{ submission, values: [], reviews: [] }] }), ';');
    expect(row.slice(2, 5)).toEqual(['Immersieve technologie (XR)', '30-11-2026 03:31', 'Aan het begin']);
    for (const h of header) expect(h, h).not.toMatch(/\([^)]*\(/);
    expect(header).toContain(`${values[0].name.nl} (gem. beoordelaars)`);
    const en = parse(submissionsCsv({ values, locale: 'en', rows: [{ submission, values: [], reviews: [] }] }), ',');
    expect(en[1].slice(2, 5)).toEqual(['Immersive technology (XR)', '2026-11-30 03:31', 'Starting out']);
  });

  it('has per assessor with a submitted review a score and comment per value, the judgement and the comment', () => {
    const v0 = values[0].id;
    const doc = submissionsCsv({ values, locale: 'nl', rows: [
      { submission, values: [], reviews: reviewsOf(v0) },
      { submission: { ...submission, id: 'def' }, values: [], reviews: [reviewsOf(v0)[1]] },
    ] });
    const [header, first, second] = parse(doc, ';');
    const col = (name: string) => {
      const i = header.indexOf(name);
      expect(i, `${name} in ${header.join(' | ')}`).toBeGreaterThan(-1);
      return i;
    };
    const v0name = values[0].name.nl;
    // Alice before Bob (by e-mail), each named once per column, with their name where they have one.
    expect(col(`Alice Jansen, alice@x.nl: ${v0name} (score)`)).toBeLessThan(col(`bob@x.nl: ${v0name} (score)`));
    expect(first[col(`Alice Jansen, alice@x.nl: ${v0name} (score)`)]).toBe('25,5');
    expect(first[col(`bob@x.nl: ${v0name} (score)`)]).toBe('35');
    expect(first[col(`bob@x.nl: ${v0name} (toelichting)`)]).toBe('te weinig bewijs');
    expect(first[col('bob@x.nl: oordeel')]).toBe('Negatief');
    expect(first[col('Alice Jansen, alice@x.nl: oordeel')]).toBe('Positief onder voorwaarden');
    expect(first[col('bob@x.nl: toelichting')]).toBe("'=zwak");
    expect(first[col(`${v0name} (gem. beoordelaars)`)]).toBe('30,3');
    // A submission Bob did not review leaves his columns empty.
    expect(second[col('bob@x.nl: oordeel')]).toBe('');
    expect(second[col('Alice Jansen, alice@x.nl: oordeel')]).toBe('Positief onder voorwaarden');
    expect(second).toHaveLength(header.length);
    expect(doc).not.toMatch(/negative|conditional|in_review|starting/);
  });

  it('in English the same columns with ",", a decimal point and English words', () => {
    const v0 = values[0].id;
    const doc = submissionsCsv({ values, locale: 'en', rows: [{ submission, values: [], reviews: reviewsOf(v0) }] });
    // The label's comma is quoted in the English dialect.
    expect(doc).toContain(`"Alice Jansen, alice@x.nl: ${values[0].name.en} (score)"`);
    expect(doc).toContain(',25.5,');
    expect(doc).toContain('bob@x.nl: judgement,bob@x.nl: comment');
    expect(doc).toContain('Negative');
    expect(doc).toContain('in review');
  });

  it('the decision columns: the same labels with or without a decision, outcome in words, the CSV date format', async () => {
    const { decisionFields } = await import('../../server/export/decision.js');
    expect(decisionFields('nl', null)).toEqual([
      { label: 'Besluit', value: null }, { label: 'Besluit: motivering', value: null }, { label: 'Besluit genomen op', value: null },
    ]);
    const d = { outcome: 'fund_with_conditions' as const, rationale: 'Met DPIA', decided_at: '2026-01-02T03:04:05.000Z' };
    expect(decisionFields('nl', d).map((f) => f.value)).toEqual(['Toekennen onder voorwaarden', 'Met DPIA', '02-01-2026 04:04']);
    expect(decisionFields('en', d)).toEqual([
      { label: 'Decision', value: 'Fund with conditions' }, { label: 'Decision: rationale', value: 'Met DPIA' }, { label: 'Decided at', value: '2026-01-02 04:04' },
    ]);
  });
});
