// The signing keys: Ed25519, kept OUT of the database so that a dump or backup holds nothing that can
// sign. The embedded default keeps them in a file next to the SQLite database, created on first
// start; several instances read the same keys from SIGNING_KEYS_FILE (a mounted secret) or
// SIGNING_KEYS (the file's JSON). Only public halves go into the database (signing_keys), from which
// every instance publishes the JWKS. docs/verification.md explains rotation and revocation.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface StoredKey {
  kid: string;
  createdAt: string;
  /** The private JWK (kty OKP, crv Ed25519, x and d). */
  jwk: JWK;
}

export interface KeyRingFile {
  /** The kid new statements are signed with. */
  active: string;
  keys: StoredKey[];
}

export interface SigningKey {
  kid: string;
  /** For node:crypto's synchronous signing (jws.ts). */
  privateKey: KeyObject;
  publicJwk: JWK;
  createdAt: string;
}

export async function newStoredKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { kid: await calculateJwkThumbprint(publicPart(jwk)), createdAt: new Date().toISOString(), jwk };
}

/** The public half of a private OKP JWK, in the members a JWKS publishes. */
export function publicPart(jwk: JWK): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
}

export function parseKeyRing(text: string, where: string): KeyRingFile {
  let ring: KeyRingFile;
  try {
    ring = JSON.parse(text) as KeyRingFile;
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  const ok = ring && typeof ring.active === 'string' && Array.isArray(ring.keys) && ring.keys.every((k) =>
    typeof k?.kid === 'string' && typeof k.createdAt === 'string' && k.jwk?.kty === 'OKP' && k.jwk.crv === 'Ed25519' && typeof k.jwk.x === 'string' && typeof k.jwk.d === 'string');
  if (!ok) throw new Error(`${where} must be {"active": kid, "keys": [{"kid", "createdAt", "jwk": Ed25519 private JWK}]} (see docs/verification.md)`);
  if (!ring.keys.some((k) => k.kid === ring.active)) throw new Error(`${where}: the active key ${ring.active} is not among its keys`);
  return ring;
}

/** Writes the ring readable by its owner only, whole or not at all (a temporary file renamed over it). */
export function writeKeyRing(path: string, ring: KeyRingFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * The key ring at `path`, created with one new key when the file does not exist yet. Two processes
 * starting at once on a new data directory both end up with the same file: creation is exclusive
 * ('wx'), and the loser reads the winner's.
 */
export async function loadOrCreateKeyRing(path: string): Promise<KeyRingFile> {
  if (!existsSync(path)) {
    const key = await newStoredKey();
    const ring: KeyRingFile = { active: key.kid, keys: [key] };
    mkdirSync(dirname(path), { recursive: true });
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, `${JSON.stringify(ring, null, 2)}\n`);
      } finally {
        closeSync(fd);
      }
      return ring;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseKeyRing(readFileSync(path, 'utf8'), path);
}

/** Where the keys come from: the JSON itself, a file, or (tests, in-memory databases) a new ring per app. */
export type KeySource = { json: string } | { file: string } | { generate: true };

export async function loadKeyRing(source: KeySource): Promise<KeyRingFile> {
  if ('json' in source) return parseKeyRing(source.json, 'SIGNING_KEYS');
  if ('file' in source) return loadOrCreateKeyRing(source.file);
  const key = await newStoredKey();
  return { active: key.kid, keys: [key] };
}

export async function signingKeyOf(ring: KeyRingFile): Promise<SigningKey> {
  const stored = ring.keys.find((k) => k.kid === ring.active)!;
  return {
    kid: stored.kid,
    privateKey: createPrivateKey({ key: stored.jwk as JsonWebKey, format: 'jwk' }),
    publicJwk: publicPart(stored.jwk),
    createdAt: stored.createdAt,
  };
}

/** Adds a new key and makes it the active one; the old keys stay, so what they signed keeps verifying. */
export async function rotate(ring: KeyRingFile): Promise<{ ring: KeyRingFile; key: StoredKey }> {
  const key = await newStoredKey();
  return { ring: { active: key.kid, keys: [...ring.keys, key] }, key };
}
