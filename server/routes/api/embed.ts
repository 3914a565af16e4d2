// Embedding a programme's test in the programme's own site. Managers list the sites (origins) allowed
// to frame it; /embed/<code> is then served with frame-ancestors naming exactly those sites, while
// every other page keeps frame-ancestors 'none'. The framed page reads the programme and its allowed
// origins from GET /api/embed/:code, so it only ever posts messages to one of them.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { JoinCodeInput, RecordId } from '../../auth/schemas.js';
import { normalizeJoinCode } from '../../auth/tokens.js';
import { programmeOpen } from '../../auth/views.js';
import { badRequest, notFound } from '../../errors.js';
import { managedProgramme, writableManagedProgramme } from '../../integration/access.js';
import { normaliseOrigin } from '../../integration/origins.js';
import { EmbedSettings } from '../../integration/schemas.js';
import { staffOf } from '../../plugins/app/auth.js';
import { errorBody } from '../../errors.js';
import { errorResponses } from '../../schemas/common.js';

export const embedPath = (code: string) => `/embed/${code}`;

/**
 * Lets the listed origins frame this one answer: rewrites helmet's frame-ancestors and drops
 * X-Frame-Options (which cannot name sites, and which browsers obey only without frame-ancestors anyway).
 */
export function allowFraming(reply: FastifyReply, origins: readonly string[]) {
  if (!origins.length) return;
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp !== 'string') return;
  reply.header('content-security-policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${origins.join(' ')}`));
  reply.removeHeader('x-frame-options');
}

export default async function embedRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes, audit } = fastify.staffRepos;
  const { embedOrigins } = fastify.integration;
  const staff = { preHandler: fastify.requireStaff };
  const security = [{ session: [] }];
  const settings = async (code: string, programmeId: string) => ({ origins: await embedOrigins.list(programmeId), embedPath: embedPath(code), scriptPath: '/embed.js' });

  fastify.get('/programmes/:id/embed', {
    ...staff,
    schema: { tags: ['integration-settings'], security, summary: 'The sites allowed to embed the test, and the paths for the snippet', params: Type.Object({ id: RecordId }), response: { 200: EmbedSettings, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => {
    const p = await managedProgramme(programmes, staffOf(request).auth, request.params.id);
    return settings(p.join_code, p.id);
  });

  fastify.put('/programmes/:id/embed', {
    ...staff,
    schema: {
      tags: ['integration-settings'], security, summary: 'Set the sites (origins) allowed to embed the test',
      params: Type.Object({ id: RecordId }),
      body: Type.Object({ origins: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 }) }, { additionalProperties: false }),
      response: { 200: EmbedSettings, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const p = await writableManagedProgramme(programmes, auth, request.params.id);
    const origins: string[] = [];
    for (const [i, input] of request.body.origins.entries()) {
      const checked = normaliseOrigin(input);
      if ('error' in checked) throw badRequest('invalid-origin', `origins/${i}: ${checked.error}`);
      if (!origins.includes(checked.origin)) origins.push(checked.origin);
    }
    await embedOrigins.replace(p.id, origins);
    await audit.record({ actorType: 'user', actorId: auth.userId, action: 'programme.embed-origins', programmeId: p.id, detail: { origins } });
    return settings(p.join_code, p.id);
  });

  fastify.get('/embed/:code', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['embed'], summary: 'What the embedded test needs: the programme, its areas and the sites allowed to embed it (anyone with the code)',
      params: Type.Object({ code: JoinCodeInput }),
      response: {
        200: Type.Object({
          code: Type.String(), name: Type.String(), open: Type.Boolean({ description: 'False after the deadline or while archived: the programme takes no shares, so the frame offers no test' }), origins: Type.Array(Type.String()),
          questionnaires: Type.Array(Type.Object({ id: Type.String(), area: Type.String(), title: Type.Object({ nl: Type.String(), en: Type.String() }) })),
        }),
        ...errorResponses(400, 404, 429),
      },
    },
  }, async (request) => {
    const p = await programmes.findByCode(normalizeJoinCode(request.params.code));
    if (!p) throw notFound('join-code-not-found', 'no programme with this code');
    const areas = JSON.parse(p.areas) as string[];
    return {
      code: p.join_code, name: p.name, open: programmeOpen(p), origins: await embedOrigins.list(p.id),
      questionnaires: (await fastify.served.all())
        .filter((q) => areas.includes(q.document.area))
        .map((q) => ({ id: q.document.id, area: q.document.area, title: q.document.title })),
    };
  });
}

/** The framed page itself (outside /api): the client app, with framing allowed for the programme's sites only. */
export async function embedPage(app: FastifyInstance) {
  app.get('/embed/:code', { schema: { hide: true } }, async (request, reply) => {
    const { code } = request.params as { code: string };
    if (!reply.sendFile) return reply.code(404).send(errorBody(404, 'not-found', 'the client is not built'));
    const p = code.length <= 20 ? await app.staffRepos.programmes.findByCode(normalizeJoinCode(code)) : undefined;
    if (p) allowFraming(reply, await app.integration.embedOrigins.list(p.id));
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
