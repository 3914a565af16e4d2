// Debounced autosave. Changes collect per question; after a quiet moment they go to the server in
// one request. While a request is in flight, new changes wait for the next one, so saves never overlap
// and the server always ends with the latest answer. Failed changes stay pending until a retry.
import type { Answers } from '../../../core/types.js';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';
type Change = Answers[string] | null;

export interface AutosaveOptions {
  delayMs: number;
  send: (changes: Record<string, Change>) => Promise<void>;
  onState: (state: SaveState, error?: Error) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function createAutosave(opts: AutosaveOptions) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let pending: Record<string, Change> = {};
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;

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
      },
    );
    return inFlight;
  }

  function schedule() {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      void flush();
    }, opts.delayMs);
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
