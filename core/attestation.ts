// A report's attestation: what the server signs at submit, and how anyone checks it. Shared by the
// server (signing, `npm run verify`) and the browser (/verify), so both check exactly the same
// things. docs/verification.md describes the format for verifiers that use their own JOSE library.
import canonicalizeModule from 'canonicalize';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';

// The package is CommonJS with an ESM-style type declaration: Node and Vite hand over the function
// itself, TypeScript expects it under .default. Either way the one function is used.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (input: unknown) => string | undefined;

export const ATTESTATION_TYP = 'zelftoets-attestation+jwt';
export const ATTESTATION_ALG = 'EdDSA';
/** The issuer (`iss`) a server without PUBLIC_URL names in its statements: it has no address to give. */
export const LOCAL_ISSUER = 'urn:zelftoets:local';

export interface AttestationHeadline {
  profile: string;
  goal: number | null;
  precondition: number | null;
  /** 0..1, as the report holds it. */
  completeness: number;
  knockouts: number;
}

export interface AttestationPayload {
  iss: string;
  /** The response id. */
  sub: string;
  /** The short code (Crockford base32, 12 characters). */
  jti: string;
  /** Seconds since the epoch: when this statement was signed. */
  iat: number;
  submittedAt: string;
  locale: 'nl' | 'en';
  questionnaire: { id: string; version: string; hash: string };
  scoringVersion: number;
  reportSha256: string;
  headline: AttestationHeadline;
}

/** What GET /api/attestations/:code/status answers: nothing of the report's content. */
export interface AttestationStatus {
  code: string;
  status: 'current' | 'superseded' | 'withdrawn';
  issuedAt: string;
  since: string | null;
  keyRevoked: boolean;
}

export type Check = 'pass' | 'fail' | 'skipped';
export type VerifyFailure = 'malformed' | 'key-unknown' | 'signature-invalid' | 'hash-mismatch';

export interface VerifyResult {
  ok: boolean;
  payload: AttestationPayload | null;
  kid: string | null;
  checks: { format: Check; key: Check; signature: Check; hash: Check };
  failures: VerifyFailure[];
}

export interface PublicJwks {
  keys: Array<JWK & { kid?: string }>;
}

// ---- the short code ----------------------------------------------------------------------------

/** Crockford's base32: no I, L, O or U, so a code read aloud or off paper is not misread. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 12;

/** 60 random bits as a code, from 8 random bytes (the first 60 bits are used). */
export function codeFromBytes(bytes: Uint8Array): string {
  let bits = 0n;
  for (const b of bytes.slice(0, 8)) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[Number((bits >> BigInt(64 - 5 * (i + 1))) & 31n)];
  return out;
}

/** A typed code as stored: upper case, dashes and spaces dropped, Crockford's look-alikes mapped. Null when it cannot be one. */
export function normalizeCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.length === CODE_LENGTH && [...s].every((c) => CODE_ALPHABET.includes(c)) ? s : null;
}

export const formatCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

// ---- hashing and decoding ----------------------------------------------------------------------

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

// RFC 8785 writes strings and numbers as ECMAScript's JSON.stringify does, so only the key order is
// left to do: the value is copied with every object's keys sorted by UTF-16 code units, and the copy
// goes to JSON.stringify without a replacer. A replacer function is called back for every string
// and number too and keeps JSON.stringify off its fast path: the copy is about a fifth faster for a
// 55 KB report (a submit hashes one), and one flat string hashes about twice as fast as the library's
// concatenated one. Integer-like keys ("7") are the exception: JavaScript lists them first whatever
// the order they were added in, so an object with one goes to the library, the reference the tests
// compare with.
const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;
class NeedsLibrary extends Error {}
function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('NaN and Infinity have no JSON form');
    return value;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return sortedCopy(toJSON.call(value));
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = sortedCopy(value[i]);
    return copy;
  }
  const keys = Object.keys(value).sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57 && INTEGER_LIKE.test(key)) throw new NeedsLibrary();
    const item = sortedCopy((value as Record<string, unknown>)[key]);
    // A key "__proto__" (JSON.parse makes it an own property) must stay a key, not set the copy's prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}

/** The report's RFC 8785 canonical JSON: the same text whatever order its keys were written in. */
export function canonicalJson(report: unknown): string {
  let canonical: string | undefined;
  try {
    canonical = JSON.stringify(sortedCopy(report)) as string | undefined;
  } catch (err) {
    if (!(err instanceof NeedsLibrary)) throw err;
    canonical = canonicalize(report);
  }
  if (canonical === undefined) throw new TypeError('the report cannot be put into canonical JSON');
  return canonical;
}

/** Hex SHA-256 of the report's canonical JSON, with WebCrypto (browsers; the server hashes with node:crypto). */
export async function reportSha256(report: unknown): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(report))));
}

