// The statement at submit, made on a worker thread (statement-worker.ts). Building the submitted
// report, its canonical JSON, the hash and the signature cost about as much CPU as the rest of a
// submit; on the main thread they held up every other request for it. The thread starts on the
// first submit and never keeps the process alive. Whenever it cannot take a job (still starting,
// too many waiting, gone, too slow), `make` answers null and the caller signs on the main thread
// as before: the statement is the same either way, only where the CPU is spent differs. A thread
// that fails or answers too late is replaced, 30 s later.
import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Locale, Questionnaire, ScoringVersion } from '../../core/types.js';
import type { Catalog } from '../questionnaires/catalog.js';
import type { ReportResponse } from '../report/report-service.js';
import { workerEntry } from '../worker-entry.js';

/** What the worker needs to build and sign one submitted report; questionnaires go by snapshot hash. */
export interface StatementJob {
  response: ReportResponse;
  snapshotHash: string;
  /** The stored answers' JSON text, parsed in the worker. */
  answers: string;
  locale: Locale;
  scoringVersion: ScoringVersion;
  /** Earlier submitted attempts, oldest first, as the report's history lists them. */
  earlier: Array<{ id: string; submittedAt: string; snapshotHash: string; answers: string; scoringVersion: ScoringVersion }>;
  code: string;
  /** Milliseconds since the epoch: the statement's time. */
  now: number;
}

export interface StatementWorkerData {
  values: Catalog['values'];
  instruments: Catalog['instruments'];
  issuer: string;
  kid: string;
  key: KeyObject;
}

export type ToWorker = { kind: 'snapshot'; hash: string; document: Questionnaire } | { kind: 'job'; id: number; job: StatementJob };
type FromWorker = { ready: true } | { id: number; made?: { sha: string; jws: string }; error?: string };

export interface StatementThreadOptions extends StatementWorkerData {
  /** Jobs sent and not yet answered; beyond this the caller signs itself. */
  maxPending?: number;
  /** A job not answered in this time is signed by the caller. */
  timeoutMs?: number;
  /** After the thread failed, how long to sign on the main thread before starting it again. */
  restartAfterMs?: number;
  log: { warn: (obj: object, msg: string) => void };
}

// Its heap holds the catalogue, the snapshots and one report at a time. Left to V8's defaults it grew
// by 60 MiB under a submit load before collecting; a small young generation collects each job's
// garbage early. Past the old generation's ceiling the thread stops and the main thread signs.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

interface Thread {
  worker: Worker;
  ready: boolean;
  /** Stopped (failed, too late, closed): its later events change nothing. */
  stopped: boolean;
  /** Snapshot hashes this thread has been sent. */
  sent: Set<string>;
  pending: Map<number, { resolve: (made: { sha: string; jws: string } | null) => void; timer: NodeJS.Timeout }>;
}

export function createStatementThread(opts: StatementThreadOptions) {
  const maxPending = opts.maxPending ?? 64;
  const timeoutMs = opts.timeoutMs ?? 5000;
  let thread: Thread | null = null;
  let notBefore = 0;
  let nextId = 1;
  const counts = { worker: 0, fallback: 0 };

  function stop(t: Thread, why: string, err?: unknown) {
    if (t.stopped) return;
    t.stopped = true;
    if (thread === t) thread = null;
    notBefore = Date.now() + (opts.restartAfterMs ?? 30_000);
    for (const p of t.pending.values()) {
      clearTimeout(p.timer);
      p.resolve(null);
    }
    t.pending.clear();
    opts.log.warn({ err }, `the statement thread ${why}; statements are signed on the main thread meanwhile`);
    void t.worker.terminate();
  }

  function spawn(): Thread {
    const [entry, how] = workerEntry(import.meta.url, 'statement-worker');
    const data: StatementWorkerData = { values: opts.values, instruments: opts.instruments, issuer: opts.issuer, kid: opts.kid, key: opts.key };
    const worker = new Worker(entry, { ...how, workerData: data, execArgv: [], resourceLimits: WORKER_LIMITS });
    worker.unref();
    const t: Thread = { worker, ready: false, stopped: false, sent: new Set(), pending: new Map() };
    worker.on('message', (msg: FromWorker) => {
      if ('ready' in msg) {
        t.ready = true;
        return;
      }
      const p = t.pending.get(msg.id);
      if (!p) return;
      t.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) opts.log.warn({ error: msg.error }, 'the statement thread could not sign a report; signing it on the main thread');
      p.resolve(msg.made ?? null);
    });
    worker.once('error', (err) => stop(t, 'failed', err));
    worker.once('exit', (code) => stop(t, `stopped (exit code ${code})`));
    return t;
  }

  return {
    /**
     * The hash and JWS for this submitted report, or null: then the caller makes them itself.
     * `snapshots` are the questionnaires the job names (the thread is sent each one once).
     */
    make(job: StatementJob, snapshots: Map<string, Questionnaire>): Promise<{ sha: string; jws: string } | null> {
      if (!thread && Date.now() >= notBefore) {
        try {
          thread = spawn();
        } catch (err) {
          // Could not even be created (its module not found, its data not cloneable): not again for a while.
          notBefore = Date.now() + (opts.restartAfterMs ?? 30_000);
          opts.log.warn({ err }, 'the statement thread could not be started; statements are signed on the main thread meanwhile');
        }
      }
      const t = thread;
      if (!t?.ready || t.pending.size >= maxPending) {
        counts.fallback++;
        return Promise.resolve(null);
      }
      for (const [hash, document] of snapshots) {
        if (t.sent.has(hash)) continue;
        t.worker.postMessage({ kind: 'snapshot', hash, document } satisfies ToWorker);
        t.sent.add(hash);
      }
      const id = nextId++;
      return new Promise((resolve) => {
        // A thread that keeps up answers in milliseconds: one this late is stuck, or so far behind that
        // every job after this one would wait too. Replaced; its jobs go to the main thread.
        const timer = setTimeout(() => stop(t, `did not answer within ${timeoutMs} ms`), timeoutMs);
        t.pending.set(id, {
          timer,
          resolve: (made) => {
            if (made) counts.worker++;
            else counts.fallback++;
            resolve(made);
          },
        });
        t.worker.postMessage({ kind: 'job', id, job } satisfies ToWorker);
      });
    },
    /** How many statements the thread made, and how many it left to the main thread. */
    stats: () => ({ ...counts, running: thread?.ready === true, pending: thread?.pending.size ?? 0 }),
    /** Started ahead of the first submit (tests; an instance that wants its first submits off the main thread too). */
    start(): Promise<void> {
      if (!thread) thread = spawn();
      const t = thread;
      return new Promise((resolve, reject) => {
        if (t.ready) return resolve();
        const done = (err?: unknown) => {
          t.worker.off('message', onMessage);
          t.worker.off('error', done);
          t.worker.off('exit', done);
          if (err === undefined) resolve();
          else reject(err instanceof Error ? err : new Error(`the statement thread stopped (exit code ${String(err)})`));
        };
        const onMessage = (msg: FromWorker) => {
          if ('ready' in msg) done();
        };
        t.worker.on('message', onMessage);
        t.worker.once('error', done);
        t.worker.once('exit', done);
      });
    },
    async close() {
      const t = thread;
      thread = null;
      notBefore = Number.POSITIVE_INFINITY;
      if (!t) return;
      t.stopped = true;
      for (const p of t.pending.values()) {
        clearTimeout(p.timer);
        p.resolve(null);
      }
      t.pending.clear();
      await t.worker.terminate();
    },
  };
}

export type StatementThread = ReturnType<typeof createStatementThread>;
