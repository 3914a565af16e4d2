// Checks of what managers type: the sites allowed to embed a programme's test, and webhook URLs.
import type { DB } from '../db/database.js';
import { refusedHost } from './destinations.js';

export type { Lookup } from './destinations.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A site that may frame the test, normalised to its origin ("https://incubator.example"); an error
 * text when it is not one. https only, except for loopback hosts, so a demo runs on a laptop. Only
 * scheme, host and port: a path, query or wildcard cannot be expressed in frame-ancestors as we use it.
 */
export function normaliseOrigin(input: string): { origin: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { error: `"${input}" is not a web address; give one like https://incubator.example` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return { error: `"${input}": only https sites may embed the test (http only for localhost)` };
  }
  // The origin goes into a CSP header: letters, digits, dots and dashes only (no wildcards, no separators).
  if (!/^(?:[a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) {
    return { error: `"${input}": give one site by its host name, without wildcards` };
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { error: `"${input}": give the site only (scheme, host and port), without a path` };
  }
  return { origin: url.origin };
}

/**
 * A webhook URL: https to a public host. In development (webhookAllowInsecure) http and private hosts
 * are allowed too. A name is judged by what it resolves to when each delivery connects (pinnedLookup).
 */
export function checkWebhookUrl(input: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return `url: "${input}" is not a web address`;
  }
  if (url.username || url.password) return 'url: credentials in the address are not allowed; use the signing secret';
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) return 'url: webhooks are sent over https only';
  if (!allowInsecure && refusedHost(url.hostname)) return 'url: webhooks cannot go to local or private addresses';
  return null;
}

export function createEmbedOriginRepository(db: DB) {
  const list = db.prepare('SELECT origin FROM programme_embed_origins WHERE programme_id = ? ORDER BY origin').pluck();
  const clear = db.prepare('DELETE FROM programme_embed_origins WHERE programme_id = ?');
  const add = db.prepare('INSERT OR IGNORE INTO programme_embed_origins (programme_id, origin) VALUES (?, ?)');
  return {
    list: (programmeId: string) => list.all(programmeId) as string[],
    replace: db.transaction((programmeId: string, origins: readonly string[]) => {
      clear.run(programmeId);
      for (const o of origins) add.run(programmeId, o);
    }),
  };
}

export type EmbedOriginRepository = ReturnType<typeof createEmbedOriginRepository>;
