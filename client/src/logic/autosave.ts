// Debounced autosave. Changes collect per question; after a quiet moment they go to the server in
// one request. While a request is in flight, new changes wait for the next one, so saves never overlap
// and the server always ends with the latest answer. Failed changes stay pending until a retry; when
// the server says when to come back (503 with Retry-After: it stored nothing), the retry happens by
// itself then, and no earlier.
import type { Answers } from '../../../core/types.js';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';
type Change = Answers[string] | null;

export interface AutosaveOptions {
  delayMs: number;
  send: (changes: Record<string, Change>) => Promise<void>;
  onState: (state: SaveState, error?: Error) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
}

/** Bounds on an automatic retry, whatever the server asks: at least a second, at most a minute. */
const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;

/** How long the server asked us to wait before sending again, when it did (ApiError.retryAfterMs). */
export function retryDelayOf(err: unknown): number | null {
  const ms = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, ms)) : null;
}

export function createAutosave(opts: AutosaveOptions) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const now = opts.now ?? Date.now;
  let pending: Record<string, Change> = {};
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  // Set by a Retry-After: automatic saves wait until then (a click on "retry" does not).
  let notBefore = 0;

  const hasPending = () => Object.keys(pending).length > 0;

  async function flush(): Promise<void> {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (inFlight) {
      await inFlight;
      return hasPending() ? flush() : undefined;
    }
    if (!hasPending()) return;
    const batch = pending;
    pending = {};
    opts.onState('saving');
    inFlight = opts.send(batch).then(
      () => {
        inFlight = null;
        opts.onState(hasPending() ? 'pending' : 'saved');
        if (hasPending()) schedule();
      },
      (err: Error) => {
        inFlight = null;
        // Put the batch back under anything newer, so no change is lost and none is overwritten.
        pending = { ...batch, ...pending };
        opts.onState('error', err);
        const wait = retryDelayOf(err);
        if (wait !== null) {
          notBefore = now() + wait;
          schedule();
        }
      },
    );
    return inFlight;
  }

  function schedule() {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      void flush();
    }, Math.max(opts.delayMs, notBefore - now()));
  }

  return {
    change(question: string, answer: Change) {
      pending[question] = answer;
      opts.onState('pending');
      schedule();
    },
    flush,
    hasPending,
    /** What is not yet acknowledged by the server (for a last-chance save on page hide). */
    takePending(): Record<string, Change> {
      return { ...pending };
    },
  };
}
