// The one way other parts of the app find a startup's address: startupContact(responseId) gives the
// address, the language and a fresh unsubscribe link for a mail about that submission, or null when
// the startup left none (or withdrew it). Programme staff never get the address through this: it is
// for the app's own mails to the startup (clarification requests, decisions, reminders).
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { createStartupContactRepository } from '../repositories/startup-contacts.js';

export interface StartupContact {
  email: string;
  locale: 'nl' | 'en';
  /** Put this in the template data as `unsubscribePath`: the mail then ends with the way out (mail/templates.ts). */
  unsubscribePath: string;
}

export function createStartupContacts(db: Kysely<Schema>) {
  const repo = createStartupContactRepository(db);
  return {
    repo,
    /** Each call mints its own unsubscribe token (only its hash is kept), so call it once per mail. */
    async startupContact(responseId: string): Promise<StartupContact | null> {
      const c = await repo.find(responseId);
      if (!c) return null;
      const token = await repo.mintToken(c.response_id);
      return { email: c.email, locale: c.locale, unsubscribePath: `/unsubscribe#${token}` };
    },
  };
}

export type StartupContacts = ReturnType<typeof createStartupContacts>;
