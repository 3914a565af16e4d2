// The verification page's own logic (client/src/logic/verify-input.ts, verify-block.ts): finding the
// statement in a PDF's bytes, telling files apart, the status words, and the QR and footer pieces.
import { describe, expect, it } from 'vitest';
import { LOCAL_ISSUER } from '../../core/attestation.js';
import { classifyFile, issuedHere, MAX_FILE_BYTES, shortHash, statusWords, verifyLinkInPdf } from '../../client/src/logic/verify-input.js';
import { cssString, footerRule, qrRuns } from '../../client/src/logic/verify-block.js';

const JWS = 'eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiJBQkMifQ.c2lnbmF0dXJlX2J5dGVz-_x';
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const hexOf = (s: string) => Buffer.from(s, 'latin1').toString('hex').toUpperCase();

describe('the statement inside a report PDF', () => {
  it('is found in a link annotation written as a literal string, between binary streams', () => {
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 /Filter /FlateDecode >>\nstream\n', 'latin1'),
      Buffer.from([0x78, 0x9c, 0xff, 0x00, 0x2f]),
      Buffer.from(`\nendstream\nendobj\n7 0 obj\n<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://toets.example.org/verify#a=${JWS}) >> >>\nendobj\n%%EOF`, 'latin1'),
    ]);
    expect(verifyLinkInPdf(new Uint8Array(pdf))).toBe(JWS);
    expect(classifyFile(new Uint8Array(pdf))).toEqual({ kind: 'pdf', jws: JWS });
  });

  it('is found in a URI written as a hex string', () => {
    const pdf = bytes(`%PDF-1.7\n7 0 obj << /A << /S /URI /URI <${hexOf(`http://127.0.0.1:3000/verify#a=${JWS}`)}> >> >> endobj`);
    expect(verifyLinkInPdf(pdf)).toBe(JWS);
  });

  it('is not found where there is no full link: only a short link, or nothing', () => {
    expect(verifyLinkInPdf(bytes('%PDF-1.7\n<< /URI (https://x.org/verify#c=ABCD-EFGH-JKMN) >>'))).toBeNull();
    expect(verifyLinkInPdf(bytes('%PDF-1.7\n<< /URI (https://x.org/verify#a=onlyonepart) >>'))).toBeNull();
    expect(classifyFile(bytes('%PDF-1.7\n1 0 obj << >> endobj'))).toEqual({ kind: 'pdf-without-link' });
  });
});

describe('what a file is', () => {
  const exported = { format: 'zelftoets-export', report: { profile: 'careful' }, attestation: JWS };

  it('a JSON export: its attestation and its report exactly as written', () => {
    expect(classifyFile(bytes(JSON.stringify(exported)))).toEqual({ kind: 'json', jws: JWS, report: { profile: 'careful' } });
  });

  it('an export of an open response says it is not signed', () => {
    expect(classifyFile(bytes(JSON.stringify({ ...exported, attestation: null })))).toEqual({ kind: 'json-unsigned' });
  });

  it('anything else is neither: other JSON, text, images, broken UTF-8, an attestation of the wrong type', () => {
    expect(classifyFile(bytes('{"report": {}}')).kind).toBe('unknown');
    expect(classifyFile(bytes('[1,2,3]')).kind).toBe('unknown');
    expect(classifyFile(bytes('hello')).kind).toBe('unknown');
    expect(classifyFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])).kind).toBe('unknown');
    expect(classifyFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])).kind).toBe('unknown');
    expect(classifyFile(bytes(JSON.stringify({ ...exported, attestation: 42 }))).kind).toBe('unknown');
    expect(classifyFile(bytes(JSON.stringify({ ...exported, report: 'text' }))).kind).toBe('unknown');
  });

  it('refuses a file over 20 MB by its size, before looking at it', () => {
    expect(classifyFile(bytes(JSON.stringify(exported)), MAX_FILE_BYTES + 1)).toEqual({ kind: 'too-large' });
    expect(classifyFile(bytes(JSON.stringify(exported)), MAX_FILE_BYTES).kind).toBe('json');
  });
});

describe('status and issuer', () => {
  it('names current, superseded and withdrawn, with the date where there is one', () => {
    expect(statusWords({ status: 'current', since: null })).toEqual({ key: 'verify.status.current', since: null });
    expect(statusWords({ status: 'superseded', since: '2026-01-02T10:00:00Z' })).toEqual({ key: 'verify.status.superseded', since: '2026-01-02T10:00:00Z' });
    expect(statusWords({ status: 'withdrawn', since: '2026-02-03T10:00:00Z' })).toEqual({ key: 'verify.status.withdrawn', since: '2026-02-03T10:00:00Z' });
  });

  it('counts a statement as this app\'s only when it names this app\'s public address (or the local issuer when there is none)', () => {
    expect(issuedHere('https://toets.example.org', 'https://toets.example.org')).toBe(true);
    expect(issuedHere('https://other.example.org', 'https://toets.example.org')).toBe(false);
    expect(issuedHere(LOCAL_ISSUER, null)).toBe(true);
    expect(issuedHere('https://toets.example.org', null)).toBe(false);
    expect(shortHash('a'.repeat(8) + 'b'.repeat(48) + 'c'.repeat(8))).toBe('aaaaaaaa…cccccccc');
  });
});

describe('the printed block', () => {
  it('draws a QR matrix as runs of dark modules that cover exactly the dark ones', () => {
    const grid = ['##.#', '....', '####', '.#..'];
    const runs = qrRuns(4, (r, c) => grid[r][c] === '#');
    expect(runs).toEqual([[0, 0, 2], [0, 3, 1], [2, 0, 4], [3, 1, 1]]);
  });

  it('puts the footer text in a CSS string nothing can break out of', () => {
    expect(cssString('code ABCD · https://x.org/verify#c=ABCD')).toBe('"code ABCD · https://x.org/verify#c=ABCD"');
    const hostile = cssString('a" } body { display: none } @page { content: "\\');
    expect(hostile.slice(1, -1)).not.toMatch(/(^|[^\\])"/);
    expect(hostile).not.toContain('\\\\');
    expect(footerRule('x')).toMatch(/^@page \{ @bottom-left \{ content: "x";/);
  });
});
