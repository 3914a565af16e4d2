// A real SMTP server in the test process (smtp-server): what the app's mail sender delivers, parsed
// into its plain-text and HTML parts. `reject(n)` makes it refuse the next n mails with a 451.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Received {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

function decode(body: string, encoding: string | undefined): string {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => `%${h}`);
    // decodeURIComponent works on %XX triplets; leave literal % that were not escapes alone.
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

function headersOf(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decode(data.replace(/_/g, ' '), 'quoted-printable'));
}

export function parse(raw: string): Omit<Received, 'to' | 'from'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = headersOf(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(head['content-type'] ?? '')?.[1];
  let text = '';
  let html = '';
  const parts = boundary ? raw.slice(split + 4).split(`--${boundary}`).slice(1, -1) : [raw.slice(split + 4)];
  for (const part of parts) {
    const p = boundary ? part.replace(/^\r\n/, '') : part;
    const cut = boundary ? p.indexOf('\r\n\r\n') : -1;
    const h = boundary ? headersOf(p.slice(0, cut)) : head;
    const body = decode(boundary ? p.slice(cut + 4).replace(/\r\n$/, '') : p, h['content-transfer-encoding']).replace(/\r\n/g, '\n');
    if ((h['content-type'] ?? '').startsWith('text/html')) html = body;
    else if ((h['content-type'] ?? 'text/plain').startsWith('text/plain')) text = body;
  }
  return { subject: decodeWords(head.subject ?? ''), text, html, raw };
}

export async function startSmtp() {
  const received: Received[] = [];
  let rejectNext = 0;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (rejectNext > 0) {
          rejectNext--;
          refused++;
          const err = Object.assign(new Error('try again later'), { responseCode: 451 });
          return callback(err);
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: (session.envelope.mailFrom || { address: '' }).address,
          ...parse(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    reject(n: number) { rejectNext = n; },
    get refused() { return refused; },
    /** Waits until a mail for `to` arrived (the nth, counting from 1). */
    async mailFor(to: string, nth = 1, timeoutMs = 10_000): Promise<Received> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const got = received.filter((m) => m.to.includes(to));
        if (got.length >= nth) return got[nth - 1];
        if (Date.now() > end) throw new Error(`no mail for ${to} arrived within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
