// What the verification page is handed (a dropped or chosen file, a link's fragment) and the words
// for what the server says about a statement. Pure, so it is tested without a browser
// (test/unit/verify-input.test.ts); the checking itself is core/attestation.ts.
import { LOCAL_ISSUER, type AttestationStatus } from '../../../core/attestation.js';

/** Larger files are refused before they are read: an export is tens of kB, a report PDF a few MB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const JWS = '[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+';
const LINK_IN_TEXT = new RegExp(`/verify#a=(${JWS})`);
/** A PDF string in hex form (`<2F76…>`): how a PDF writer may store a link annotation's URI. */
const HEX_STRING = /<([0-9A-Fa-f\s]{40,})>/g;

export type FileInput =
  | { kind: 'json'; jws: string; report: unknown }
  | { kind: 'json-unsigned' }
  | { kind: 'pdf'; jws: string }
  | { kind: 'pdf-without-link' }
  | { kind: 'too-large' }
  | { kind: 'unknown' };

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/**
 * The attestation behind the verification link a report PDF carries: the cover's QR code is a link,
 * so the PDF holds its URI in a link annotation (written uncompressed, as a literal or a hex string).
 */
export function verifyLinkInPdf(bytes: Uint8Array): string | null {
  const text = latin1(bytes);
  const literal = LINK_IN_TEXT.exec(text);
  if (literal) return literal[1];
  for (const m of text.matchAll(HEX_STRING)) {
    const hex = m[1].replace(/\s/g, '');
    if (hex.length % 2) continue;
    const decoded = hex.replace(/../g, (pair) => String.fromCharCode(parseInt(pair, 16)));
    const found = LINK_IN_TEXT.exec(decoded);
    if (found) return found[1];
  }
  return null;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** What a file is: a JSON export (with its report and attestation), a report PDF, or neither. */
export function classifyFile(bytes: Uint8Array, size: number = bytes.length): FileInput {
  if (size > MAX_FILE_BYTES) return { kind: 'too-large' };
  if (latin1(bytes.subarray(0, 1024)).includes('%PDF-')) {
    const jws = verifyLinkInPdf(bytes);
    return jws ? { kind: 'pdf', jws } : { kind: 'pdf-without-link' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { kind: 'unknown' };
  }
  if (!isObject(parsed) || !('report' in parsed) || !('attestation' in parsed)) return { kind: 'unknown' };
  if (parsed.attestation === null) return { kind: 'json-unsigned' };
  if (typeof parsed.attestation !== 'string' || !isObject(parsed.report)) return { kind: 'unknown' };
  return { kind: 'json', jws: parsed.attestation, report: parsed.report };
}

export type { AttestationStatus };

/** The message key and date for a status; `since` is formatted by the caller in the page's language. */
export function statusWords(s: Pick<AttestationStatus, 'status' | 'since'>): { key: 'verify.status.current' | 'verify.status.superseded' | 'verify.status.withdrawn'; since: string | null } {
  if (s.status === 'superseded') return { key: 'verify.status.superseded', since: s.since };
  if (s.status === 'withdrawn') return { key: 'verify.status.withdrawn', since: s.since };
  return { key: 'verify.status.current', since: null };
}

/** Whether a statement names this app as its issuer: only then can this app's keys vouch for it. */
export function issuedHere(iss: string, publicUrl: string | null): boolean {
  return iss === (publicUrl ?? LOCAL_ISSUER);
}

/** A hash or id for display: the start and the end, enough to compare by eye. */
export const shortHash = (h: string) => (h.length > 16 ? `${h.slice(0, 8)}…${h.slice(-8)}` : h);
