// Password hashing with scrypt (memory-hard), at OWASP's current guidance: N=2^17, r=8, p=1,
// a 16-byte random salt and a 32-byte key. The parameters are stored with each hash, so a hash made
// at another cost still verifies and the cost can be raised later without breaking logins.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

export const DEFAULT_COST = 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

// scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is below that for N=2^17, so raise it.
const maxmem = (n: number, r: number) => 128 * n * r + 16 * 1024 * 1024;

/** `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>`. cost is log2 N; below 17 only for tests. */
export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const n = 2 ** cost;
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r: R, p: P, maxmem: maxmem(n, R) });
  return ['scrypt', cost, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const [cost, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (cost < 1 || cost > 20 || r < 1 || p < 1) return false;
  const expected = Buffer.from(m[5], 'base64');
  const n = 2 ** cost;
  const key = await scrypt(password.normalize('NFC'), Buffer.from(m[4], 'base64'), expected.length, { N: n, r, p, maxmem: maxmem(n, r) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing, verified against when an email is unknown, so the answer takes as long as for a known one. */
export function dummyHash(cost: number): Promise<string> {
  return hashPassword(randomBytes(16).toString('hex'), cost);
}

/** Why a new password is refused, or null. Length is what matters (NIST SP 800-63B); no composition rules. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `password must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password must have at most ${PASSWORD_MAX} characters`;
  return null;
}
