// Telling a startup that a programme asked it something. A startup is anonymous: it has an address
// only if it chose to leave one (opt-in with consent, migration 013; services/startup-contacts.ts).
// Without one nothing is mailed and the startup sees the request where it left off: on its report
// page and when it resumes its test (GET /api/responses/:id/clarifications).
//
// The look-up and the mail service are passed in per call rather than set once per process: two app
// instances in one process (tests, a second server on the same database) must each use their own.
import type { Locale } from '../../core/types.js';
import type { MailService } from '../mail/service.js';
import type { StartupContacts } from '../services/startup-contacts.js';

export interface StartupMailer {
  contacts: Pick<StartupContacts, 'startupContact'>;
  mail: Pick<MailService, 'queue'>;
}

/**
 * Mails the startup about a new request, if it left an address (and has not withdrawn it); returns
 * whether a mail was queued. The mail is in the language the startup chose with its address, names
 * the programme and the question, links to its report (where the request is shown, on the device
 * holding its test) and ends with the unsubscribe link.
 */
export async function notifyStartup(mailer: StartupMailer | undefined, responseId: string, data: { programme: string; question: (l: Locale) => string }): Promise<boolean> {
  if (!mailer) return false;
  const to = await mailer.contacts.startupContact(responseId);
  if (!to) return false;
  const queued = await mailer.mail.queue(to.email, to.locale, 'clarification-request', {
    programme: data.programme, question: data.question(to.locale), resumePath: `/report/${responseId}`, unsubscribePath: to.unsubscribePath,
  });
  return !!queued;
}
