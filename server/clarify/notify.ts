// Telling a startup that a programme asked it something. A startup is anonymous: it has an address
// only if it chose to leave one (opt-in, added with the deadline reminders, migration 013). Until then
// none is known, so nothing is mailed and the startup sees the request where it left off: on its
// report page and when it resumes its test (GET /api/responses/:id/clarifications).
import type { Locale } from '../../core/types.js';

export interface StartupAddress {
  email: string;
  locale: Locale;
}

/** Looks up the address a startup left for this response; replaced once addresses exist. */
let addressOf: (responseId: string) => Promise<StartupAddress | null> = async () => null;
let send: ((to: StartupAddress, data: { programmeId: string; question: (l: Locale) => string; responseId: string }) => Promise<void>) | null = null;

/** Where the opt-in addresses (migration 013) plug in: the look-up and how to mail with it. */
export function setStartupMailer(lookup: typeof addressOf, mailer: NonNullable<typeof send>) {
  addressOf = lookup;
  send = mailer;
}

/**
 * Mails the startup about a new request, if it left an address; returns whether a mail was written.
 * Without an address (today: always) it returns false without sending. The mail would be the
 * "clarification-request" template, naming the programme and linking to the resume page.
 */
export async function notifyStartup(responseId: string, data: { programmeId: string; question: (l: Locale) => string }): Promise<boolean> {
  const to = await addressOf(responseId);
  if (!to || !send) return false;
  await send(to, { ...data, responseId });
  return true;
}
