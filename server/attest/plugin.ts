// Report attestations: the signing key ring, the public keys in the database, and the service the
// submit, report, export and verification routes use.
import fp from 'fastify-plugin';
import { LOCAL_ISSUER } from '../../core/attestation.js';
import type { AppConfig } from '../config.js';
import { createAttestationRepository } from '../repositories/attestations.js';
import { loadKeyRing, publicPart, signingKeyOf, type KeySource } from './keys.js';
import { reportFingerprint } from './report-fingerprint.js';
import { createAttestationService, type AttestationService } from './service.js';
import { createStatementThread } from './statement-thread.js';

declare module 'fastify' {
  interface FastifyInstance {
    attestations: AttestationService;
  }
}

export function keySourceOf(config: Pick<AppConfig, 'signingKeys' | 'signingKeysFile'>): KeySource {
  if (config.signingKeys) return { json: config.signingKeys };
  if (config.signingKeysFile) return { file: config.signingKeysFile };
  return { generate: true };
}

export default fp(
  async function attestations(fastify, opts: { config: AppConfig }) {
    const ring = await loadKeyRing(keySourceOf(opts.config));
    const repo = createAttestationRepository(fastify.database.kysely);
    // Every key of the ring, not only the active one: an instance started from an older copy of
    // the file still publishes what it may have signed with.
    for (const k of ring.keys) await repo.registerKey(k.kid, publicPart(k.jwk), k.createdAt);
    const key = await signingKeyOf(ring);
    const issuer = opts.config.publicUrl ?? LOCAL_ISSUER;
    // Started by the first submit; until it is ready, and whenever it declines, the main thread signs.
    const thread = createStatementThread({
      values: fastify.catalog.values, instruments: fastify.catalog.instruments, issuer, kid: key.kid, key: key.privateKey, log: fastify.log,
    });
    fastify.addHook('onClose', () => thread.close());
    const service = createAttestationService({
      repo, responses: fastify.repos.responses, reports: fastify.reports, key, thread,
      // The issuer named in every statement: the app's public address, or a fixed name without one.
      issuer, log: fastify.log,
      reportFingerprint: () => reportFingerprint(fastify.catalog),
    });
    fastify.decorate('attestations', service);
  },
  { name: 'attestations', dependencies: ['services'] },
);