function base64urlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The payload has every claim a verifier shows, of the right type; anything else is malformed. */
export function isAttestationPayload(p: unknown): p is AttestationPayload {
  if (!isObject(p) || !isObject(p.questionnaire) || !isObject(p.headline)) return false;
  const q = p.questionnaire;
  const h = p.headline;
  const numOrNull = (x: unknown) => x === null || typeof x === 'number';
  return typeof p.iss === 'string' && typeof p.sub === 'string' && typeof p.jti === 'string' && typeof p.iat === 'number'
    && typeof p.submittedAt === 'string' && (p.locale === 'nl' || p.locale === 'en')
    && typeof q.id === 'string' && typeof q.version === 'string' && typeof q.hash === 'string'
    && typeof p.scoringVersion === 'number' && typeof p.reportSha256 === 'string' && /^[0-9a-f]{64}$/.test(p.reportSha256)
    && typeof h.profile === 'string' && numOrNull(h.goal) && numOrNull(h.precondition) && typeof h.completeness === 'number'
    && typeof h.knockouts === 'number';
}

/** Header and payload as written, WITHOUT checking the signature: for showing what a link claims before it is verified. */
export function decodeAttestation(jws: string): { header: { alg?: string; kid?: string; typ?: string }; payload: AttestationPayload } | null {
  const parts = jws.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1] || !parts[2]) return null;
  try {
    const header = base64urlJson(parts[0]);
    const payload = base64urlJson(parts[1]);
    if (!isObject(header) || !isAttestationPayload(payload)) return null;
    return { header: header as { alg?: string; kid?: string; typ?: string }, payload };
  } catch {
    return null;
  }
}

// ---- verification --------------------------------------------------------------------------------

/**
 * Checks an attestation against a JWKS and, when given, the report it speaks of. Every check is
 * reported, so a verifier can say exactly what failed: the format, the key (unknown to the JWKS:
 * another issuer's, or revoked), the signature, or the report's hash.
 */
export async function verifyAttestation(input: { jws: string; jwks: PublicJwks; report?: unknown }): Promise<VerifyResult> {
  const result: VerifyResult = {
    ok: false, payload: null, kid: null,
    checks: { format: 'fail', key: 'skipped', signature: 'skipped', hash: 'skipped' },
    failures: [],
  };
  const decoded = decodeAttestation(input.jws);
  if (!decoded || decoded.header.alg !== ATTESTATION_ALG || typeof decoded.header.kid !== 'string') {
    result.failures.push('malformed');
    return result;
  }
  result.checks.format = 'pass';
  result.kid = decoded.header.kid;
  result.payload = decoded.payload;

  const jwk = input.jwks.keys.find((k) => k.kid === decoded.header.kid && k.kty === 'OKP' && k.crv === 'Ed25519');
  if (!jwk) {
    result.checks.key = 'fail';
    result.failures.push('key-unknown');
  } else {
    result.checks.key = 'pass';
    try {
      // Only x: a JWKS entry that carried the private part would still verify, never sign, here.
      const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, ATTESTATION_ALG);
      const { payload } = await compactVerify(input.jws.trim(), key, { algorithms: [ATTESTATION_ALG] });
      // The signed bytes are what the payload says, not a re-encoding of what was decoded above.
      const signed = JSON.parse(new TextDecoder().decode(payload)) as unknown;
      if (!isAttestationPayload(signed)) throw new Error('payload');
      result.payload = signed;
      result.checks.signature = 'pass';
    } catch {
      result.checks.signature = 'fail';
      result.failures.push('signature-invalid');
    }
  }

  if (input.report !== undefined) {
    let digest: string | null = null;
    try {
      digest = await reportSha256(input.report);
    } catch {
      digest = null;
    }
    result.checks.hash = digest !== null && digest === result.payload.reportSha256 ? 'pass' : 'fail';
    if (result.checks.hash === 'fail') result.failures.push('hash-mismatch');
  }
  result.ok = result.failures.length === 0 && result.checks.signature === 'pass';
  return result;
}

/** The kid of a compact JWS without verifying it (for error messages); null when it has none. */
export function kidOf(jws: string): string | null {
  try {
    const kid = decodeProtectedHeader(jws.trim()).kid;
    return typeof kid === 'string' ? kid : null;
  } catch {
    return null;
  }
}

// ---- links -----------------------------------------------------------------------------------------

/** What a /verify link's fragment carries: the whole attestation (a) or only its code (c). */
export function parseVerifyFragment(hash: string): { jws: string } | { code: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const a = params.get('a');
  if (a && decodeAttestation(a)) return { jws: a.trim() };
  const c = params.get('c');
  const code = c ? normalizeCode(c) : null;
  return code ? { code } : null;
}

export const verifyLinkPath = (jws: string) => `/verify#a=${jws}`;
export const shortLinkPath = (code: string) => `/verify#c=${formatCode(code)}`;
