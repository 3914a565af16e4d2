// Random secrets (session ids, set-password tokens) and short join codes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url. */
export const newSecret = () => randomBytes(32).toString('base64url');
/**
 * A record id: 128 random bits in base64url, never starting with '-' or '_', so that a spreadsheet
 * never reads it as a formula and the CSV guard never has to alter it.
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

/** Random 256-bit secrets need no slow hash: there is nothing to guess, so SHA-256 is enough to store them. */
export const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// No 0/O, 1/I/L, 5/S, 2/Z: a code is read aloud and typed from slides.
export const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRTUVWXY346789';
export const JOIN_CODE_LENGTH = 8;
export const JOIN_CODE_PATTERN = `^[${JOIN_ALPHABET}]{${JOIN_CODE_LENGTH}}$`;

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_ALPHABET[randomInt(JOIN_ALPHABET.length)];
  return code;
}

/** What people type: lower case, spaces and dashes forgiven. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}
