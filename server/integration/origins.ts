// Checks of what managers type: the sites allowed to embed a programme's test, and webhook URLs.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { bytewise, takeTurn } from '../db/dialect.js';
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

export function createEmbedOriginRepository(db: Kysely<Schema>) {
  return {
    list: async (programmeId: string) =>
      (await db.selectFrom('programme_embed_origins').select('origin').where('programme_id', '=', programmeId).orderBy(bytewise(db, 'origin')).execute()).map((r) => r.origin),
    replace: (programmeId: string, origins: readonly string[]) =>
      db.transaction().execute(async (trx) => {
        // One save after the other, from any instance: without the turn, two saves at once on PostgreSQL
        // each deleted only what was committed and both lists were kept, merged.
        await takeTurn(trx, 'programmes', programmeId);
        await trx.deleteFrom('programme_embed_origins').where('programme_id', '=', programmeId).execute();
        if (origins.length) {
          await trx.insertInto('programme_embed_origins').values(origins.map((origin) => ({ programme_id: programmeId, origin })))
            .onConflict((oc) => oc.columns(['programme_id', 'origin']).doNothing()).execute();
        }
      }),
  };
}

export type EmbedOriginRepository = ReturnType<typeof createEmbedOriginRepository>;
