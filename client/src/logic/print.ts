// Closed <details> cannot be opened by print CSS in Chromium, so the explanations would be missing
// from paper and PDF. Printing opens them all and closes the ones that were closed afterwards.

/** The server prints its PDF from /report/<id>?print=1: everything open from the start. */
export const printMode = typeof location !== 'undefined' && new URLSearchParams(location.search).get('print') === '1';

export function openDetailsWhilePrinting(root: ParentNode = document): () => void {
  let opened: HTMLDetailsElement[] = [];
  const before = () => {
    opened = [...root.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
    for (const d of opened) d.open = true;
  };
  const after = () => {
    for (const d of opened) d.open = false;
    opened = [];
  };
  addEventListener('beforeprint', before);
  addEventListener('afterprint', after);
  return () => {
    removeEventListener('beforeprint', before);
    removeEventListener('afterprint', after);
  };
}
