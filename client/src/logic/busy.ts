import { useCallback, useRef, useState } from 'preact/hooks';

/**
 * One piece of work at a time, for actions that must not run twice: a second click while the first
 * is on its way would create a second programme, key, webhook, draft, decision or share link, or send
 * a second invitation whose link makes the first one's dead. The guard is a ref, so a second call
 * made before the page has rendered the disabled button is dropped too.
 *
 * `busy` is the key of the work running (`true` unless one is given, e.g. a row's id to mark that row's
 * button), or false. `run` resolves when the work is done, or at once when other work is running; what
 * the work throws, it throws.
 */
export function useBusy<K = true>(): [busy: K | false, run: (work: () => Promise<unknown>, key?: K) => Promise<void>] {
  const [busy, setBusy] = useState<K | false>(false);
  const running = useRef(false);
  const run = useCallback(async (work: () => Promise<unknown>, key: K = true as K) => {
    if (running.current) return;
    running.current = true;
    setBusy(() => key);
    try {
      await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return [busy, run];
}
