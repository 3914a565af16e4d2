// Webhook deliveries: signed with HMAC-SHA256, sent by a queue that lives in the database (so a restart
// loses nothing, and each delivery is claimed by one process however many run), retried with
// exponential back-off, every attempt's outcome kept as the log. Only to public addresses, checked at
// the moment of connecting (destinations.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { canActFor } from '../auth/permissions.js';
import { newId } from '../auth/tokens.js';
import { createClaimLoop } from '../jobs/claim-loop.js';
import { creatorAuth } from '../repositories/creators.js';
import { WEBHOOK_REMOVED, WITHDRAWN_BEFORE_DELIVERY, type WebhookRepository } from '../repositories/webhooks.js';
import { pinnedLookup, RefusedDestination, refusedHost, systemLookup, type Lookup } from './destinations.js';

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
  /** Name resolution, replaceable in tests; the connection uses exactly what it answers. */
  lookup?: Lookup;
  /** Deliveries sent at the same time by this process. */
  concurrency?: number;
}

/**
 * What the log says for every delivery that got no HTTP answer: a refused destination, a name that
 * does not resolve, a refused connection, a TLS failure and a timeout all read the same, so the log
 * cannot be used to map which internal hosts exist or answer. The server log keeps the detail.
 */
export const DELIVERY_FAILED = 'delivery failed';
export const CREATOR_LOST_ACCESS = 'not sent: whoever set up this webhook no longer manages the programme';

/** Why a delivery is where it is, as a stable code the interface words in the reader's language. */
export type DeliveryReason = 'http-status' | 'unreachable' | 'webhook-removed' | 'creator-lost-access' | 'withdrawn' | 'other';

/** The code for what the log stores (lastError stays as stored, in English, for API clients that read it). */
export function deliveryReason(lastError: string | null): DeliveryReason | null {
  if (lastError === null) return null;
  if (/^HTTP \d+$/.test(lastError)) return 'http-status';
  if (lastError === DELIVERY_FAILED) return 'unreachable';
  if (lastError === WEBHOOK_REMOVED) return 'webhook-removed';
  if (lastError === CREATOR_LOST_ACCESS) return 'creator-lost-access';
  if (lastError === WITHDRAWN_BEFORE_DELIVERY) return 'withdrawn';
  return 'other';
}

const BATCH = 20;

/** POSTs the body and resolves with the status once the answer's head arrives; its body is not read. */
function post(url: URL, headers: Record<string, string>, body: string, opts: { lookup: Lookup; check: boolean; timeoutMs: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    if (opts.check && (url.protocol !== 'https:' || refusedHost(url.hostname))) return reject(new RefusedDestination());
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      // A fresh connection each time: a kept-alive one was made to an address checked earlier.
      agent: false,
      lookup: pinnedLookup(opts.lookup, opts.check) as never,
      signal: AbortSignal.timeout(opts.timeoutMs),
    }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function createDeliveryQueue(opts: QueueOptions) {
  // Names this process's claims; unique per queue, so two apps in one process are two owners too.
  const owner = newId();
  const concurrency = opts.concurrency ?? 5;
  // A claim covers waiting for a free slot and the attempt itself; starting an attempt renews it.
  const claimMs = Math.ceil(BATCH / concurrency + 1) * opts.timeoutMs + 30_000;
  const attemptMs = opts.timeoutMs + 30_000;

  async function send(id: string) {
    const startedAt = Date.now();
    const d = await opts.repo.start(id, owner, new Date(startedAt + attemptMs).toISOString());
    if (!d) return;
    if (!canActFor(creatorAuth(d), d.programme_id)) {
      await opts.repo.stop(d.id, owner, CREATOR_LOST_ACCESS);
      return;
    }
    const body = d.payload;
    const attempt = d.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await post(new URL(d.url), {
        'content-type': 'application/json',
        'user-agent': 'zelftoets-webhooks/1',
        'x-zelftoets-event': d.event,
        'x-zelftoets-delivery': d.id,
        [SIGNATURE_HEADER]: signature(d.secret, body, Math.floor(Date.now() / 1000)),
      }, body, { lookup: opts.lookup ?? systemLookup, check: !opts.allowInsecure, timeoutMs: opts.timeoutMs });
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = DELIVERY_FAILED;
      if (attempt >= opts.maxAttempts) opts.log.warn({ delivery: d.id, webhook: d.webhook_id, err: String((err as Error).message ?? err).slice(0, 300) }, 'webhook delivery failed for good');
    }
    if (!error) return await opts.repo.record(d.id, owner, { state: 'delivered', next: null, status, error: null });
    const last = attempt >= opts.maxAttempts;
    await opts.repo.record(d.id, owner, {
      state: last ? 'failed' : 'pending',
      // Counted from the start of the attempt, so the next due time does not tell a quick refusal from a timeout.
      next: last ? null : new Date(startedAt + backoffMs(attempt, opts.retryBaseMs)).toISOString(),
      status, error,
    });
  }

  return createClaimLoop({ name: 'webhook delivery', owner, repo: opts.repo, batch: BATCH, claimMs, concurrency, pollMs: opts.pollMs, handle: send, log: opts.log });
}

export type DeliveryQueue = ReturnType<typeof createDeliveryQueue>;
