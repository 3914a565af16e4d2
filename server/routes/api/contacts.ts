// A startup's contact address for reminders and messages about its submission (issue 14, item 6):
// left with the resume token after ticking the consent text, changed or withdrawn the same way, or
// withdrawn by the unsubscribe link in any mail. Consent events go to the audit log without the
// address and without a programme, so a programme's history does not even tell that one was left.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Email, JoinCodeInput, Timestamp } from '../../auth/schemas.js';
import { authorizedResponse } from '../../auth/response-token.js';
import { normalizeJoinCode } from '../../auth/tokens.js';
import { badRequest, notFound } from '../../errors.js';
import type { StartupContactRow } from '../../repositories/startup-contacts.js';
import { errorResponses, LocaleSchema } from '../../schemas/common.js';
import { ResponseParams } from '../../schemas/responses.js';

const ContactState = Type.Object({
  contact: Type.Union([Type.Null(), Type.Object({
    email: Type.String(),
    locale: LocaleSchema,
    programme: Type.Union([Type.Null(), Type.Object({ code: Type.String(), name: Type.String() })]),
    consentAt: Timestamp,
    showToProgramme: Type.Boolean({ description: 'The second, separate consent: the programme\'s staff see the address' }),
  })]),
});

export default async function contactRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses } = fastify.repos;
  const { programmes, audit } = fastify.staffRepos;
  const contacts = fastify.startupContacts.repo;
  // Tagged with the programmes, as sharing is: the authorization matrix covers every such route.
  const tags = ['programmes'];
  const security = [{ resumeToken: [] }];
  const respondent = (request: FastifyRequest) => authorizedResponse(request, responses);

  const view = async (c: StartupContactRow | undefined) => {
    if (!c) return { contact: null };
    const p = c.programme_id ? await programmes.find(c.programme_id) : undefined;
    return {
      contact: {
        email: c.email, locale: c.locale, programme: p ? { code: p.join_code, name: p.name } : null,
        consentAt: c.consent_at, showToProgramme: c.show_consent_at !== null,
      },
    };
  };

  fastify.get('/responses/:id/contact', {
    schema: {
      tags, summary: 'The address this startup left for reminders and messages (any attempt of the team)', security,
      params: ResponseParams,
      response: { 200: ContactState, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => view(await contacts.find((await respondent(request)).id)));

  fastify.put('/responses/:id/contact', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Leave (or change) an address for reminders and messages about this submission', security,
      description: 'Opt-in: `consent` must be true (the startup ticked the consent text), otherwise 400 consent-required. `showToProgramme` (default false) is a separate consent to show the address to the programme\'s staff. `code` names the programme to be reminded of (its join code); without it, the programme the response is shared with.',
      params: ResponseParams,
      body: Type.Object({
        email: Email,
        consent: Type.Boolean(),
        showToProgramme: Type.Optional(Type.Boolean()),
        code: Type.Optional(JoinCodeInput),
        locale: Type.Optional(LocaleSchema),
      }, { additionalProperties: false }),
      response: { 200: ContactState, ...errorResponses(400, 401, 404, 429) },
    },
  }, async (request) => {
    const row = await respondent(request);
    const body = request.body;
    if (body.consent !== true) throw badRequest('consent-required', 'consent: tick the consent text before leaving an address');
    let programmeId: string | null = null;
    if (body.code !== undefined) {
      const p = await programmes.findByCode(normalizeJoinCode(body.code));
      if (!p) throw notFound('join-code-not-found', 'no programme with this code; check the link or the code');
      programmeId = p.id;
    } else {
      programmeId = (await programmes.submission(row.id))?.programme_id ?? null;
    }
    const saved = await contacts.set(row.id, { email: body.email.trim(), locale: body.locale ?? row.locale, programmeId, showToProgramme: body.showToProgramme === true });
    await audit.record({ actorType: 'respondent', actorId: null, action: 'contact.consent', programmeId: null, responseId: row.id, detail: { showToProgramme: saved.show_consent_at !== null } });
    return view(saved);
  });

  fastify.delete('/responses/:id/contact', {
    schema: {
      tags, summary: 'Withdraw the address: it is deleted, and no more mail goes to it', security,
      params: ResponseParams,
      response: { 200: ContactState, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await respondent(request);
    if (await contacts.revoke(row.id)) {
      await audit.record({ actorType: 'respondent', actorId: null, action: 'contact.withdraw', programmeId: null, responseId: row.id });
    }
    return { contact: null };
  });

  fastify.post('/contact/unsubscribe', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Withdraw an address with the unsubscribe link of a mail (no other key needed)',
      body: Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{32}$' }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(400, 404, 429) },
    },
  }, async (request, reply) => {
    const gone = await contacts.revokeByToken(request.body.token);
    if (!gone) throw notFound('unsubscribe-link-invalid', 'this unsubscribe link does not work (any more): the address was already withdrawn, or the link is wrong');
    await audit.record({ actorType: 'respondent', actorId: null, action: 'contact.withdraw', programmeId: null, responseId: gone.response_id, detail: { by: 'unsubscribe-link' } });
    return reply.code(204).send(null);
  });
}
