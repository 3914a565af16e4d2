// What follows a decision besides storing it: the mails. The startup is mailed only when its programme
// shows decisions to startups AND the startup left an address with consent; the other managers get a notice.
import type { FastifyInstance } from 'fastify';
import type { ProgrammeRow } from '../repositories/programmes.js';
import type { Outcome } from '../repositories/decisions.js';
import type { QueuedMail } from '../mail/service.js';
import type { StartupContact } from './startup-contacts.js';

/** Where the startup asked to be mailed: its opt-in address (services/startup-contacts.ts), or none. */
export type StartupAddressOf = (responseId: string) => Promise<StartupContact | null>;

/**
 * Mails the decision to the startup; null, and nothing sent, unless the programme shows decisions
 * and the startup left an address (and has not withdrawn it). In the language it chose with the
 * address, ending with its unsubscribe link.
 */
export async function notifyStartupOfDecision(fastify: FastifyInstance, input: {
  programme: ProgrammeRow;
  responseId: string;
  decision: { outcome: Outcome; rationale: string };
  addressOf?: StartupAddressOf;
}): Promise<QueuedMail | null> {
  if (input.programme.show_decision !== 1) return null;
  const address = await (input.addressOf ?? fastify.startupContacts.startupContact)(input.responseId);
  if (!address) return null;
  return await fastify.mail.queue(address.email, address.locale, 'decision', {
    programme: input.programme.name, outcome: input.decision.outcome, rationale: input.decision.rationale,
    reportPath: `/report/${input.responseId}`, unsubscribePath: address.unsubscribePath,
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
