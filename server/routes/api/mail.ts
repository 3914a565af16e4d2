// The mail log and outbox (admins): what the app mailed or would have mailed, newest first.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { canReadMail, canRetryMail } from '../../auth/permissions.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { staffOf } from '../../plugins/app/auth.js';
import type { MailRow } from '../../repositories/mail.js';
import { errorResponses } from '../../schemas/common.js';

const Mail = Type.Object({
  id: Type.String(), to: Type.String(), locale: Type.String(), template: Type.String(), subject: Type.String(), text: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('outbox')]),
  attempts: Type.Integer(), lastError: Type.Union([Type.String(), Type.Null()]), nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(), sentAt: Type.Union([Type.String(), Type.Null()]),
});

const toMail = (m: MailRow) => ({
  id: m.id, to: m.recipient, locale: m.locale, template: m.template, subject: m.subject, text: m.text_body, state: m.state,
  attempts: m.attempts, lastError: m.last_error, nextAttemptAt: m.next_attempt_at, createdAt: m.created_at, sentAt: m.sent_at,
});

export default async function mailRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  fastify.get('/mail', {
    preHandler: fastify.requireStaff,
    schema: {
      tags: ['accounts'], summary: 'Recent mails (admin): recipient, subject, text and whether they were sent, are waiting (retries) or sit in the outbox',
      // Text, as every query value arrives (nothing is coerced): an integer here refused every ?limit=.
      querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$', description: '1..200, default 100' })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ sending: Type.Boolean(), mails: Type.Array(Mail) }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    if (!canReadMail(staffOf(request).auth)) throw forbidden('only administrators read the mail log');
    return { sending: fastify.mail.sending, mails: (await fastify.mail.repo.recent(Number(request.query.limit ?? 100))).map(toMail) };
  });

  fastify.post('/mail/:id/retry', {
    preHandler: fastify.requireStaff,
    schema: {
      tags: ['accounts'], summary: 'Send a failed mail again (admin): back in the queue with a fresh set of attempts',
      params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) }),
      response: { 200: Mail, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    if (!canRetryMail(staffOf(request).auth)) throw forbidden('only administrators send mail again');
    const mail = await fastify.mail.repo.find(request.params.id);
    if (!mail) throw notFound('not-found', 'no mail with this id');
    if (!fastify.mail.sending) throw conflict('mail-not-retryable', 'no SMTP server is configured: the mail stays in the outbox');
    if (!(await fastify.mail.repo.retry(mail.id))) throw conflict('mail-not-retryable', mail.state === 'failed' ? 'this mail could not be written (see its error), so there is nothing to send' : `only a failed mail is sent again; this one is ${mail.state}`);
    fastify.mail.kick();
    return toMail((await fastify.mail.repo.find(mail.id))!);
  });
}
