// Sends queued mail over SMTP (nodemailer), one claim per mail across all instances, retried with
// doubling back-off until maxAttempts; the outcome of every attempt is on the row (the admin's list).
import nodemailer from 'nodemailer';
import { newId } from '../auth/tokens.js';
import { createClaimLoop } from '../jobs/claim-loop.js';
import { backoffMs } from '../integration/webhooks.js';
import type { MailRepository } from '../repositories/mail.js';
import { redactLinks } from './templates.js';

export interface Transport {
  sendMail(mail: { from: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
  close?(): void;
}

/** nodemailer's SMTP transport for SMTP_URL, with timeouts short enough that a dead server does not hold a claim for minutes. */
export function smtpTransport(smtpUrl: string, timeoutMs: number): Transport {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as never);
}

export interface SenderOptions {
  repo: MailRepository;
  transport: Transport;
  from: string;
  retryBaseMs: number;
  maxAttempts: number;
  pollMs: number;
  timeoutMs: number;
  log: { warn: (obj: object, msg: string) => void };
}

const BATCH = 10;

/** What the list shows for a failed attempt: the SMTP server's answer, short; never the credentials in SMTP_URL. */
function describe(err: unknown): string {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return `${e.responseCode ?? e.code ?? 'error'}: ${text}`.replace(/\/\/[^@/\s]*@/g, '//…@').slice(0, 300);
}

export function createMailSender(opts: SenderOptions) {
  const owner = newId();
  const claimMs = BATCH * (opts.timeoutMs * 3) + 30_000;
  const attemptMs = opts.timeoutMs * 3 + 30_000;

  async function send(id: string) {
    const startedAt = Date.now();
    const m = await opts.repo.start(id, owner, new Date(startedAt + attemptMs).toISOString());
    if (!m) return;
    const attempt = m.attempts + 1;
    try {
      await opts.transport.sendMail({ from: opts.from, to: m.recipient, subject: m.subject, text: m.text_body, html: m.html_body });
      await opts.repo.record(id, owner, { state: 'sent', next: null, error: null, redact: redactLinks });
    } catch (err) {
      const last = attempt >= opts.maxAttempts;
      if (last) opts.log.warn({ mail: id, err: describe(err) }, 'mail could not be sent, for good');
      await opts.repo.record(id, owner, {
        state: last ? 'failed' : 'queued',
        next: last ? null : new Date(startedAt + backoffMs(attempt, opts.retryBaseMs)).toISOString(),
        error: describe(err),
      });
    }
  }

  // One at a time: an SMTP server is one connection per mail here, and mail is not urgent to the second.
  const loop = createClaimLoop({ name: 'mail', owner, repo: opts.repo, batch: BATCH, claimMs, concurrency: 1, pollMs: opts.pollMs, handle: send, log: opts.log });
  return {
    ...loop,
    async close() {
      await loop.close();
      opts.transport.close?.();
    },
  };
}

export type MailSender = ReturnType<typeof createMailSender>;
