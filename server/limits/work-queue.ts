// A bounded queue for expensive work (PDF printing, validating inline questionnaires): so many jobs
// at once, so many waiting, and so many per client, running or waiting. Beyond that a request is
// refused at once with 503 (the server is busy) or 429 (this client has enough under way), each with
// Retry-After, instead of piling up work nobody can bound.
import { HttpError, type ErrorCode } from '../errors.js';

/** An error that tells the client when to try again (sent as Retry-After). */
export class RetryLaterError extends HttpError {
  constructor(statusCode: number, message: string, readonly retryAfterSeconds: number, code: ErrorCode) {
    super(statusCode, code, message, undefined, { retryAfter: retryAfterSeconds });
  }
}

export interface WorkQueueOptions {
  /** What the work is, for messages ("PDF", "questionnaire check"). */
  name: string;
  concurrency: number;
  /** Jobs that may wait for a free slot. */
  maxQueued: number;
  /** Jobs one client may have running or waiting. */
  perClient: number;
}

export function createWorkQueue(opts: WorkQueueOptions) {
  let running = 0;
  const waiting: Array<() => void> = [];
  const perClient = new Map<string, number>();
  // A moving average of how long a job takes, to say when trying again is worthwhile.
  let averageMs = 1000;

  const retryAfter = (ahead: number) => Math.max(1, Math.ceil((averageMs * (ahead + 1)) / opts.concurrency / 1000));

  return {
    stats: () => ({ running, queued: waiting.length, clients: perClient.size }),

    async run<T>(client: string, job: () => Promise<T>): Promise<T> {
      const mine = perClient.get(client) ?? 0;
      if (mine >= opts.perClient) {
        throw new RetryLaterError(429, `you already have ${mine} ${opts.name} request(s) under way; wait for them to finish`, retryAfter(mine - 1), 'too-many-at-once');
      }
      if (running >= opts.concurrency && waiting.length >= opts.maxQueued) {
        throw new RetryLaterError(503, `the server is busy with other ${opts.name} requests; try again shortly`, retryAfter(waiting.length), 'server-busy');
      }
      perClient.set(client, mine + 1);
      try {
        if (running >= opts.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        const started = Date.now();
        try {
          return await job();
        } finally {
          averageMs = averageMs * 0.8 + (Date.now() - started) * 0.2;
          running--;
          waiting.shift()?.();
        }
      } finally {
        const left = (perClient.get(client) ?? 1) - 1;
        if (left > 0) perClient.set(client, left);
        else perClient.delete(client);
      }
    },
  };
}

export type WorkQueue = ReturnType<typeof createWorkQueue>;
