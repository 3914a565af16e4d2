import { useEffect, useRef } from 'preact/hooks';

/**
 * `run` a moment after the last call, with the last call's argument: a search as the person types,
 * without a request per keystroke. A call still waiting when the component goes is dropped, so it
 * cannot set state on a page that has been left.
 */
export function useDebounced<T>(run: (value: T) => void, ms = 250): (value: T) => void {
  const timer = useRef<ReturnType<typeof setTimeout>>();
  // The latest `run`, so a call made before a re-render still runs what the page renders now.
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => () => clearTimeout(timer.current), []);
  const call = useRef((value: T) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(value), ms);
  });
  return call.current;
}
