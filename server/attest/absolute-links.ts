// A report's verification block as documents outside the browser carry it (DOCX): absolute links,
// since a file has no address of its own to resolve a path against.
import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../core/types.js';
import type { DocxVerification } from '../export/docx/document.js';
import type { ResponseRow } from '../repositories/responses.js';
import { printOrigin } from '../report/pdf.js';

/** Null for an open response (a draft is not signed) and while the signing key is revoked. */
export async function verificationFor(fastify: FastifyInstance, row: ResponseRow, locale: Locale): Promise<DocxVerification | null> {
  const attestation = await fastify.attestations.ensure(row, locale);
  if (!attestation) return null;
  const origin = fastify.config.publicUrl ?? ownOrigin(fastify);
  return { code: attestation.code, link: `${origin}${attestation.link}`, shortLink: `${origin}${attestation.shortLink}` };
}

/** As on the printed PDF without PUBLIC_URL: the address the server's own browser prints from; none before it listens. */
function ownOrigin(fastify: FastifyInstance): string {
  try {
    return printOrigin(fastify.config.pdfOrigin, fastify.server.address());
  } catch {
    return '';
  }
}
