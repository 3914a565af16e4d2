// A compact JWS (RFC 7515) signed with EdDSA by node:crypto itself. jose 6 signs through WebCrypto,
// an asynchronous job per signature that cost each submit about a quarter of a millisecond of CPU
// under load; the framing is three base64url parts, and node's Ed25519 signature is the one RFC 8037
// defines. Everything that checks statements (core/attestation.ts in the browser and `npm run
// verify`, and the tests on every statement signed) still verifies with jose.
import { sign, type KeyObject } from 'node:crypto';

const part = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

export function signEdDsaJws(header: { alg: 'EdDSA' } & Record<string, unknown>, payload: object, key: KeyObject): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
}
