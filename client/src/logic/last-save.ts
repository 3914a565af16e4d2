import { useEffect } from 'preact/hooks';
import type { createAutosave } from './autosave.js';
import { useLeaveWarning } from './leave-warning.js';

type Autosave = ReturnType<typeof createAutosave>;
type Changes = ReturnType<Autosave['takePending']>;

/**
 * Answers still waiting to be saved when the founder leaves the test. Closing the tab sends them one
 * last time with keepalive, so the request outlives the page (going to another page of the app needs
 * nothing: the autosave's timer outlives the page). But a save that failed (no connection) is not
 * tried again by itself, and a last try would most likely fail too: then an in-app link, a reload or
 * closing the tab asks first.
 */
export function useLastSave(autosave: Autosave, sendLast: (changes: Changes) => void, saveFailed: () => boolean, question: () => string) {
  useEffect(() => {
    const last = () => {
      if (autosave.hasPending()) sendLast(autosave.takePending());
    };
    addEventListener('pagehide', last);
    return () => removeEventListener('pagehide', last);
  }, [autosave]);
  useLeaveWarning(() => saveFailed() && autosave.hasPending(), question);
}
