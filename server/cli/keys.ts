// npm run keys -- list | rotate | revoke <kid>
// The report-signing keys (docs/verification.md). rotate adds a new key to the key file and makes it
// the one that signs; the old keys stay published, so what they signed keeps verifying. revoke marks a
// (compromised) key revoked in the database: every instance leaves it out of the JWKS at once, and
// verification of what it signed fails. Uses the server's settings: SIGNING_KEYS_FILE (or the file next
// to DATABASE_PATH), and DATABASE_URL / DATABASE_PATH for the published public keys.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configFromEnv, type AppConfig } from '../config.js';
import { openDb } from '../db/connect.js';
import { migrateDb } from '../db/migrate.js';
import { createAttestationRepository } from '../repositories/attestations.js';
import { loadOrCreateKeyRing, publicPart, rotate, writeKeyRing } from '../attest/keys.js';

type KeysConfig = Pick<AppConfig, 'databaseUrl' | 'databasePath' | 'databaseSynchronous' | 'databaseSchema' | 'migrationsDir' | 'signingKeys' | 'signingKeysFile'>;

async function withRepo<T>(config: KeysConfig, fn: (repo: ReturnType<typeof createAttestationRepository>) => Promise<T>): Promise<T> {
  const db = openDb({ ...config, databasePoolSize: 1 });
  try {
    await migrateDb(db, config.migrationsDir);
    return await fn(createAttestationRepository(db.kysely));
  } finally {
    await db.close();
  }
}

function keyFile(config: KeysConfig): string {
  // A ring handed over in SIGNING_KEYS lives in a secret store this command cannot write to.
  if (config.signingKeys) throw new Error('SIGNING_KEYS is set: change the keys where that value is kept (generate one with this command on a file, then copy it)');
  if (!config.signingKeysFile) throw new Error('no key file: set SIGNING_KEYS_FILE');
  return config.signingKeysFile;
}

export async function rotateKeys(config: KeysConfig): Promise<{ kid: string; file: string }> {
  const file = keyFile(config);
  const { ring, key } = await rotate(await loadOrCreateKeyRing(file));
  // Published before any instance signs with it, so no report is ever signed by an unpublished key.
  await withRepo(config, (repo) => repo.registerKey(key.kid, publicPart(key.jwk), key.createdAt));
  writeKeyRing(file, ring);
  return { kid: key.kid, file };
}

export async function revokeKey(config: KeysConfig, kid: string): Promise<{ revoked: boolean; active: boolean }> {
  const revoked = await withRepo(config, (repo) => repo.revoke(kid, new Date().toISOString()));
  let active = false;
  try {
    active = (await loadOrCreateKeyRing(keyFile(config))).active === kid;
  } catch { /* keys kept elsewhere: nothing more to say */ }
  return { revoked, active };
}

export async function listKeys(config: KeysConfig) {
  const published = await withRepo(config, (repo) => repo.allKeys());
  let active: string | null = null;
  try {
    active = (await loadOrCreateKeyRing(keyFile(config))).active;
  } catch { /* keys kept elsewhere */ }
  return published.map((k) => ({ kid: k.kid, createdAt: k.created_at, revokedAt: k.revoked_at, active: k.kid === active }));
}

const USAGE = 'usage: npm run keys -- list | rotate | revoke <kid>';

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [command, kid, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h') {
    console.log(`${USAGE}\n  list: the published keys; rotate: a new signing key (restart the app to sign with it); revoke: take a key out of the JWKS`);
    process.exit(0);
  }
  const config = configFromEnv();
  try {
    if (command === 'list' && !kid) {
      for (const k of await listKeys(config)) console.log(`${k.kid}  created ${k.createdAt}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}${k.active ? '  (signs)' : ''}`);
    } else if (command === 'rotate' && !kid) {
      const { kid: added, file } = await rotateKeys(config);
      console.log(`added key ${added} to ${file}; restart the app (each instance) to sign with it. Older keys stay published.`);
    } else if (command === 'revoke' && kid && rest.length === 0) {
      const { revoked, active } = await revokeKey(config, kid);
      console.log(revoked ? `revoked ${kid}: it is no longer published, and what it signed no longer verifies` : `no published, unrevoked key ${kid}`);
      if (active) console.warn('this was the key the app signs with: run `npm run keys -- rotate` and restart, until then new reports are not signed');
      if (!revoked) process.exit(1);
    } else {
      console.error(USAGE);
      process.exit(2);
    }
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}
