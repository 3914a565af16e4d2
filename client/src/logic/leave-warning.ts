// Asking before a page with unsaved edits is left. In-app links go through the router, which no
// beforeunload sees, so their clicks are caught first (capture phase, before the router's handler on
// window) and confirmed; a reload, a typed address or closing the tab get the browser's own question.
// A button that navigates by itself (route()) asks through confirmLeave() first.
import { useEffect, useRef } from 'preact/hooks';

interface Guard { isDirty: () => boolean; question: () => string }
const guards = new Set<{ current: Guard }>();

/** True when nothing unsaved is on the page, or the reader confirms leaving it anyway. */
export function confirmLeave(): boolean {
  for (const guard of guards) {
    if (guard.current.isDirty()) return confirm(guard.current.question());
  }
  return true;
}

export function useLeaveWarning(isDirty: () => boolean, question: () => string) {
  const latest = useRef({ isDirty, question });
  latest.current = { isDirty, question };
  useEffect(() => {
    guards.add(latest);
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link || link.download || link.target === '_blank' || link.origin !== location.origin || link.getAttribute('href')?.startsWith('#')) return;
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || !latest.current.isDirty()) return;
      if (!confirm(latest.current.question())) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!latest.current.isDirty()) return;
      e.preventDefault();
      e.returnValue = '';
    };
    document.addEventListener('click', onClick, true);
    addEventListener('beforeunload', onUnload);
    return () => {
      guards.delete(latest);
      document.removeEventListener('click', onClick, true);
      removeEventListener('beforeunload', onUnload);
    };
  }, []);
}
