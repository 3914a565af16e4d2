import { useCallback, useState } from 'preact/hooks';

/** How to say a message in the reader's language at the moment it is shown. */
export type Say = () => string;

/**
 * A message (an error, a notice) kept as how to say it rather than as said: stored as a sentence it
 * stayed in the language of the moment it was set, also after the reader switched. `t` reads the
 * locale signal while the component renders, so a switch renders it again in the other language.
 */
export function useMessage(initial: Say | null = null): [string | null, (say: Say | null) => void] {
  const [say, setSay] = useState<Say | null>(() => initial);
  // A function given to a state setter is called as an update; wrapped, it is stored as the value.
  const set = useCallback((next: Say | null) => setSay(() => next), []);
  return [say ? say() : null, set];
}
