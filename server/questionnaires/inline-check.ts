// Checking and scoring an inline questionnaire (POST /api/score) off the main thread. Schema
// validation of a hostile document is not linear in its size (16 KiB of bare numbers as questions
// took ajv 10 s), so no size cap alone bounds it: one worker thread does the work, each check gets a
// time budget and a memory ceiling after which the worker is replaced, and a bounded queue (per
// process and per client) refuses what would wait too long. Autosave and every other request keep
// the main thread.
import { Worker } from 'node:worker_threads';
import type { ScoreResponse } from '../../core/scoring.js';
import { HttpError, type ErrorDetail } from '../errors.js';
import { createWorkQueue } from '../limits/work-queue.js';
import { workerEntry } from '../worker-entry.js';

/** At most this many faults are reported, each pointer and message clipped to this many characters. */
export const MAX_REPORTED_FAULTS = 20;
export const MAX_FAULT_TEXT = 200;

export type CheckOutcome =
  | { kind: 'invalid'; total: number; details: ErrorDetail[] }
  | { kind: 'answers'; message: string; details: ErrorDetail[] }
  | { kind: 'scored'; result: ScoreResponse };

export interface InlineCheckerOptions {
  questionnairesDir: string;
  timeoutMs: number;
  maxQueued: number;
  perClient: number;
  /** Time the worker may take to start (loading the catalogue), apart from the per-check budget. */
  startTimeoutMs?: number;
}

const WORKER_MEMORY_MB = 256;

export function createInlineChecker(opts: InlineCheckerOptions) {
  const queue = createWorkQueue({ name: 'questionnaire check', concurrency: 1, maxQueued: opts.maxQueued, perClient: opts.perClient });
  let worker: { thread: Worker; ready: Promise<void> } | null = null;
  let nextId = 1;

  function spawn() {
    const [entry, how] = workerEntry(import.meta.url, 'inline-check-worker');
    const thread = new Worker(entry, {
      ...how,
      workerData: { questionnairesDir: opts.questionnairesDir },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB },
    });
    // The worker never keeps the process alive on its own.
    thread.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the questionnaire checker did not start')), opts.startTimeoutMs ?? 30_000);
      thread.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      thread.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const spawned = { thread, ready };
    thread.once('exit', () => {
      if (worker === spawned) worker = null;
    });
    worker = spawned;
    return spawned;
  }

  async function runOne(questionnaire: unknown, answers: unknown): Promise<CheckOutcome> {
    const current = worker ?? spawn();
    try {
      await current.ready;
    } catch {
      if (worker === current) worker = null;
      void current.thread.terminate();
      throw new HttpError(503, 'checker-unavailable', 'the questionnaire check is not available right now; try again shortly');
    }
    const id = nextId++;
    return new Promise<CheckOutcome>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        current.thread.off('message', onMessage);
        current.thread.off('exit', onExit);
      };
      const onMessage = (msg: { id?: number; outcome?: CheckOutcome }) => {
        if (msg.id !== id) return;
        done();
        resolve(msg.outcome!);
      };
      // The worker stops when it runs out of its memory ceiling: that document was too much to check.
      const onExit = () => {
        done();
        reject(tooComplex());
      };
      const timer = setTimeout(() => {
        done();
        if (worker === current) worker = null;
        void current.thread.terminate();
        reject(tooComplex());
      }, opts.timeoutMs);
      current.thread.on('message', onMessage);
      current.thread.once('exit', onExit);
      current.thread.postMessage({ id, questionnaire, answers });
    });
  }

  const tooComplex = () =>
    new HttpError(400, 'questionnaire-too-complex', `checking this questionnaire took more than ${opts.timeoutMs} ms or ${WORKER_MEMORY_MB} MiB; real questionnaires take a few milliseconds, so it is far from valid`);

  return {
    /** Validates the questionnaire and scores the answers against it, in the worker; `client` is who asks. */
    check: (client: string, questionnaire: unknown, answers: unknown) => queue.run(client, () => runOne(questionnaire, answers)),
    stats: () => queue.stats(),
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.thread.terminate();
    },
  };
}

export type InlineChecker = ReturnType<typeof createInlineChecker>;
