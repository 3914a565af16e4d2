// Housekeeping: deletes what has expired from the tables that only grow otherwise (sessions, print
// tickets, rate-limit counts, mail settled more than MAIL_KEEP_DAYS ago, webhook deliveries settled more
// than WEBHOOK_KEEP_DAYS ago) and sends the deadline reminders. Each instance looks every minute; one of them runs it per period
// (jobs/lease.ts), at start-up too, so a restart or a new instance does not repeat it.
import fp from 'fastify-plugin';
import { optimizeSqlite } from '../db/migrate.js';
import { createMailRepository, MAIL_KEEP_DAYS } from '../repositories/mail.js';
import { createPrintTicketRepository } from '../repositories/print-tickets.js';
import { createRateLimitRepository } from '../repositories/rate-limits.js';
import { createWebhookRepository, WEBHOOK_KEEP_DAYS } from '../repositories/webhooks.js';
import { createJobRunner } from './lease.js';
import { sendDeadlineReminders } from './reminders.js';

const PERIOD_MS = 15 * 60_000;
const LOOK_MS = 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    housekeeping: {
      /** Purges now, whoever ran last; what was deleted. */
      run: () => Promise<{ sessions: number; printTickets: number; rateLimitHits: number; mails: number; webhookDeliveries: number; reminders: { startups: number; assessors: number } }>;
    };
  }
}

export default fp(
  async function housekeeping(fastify) {
    const db = fastify.database.kysely;
    const tickets = createPrintTicketRepository(db);
    const counts = createRateLimitRepository(db);
    const mails = createMailRepository(db);
    const runner = createJobRunner(db);
    const run = async () => {
      const purged = {
        sessions: await fastify.staffRepos.sessions.purgeExpired(),
        printTickets: await tickets.purgeExpired(),
        rateLimitHits: await counts.purgeExpired(),
        mails: await mails.purgeSettledBefore(new Date(Date.now() - MAIL_KEEP_DAYS * 24 * 3600_000).toISOString()),
        webhookDeliveries: await createWebhookRepository(db).purgeSettledBefore(new Date(Date.now() - WEBHOOK_KEEP_DAYS * 24 * 3600_000).toISOString()),
        // Deadline reminders (jobs/reminders.ts): each is recorded once, so a second runner sends nothing twice.
        reminders: await sendDeadlineReminders({ db, mail: fastify.mail, contacts: fastify.startupContacts }),
      };
      // Planner statistics for tables that grew since the last look (a no-op when none did).
      if (fastify.database.engine === 'sqlite') optimizeSqlite(fastify.database.sqlite);
      return purged;
    };
    fastify.decorate('housekeeping', { run });

    let running: Promise<unknown> | null = null;
    const look = () => {
      running ??= runner.runIfDue('housekeeping', PERIOD_MS, run)
        .catch((err) => fastify.log.warn({ err }, 'housekeeping failed; the next period tries again'))
        .finally(() => { running = null; });
    };
    await runner.runIfDue('housekeeping', PERIOD_MS, run);
    const timer = setInterval(look, LOOK_MS).unref();
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  { name: 'housekeeping', dependencies: ['services', 'auth', 'mail'] },
);
