// Debounced autosave of a whole draft (as logic/autosave.ts does for answers): after a quiet moment the
// latest document goes to the server with the revision it was loaded at; saves never overlap, and the
// newest document always ends on the server. A conflict (someone else saved) stops every further save
// until the editor reloads: nothing is ever sent over another person's work.
export type DraftSaveState = 'saved' | 'pending' | 'saving' | 'error' | 'conflict';

export interface DraftAutosaveOptions<D> {
  delayMs: number;
  revision: number;
  send: (doc: D, revision: number) => Promise<number>;
  isConflict: (err: unknown) => boolean;
  onState: (state: DraftSaveState, err?: unknown) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function createDraftAutosave<D>(opts: DraftAutosaveOptions<D>) {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let revision = opts.revision;
  let pending: { doc: D } | null = null;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  async function flush(): Promise<void> {
    if (timer !== null) { clearTimer(timer); timer = null; }
    if (stopped) return;
    if (inFlight) { await inFlight; return pending ? flush() : undefined; }
    if (!pending) return;
    const batch = pending;
    pending = null;
    opts.onState('saving');
    inFlight = opts.send(batch.doc, revision).then(
      (next) => {
        inFlight = null;
        revision = next;
        opts.onState(pending ? 'pending' : 'saved');
        if (pending) schedule();
      },
      (err: unknown) => {
        inFlight = null;
        pending ??= batch;
        if (opts.isConflict(err)) stopped = true;
        opts.onState(stopped ? 'conflict' : 'error', err);
      },
    );
    return inFlight;
  }
  function schedule() {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => { timer = null; void flush(); }, opts.delayMs);
  }
  return {
    change(doc: D) {
      if (stopped) return;
      pending = { doc };
      opts.onState('pending');
      schedule();
    },
    flush,
    hasPending: () => pending !== null,
    revision: () => revision,
  };
}
