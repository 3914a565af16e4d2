// Webhook deliveries: signed with HMAC-SHA256, sent by an in-process queue that lives in SQLite (so a
// restart loses nothing), retried with exponential back-off, every attempt's outcome kept as the log.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import type { WebhookRepository } from '../repositories/webhooks.js';
import { privateResolution, type Lookup } from './origins.js';

export const SIGNATURE_HEADER = 'x-zelftoets-signature';

/** "t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${body}`>": the timestamp is signed too, so a receiver can refuse replays. */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** How a receiver checks a delivery (documented in docs/integration.md; used by the tests as a receiver would). */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, body, t).split('v1=')[1], 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1), at most a day. */
export function backoffMs(failedAttempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failedAttempts - 1), 24 * 3600_000);
}

export interface QueueOptions {
  repo: WebhookRepository;
  retryBaseMs: number;
  maxAttempts: number;
  pollMs: number;
  timeoutMs: number;
  log: { warn: (obj: object, msg: string) => void };
  /** Development only: deliver to http and private addresses too. */
  allowInsecure?: boolean;
  /** Name resolution, replaceable in tests. */
  lookup?: Lookup;
}

export function createDeliveryQueue(opts: QueueOptions) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  async function send(d: ReturnType<WebhookRepository['due']>[number]) {
    const body = d.payload;
    const attempt = d.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (!opts.allowInsecure) {
        const inside = await privateResolution(new URL(d.url).hostname, opts.lookup ?? (dnsLookup as unknown as Lookup));
        if (inside) throw new Error(`not sent: the host resolves to a private address (${inside})`);
      }
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'zelftoets-webhooks/1',
          'x-zelftoets-event': d.event,
          'x-zelftoets-delivery': d.id,
          [SIGNATURE_HEADER]: signature(d.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : String((err as Error).message ?? err).slice(0, 300);
    }
    if (!error) return opts.repo.record(d.id, { state: 'delivered', next: null, status, error: null });
    const last = attempt >= opts.maxAttempts;
    if (last) opts.log.warn({ delivery: d.id, webhook: d.webhook_id, error }, 'webhook delivery failed for good');
    opts.repo.record(d.id, {
      state: last ? 'failed' : 'pending',
      next: last ? null : new Date(Date.now() + backoffMs(attempt, opts.retryBaseMs)).toISOString(),
      status, error,
    });
  }

  async function tick() {
    const due = opts.repo.due(new Date().toISOString(), 20);
    await Promise.all(due.map(send));
    if (due.length === 20) return tick();
  }

  function schedule(ms: number) {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  }

  function run() {
    timer = null;
    if (running || closed) return;
    running = tick()
      .catch((err) => opts.log.warn({ err }, 'webhook queue tick failed'))
      .finally(() => {
        running = null;
        const next = opts.repo.nextDue();
        const wait = next ? Math.max(0, Date.parse(next) - Date.now()) : opts.pollMs;
        schedule(Math.min(wait, opts.pollMs));
      });
  }

  return {
    start: () => schedule(0),
    /** Something was enqueued: deliver now rather than at the next poll. */
    kick: () => { if (!running) schedule(0); },
    /** Stops the timers and waits for deliveries in flight (called on app close). */
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type DeliveryQueue = ReturnType<typeof createDeliveryQueue>;
