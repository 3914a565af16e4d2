// The one way the app mails someone: queue(recipient, locale, template, data). The mail is rendered
// now and stored whatever happens next: queued for the sender when SMTP is configured, otherwise in
// the outbox for an administrator to read; a mail that cannot be written (no PUBLIC_URL for its
// link) is stored as failed with the reason, so nothing disappears without a trace.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import type { MailRepository, MailState } from '../repositories/mail.js';
import { NeedsPublicUrl, render, type MailLocale, type TemplateData, type TemplateId } from './templates.js';

/** Largest mail (text and HTML parts together), in characters: far above any template, so a bug or an abuse cannot store megabytes. */
export const MAX_MAIL_CHARS = 64 * 1024;

export interface QueuedMail {
  id: string;
  state: MailState;
  /** Why it was not queued for sending (no PUBLIC_URL, too large). */
  error: string | null;
}

export interface MailServiceOptions {
  repo: MailRepository;
  publicUrl: string | null;
  /** False: no SMTP configured, mail goes to the outbox. */
  sending: boolean;
  perRecipientPerHour: number;
  /** Called after a mail was queued for sending (outside a transaction). */
  kick: () => void;
  log: { warn: (obj: object, msg: string) => void };
}

export function createMailService(opts: MailServiceOptions) {
  const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
  const hasRoom = async (to: string) => (await opts.repo.countSince(to.trim(), hourAgo())) < opts.perRecipientPerHour;

  return {
    sending: opts.sending,
    /**
     * Whether this recipient may get another mail this hour: a cheap early answer, not a promise (the
     * room may be gone when the mail is written). What must change only with a mail, make in queue's turn.
     */
    hasRoom,
    /**
     * Writes the mail; null when the recipient already got perRecipientPerHour mails in the last hour
     * (logged, not stored: the bound is there so that a flood of requests cannot fill the table).
     * Counting and writing take the recipient's turn (repositories/mail.ts), so requests at the same
     * moment, on any instance, cannot each find the same room. `data` may be made in that turn
     * (`(trx) => …`): whatever it changes, a one-time link say, is then changed only if the mail is
     * written. `within`: an open transaction; the caller then kicks the sender after it commits.
     */
    async queue<K extends TemplateId>(to: string, locale: MailLocale, template: K, data: TemplateData[K] | ((trx: Kysely<Schema>) => Promise<TemplateData[K]>), within?: Kysely<Schema>): Promise<QueuedMail | null> {
      const recipient = to.trim();
      const written = await opts.repo.inRecipientTurn(recipient, async (trx) => {
        if ((await opts.repo.countSince(recipient, hourAgo(), trx)) >= opts.perRecipientPerHour) return null;
        const filled = typeof data === 'function' ? await data(trx) : data;
        let mail: { subject: string; text: string; html: string };
        let state: MailState = opts.sending ? 'queued' : 'outbox';
        let error: string | null = null;
        try {
          mail = render(template, locale, filled, opts.publicUrl);
          if (mail.text.length + mail.html.length + mail.subject.length > MAX_MAIL_CHARS) throw new RangeError(`not sent: the mail is larger than ${MAX_MAIL_CHARS} characters`);
        } catch (err) {
          if (!(err instanceof NeedsPublicUrl) && !(err instanceof RangeError)) throw err;
          mail = { subject: template, text: '', html: '' };
          state = 'failed';
          error = err.message;
        }
        const row = await opts.repo.insert({ recipient, locale, template, ...mail, state, error }, trx);
        return { id: row.id, state, error };
      }, within);
      if (!written) {
        opts.log.warn({ template }, 'mail not written: this recipient got the most mails an hour allows');
        return null;
      }
      if (written.state === 'queued' && !within) opts.kick();
      return written;
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;
