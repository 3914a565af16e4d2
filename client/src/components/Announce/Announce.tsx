import { useEffect, useState } from 'preact/hooks';

/**
 * A status message that can be there as the page appears (after a redirect: signed out, deleted,
 * answers dropped). Screen readers announce what changes in a live region, not a region that arrives
 * with its text, so the region is rendered empty and filled a moment later; while empty it takes no
 * room. Later changes of `text` (another message, a language switch) are announced the same way.
 */
export function Announce({ text, class: className = 'notice' }: { text: string; class?: string }) {
  const [shown, setShown] = useState('');
  useEffect(() => {
    // Long enough for a screen reader to have taken in the new region; short enough not to be seen.
    const timer = setTimeout(() => setShown(text), 150);
    return () => clearTimeout(timer);
  }, [text]);
  return <p role="status" class={shown ? className : 'visually-hidden'}>{shown}</p>;
}
