// Mail as an app plugin: fastify.mail.queue(...) for routes and services; the sender runs when
// SMTP_URL and MAIL_FROM are set, otherwise mail stays in the outbox (GET /api/mail, admins).
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';
import { createMailRepository, type MailRepository } from '../repositories/mail.js';
import { createMailSender, smtpTransport } from './sender.js';
import { createMailService, type MailService } from './service.js';
import { createStartupContacts, type StartupContacts } from '../services/startup-contacts.js';

declare module 'fastify' {
  interface FastifyInstance {
    mail: MailService & { repo: MailRepository; kick: () => void };
    /** startupContact(responseId): a startup's opt-in address for mail about its submission (services/startup-contacts.ts). */
    startupContacts: StartupContacts;
  }
}

export default fp(
  async function mail(fastify, opts: { config: AppConfig }) {
    const { config } = opts;
    const repo = createMailRepository(fastify.database.kysely);
    const transport = config.smtpUrl && config.mailFrom ? (config.mailTransport ?? smtpTransport(config.smtpUrl, config.mailTimeoutMs)) : null;
    const sender = transport ? createMailSender({
      repo, transport, from: config.mailFrom!, retryBaseMs: config.mailRetryBaseMs, maxAttempts: config.mailMaxAttempts,
      pollMs: config.mailPollMs, timeoutMs: config.mailTimeoutMs, log: fastify.log,
    }) : null;
    const service = createMailService({
      repo, publicUrl: config.publicUrl, sending: !!sender, perRecipientPerHour: config.mailPerRecipientPerHour,
      kick: () => sender?.kick(), log: fastify.log,
    });
    fastify.decorate('mail', { ...service, repo, kick: () => sender?.kick() });
    fastify.decorate('startupContacts', createStartupContacts(fastify.database.kysely));
    sender?.start();
    fastify.addHook('onClose', async () => {
      await sender?.close();
    });
  },
  { name: 'mail', dependencies: ['services'] },
);
