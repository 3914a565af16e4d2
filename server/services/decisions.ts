// What follows a decision besides storing it: the mails. The startup is mailed only when its programme
// shows decisions to startups AND the startup left an address; the other managers get a notice.
import type { FastifyInstance } from 'fastify';
import type { ProgrammeRow } from '../repositories/programmes.js';
import type { Outcome } from '../repositories/decisions.js';
import type { QueuedMail } from '../mail/service.js';
import type { MailLocale } from '../mail/templates.js';

export interface StartupAddress {
  email: string;
  locale?: MailLocale;
}

/**
 * Where a startup asked to be mailed. Startups are anonymous and leave no address today; the opt-in
 * address with consent arrives with migration 013 (deadline reminders), which plugs its look-up in
 * here. Until then no address is known and no decision mail is sent to a startup.
 */
export const noStartupAddress = async (_responseId: string): Promise<StartupAddress | null> => null;

/** Mails the decision to the startup; null, and nothing sent, unless the programme shows decisions and an address is known. */
export async function notifyStartupOfDecision(fastify: FastifyInstance, input: {
  programme: ProgrammeRow;
  responseId: string;
  decision: { outcome: Outcome; rationale: string };
  addressOf?: (responseId: string) => Promise<StartupAddress | null>;
}): Promise<QueuedMail | null> {
  if (input.programme.show_decision !== 1) return null;
  const address = await (input.addressOf ?? noStartupAddress)(input.responseId);
  if (!address) return null;
  // A startup's mail follows the language of its test.
  const locale = address.locale ?? (await fastify.repos.responses.find(input.responseId))?.locale ?? 'nl';
  return await fastify.mail.queue(address.email, locale, 'decision', {
    programme: input.programme.name, outcome: input.decision.outcome, rationale: input.decision.rationale, reportPath: `/report/${input.responseId}`,
  });
}

/** Tells the programme's other active managers; they may see the startup's shared name. */
export async function notifyOtherManagers(fastify: FastifyInstance, input: {
  programme: ProgrammeRow; responseId: string; startup: string; outcome: Outcome; decidedBy: { id: string; email: string; name: string }; changed: boolean;
}) {
  const managers = (await fastify.staffRepos.programmes.members(input.programme.id))
    .filter((u) => u.role === 'manager' && u.id !== input.decidedBy.id && u.disabled_at === null);
  for (const m of managers) {
    await fastify.mail.queue(m.email, m.locale, 'decision-notice', {
      programme: input.programme.name, startup: input.startup, outcome: input.outcome, decidedBy: input.decidedBy.name || input.decidedBy.email,
      changed: input.changed, decisionPath: `/staff/submissions/${input.responseId}/decision`,
    });
  }
}
