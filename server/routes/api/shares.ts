// Read-only links to a submitted report. Creating one is an explicit act of the token holder; the
// link carries its own token (in the URL fragment), never the resume token, and can expire or be revoked.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizedResponse, bearerToken } from '../../auth/response-token.js';
import { conflict, HttpError, notFound } from '../../errors.js';
import { MAX_WORKING_SHARE_LINKS, type ShareLinkRow } from '../../repositories/share-links.js';
import { errorResponses, OpenObject } from '../../schemas/common.js';
import { ReportQuery, ResponseParams } from '../../schemas/responses.js';
import { reportSerializer } from '../../lazy-serializers.js';

const ShareLink = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  state: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});

export function shareState(row: ShareLinkRow, now = new Date()): 'active' | 'expired' | 'revoked' {
  if (row.revoked_at) return 'revoked';
  return new Date(row.expires_at) <= now ? 'expired' : 'active';
}

const view = (row: ShareLinkRow) => ({
  id: row.id, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, state: shareState(row),
});

export default async function shareRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses, shareLinks } = fastify.repos;
  const authorized = (request: FastifyRequest) => authorizedResponse(request, responses);
  const security = [{ resumeToken: [] }];

  fastify.post('/responses/:id/shares', {
    schema: {
      tags: ['sharing'], summary: 'Create a read-only link to the report', security,
      description: 'Only for a submitted response. The answer holds the link\'s token once; it is stored as a hash.',
      params: ResponseParams,
      body: Type.Object({ expiresInDays: Type.Integer({ minimum: 1, maximum: 365 }) }, { additionalProperties: false }),
      response: { 201: Type.Object({ ...ShareLink.properties, token: Type.String(), path: Type.String() }), ...errorResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    if (row.status !== 'submitted') throw conflict('response-not-submitted', 'only a submitted report can be shared');
    const expires = new Date(Date.now() + request.body.expiresInDays * 24 * 60 * 60 * 1000);
    const made = await shareLinks.create(row.id, expires);
    if (!made) throw conflict('share-links-full', `a report has at most ${MAX_WORKING_SHARE_LINKS} share links that work at once; revoke one first`);
    const { token, row: link } = made;
    return reply.code(201).send({ ...view(link), token, path: `/shared#${token}` });
  });

  fastify.get('/responses/:id/shares', {
    schema: {
      tags: ['sharing'], summary: 'The share links of a response', security,
      params: ResponseParams,
      response: { 200: Type.Array(ShareLink), ...errorResponses(400, 401, 404) },
    },
  }, async (request) => (await shareLinks.listFor((await authorized(request)).id)).map(view));

  fastify.delete('/responses/:id/shares/:shareId', {
    schema: {
      tags: ['sharing'], summary: 'Revoke a share link', security,
      params: Type.Object({ id: ResponseParams.properties.id, shareId: Type.String({ pattern: '^[A-Za-z0-9_-]{16}$' }) }),
      response: { 200: ShareLink, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    const link = await shareLinks.revoke(row.id, request.params.shareId);
    if (!link) throw notFound('share-link-not-found', 'this response has no such share link');
    return view(link);
  });

  fastify.get('/shared/report', {
    schema: {
      tags: ['sharing'], summary: 'A shared report (read-only), reached with the share link\'s token',
      description: 'Send the token of the share link as "Authorization: Bearer <token>". An expired or revoked link answers 410 and says which.',
      security: [{ shareToken: [] }],
      querystring: ReportQuery,
      response: { 200: OpenObject, ...errorResponses(400, 401, 404, 410) },
    },
    serializerCompiler: reportSerializer,
  }, async (request) => {
    const token = bearerToken(request);
    const link = await shareLinks.findByToken(token);
    if (!link) {
      // The server's own browser printing a PDF for staff (see server/report/pdf.ts).
      const ticket = await fastify.pdf.ticketResponse(token);
      const printed = ticket && (await responses.find(ticket.responseId));
      if (!printed) throw notFound('share-link-not-found', 'this share link does not exist');
      // Tickets are issued to staff of the programme the response is shared with: their history rule applies.
      const staffView = { programmeId: printed.programme_id };
      const locale = request.query.locale ?? printed.locale;
      return { ...(await fastify.reports.reportOf(printed, locale, staffView)), shared: { expiresAt: ticket.expiresAt }, attestation: await fastify.attestations.ensure(printed, locale) };
    }
    const state = shareState(link);
    if (state === 'revoked') throw new HttpError(410, 'share-link-revoked', `this share link was revoked on ${link.revoked_at!.slice(0, 10)}`);
    if (state === 'expired') throw new HttpError(410, 'share-link-expired', `this share link expired on ${link.expires_at.slice(0, 10)}`);
    const row = await responses.find(link.response_id);
    if (!row) throw notFound('share-link-not-found', 'the shared report no longer exists');
    const locale = request.query.locale ?? row.locale;
    // The statement is about the owner's report (what they export and print); a share shows its code
    // so the reader can check that what they were sent is signed and current.
    return { ...(await fastify.reports.reportOf(row, locale)), shared: { expiresAt: link.expires_at }, attestation: await fastify.attestations.ensure(row, locale) };
  });
}
