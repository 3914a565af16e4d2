import { useEffect, useState } from 'preact/hooks';
import { tc } from '../i18n/i18n.js';

type Titles = Record<string, { nl: string; en: string }>;
let cache: Promise<Titles> | null = null;

/** Titles of the source documents questions cite, loaded once from the catalogue. */
export function useSourceTitles(): (document: string) => string {
  const [titles, setTitles] = useState<Titles>({});
  useEffect(() => {
    // Not before the first question is on screen: this request would compete with the two it needs.
    const load = () => {
    cache ??= fetch('/api/catalogue')
      .then((r) => r.json())
      .then((c: { sources: Array<{ id: string; title: { nl: string; en: string } }> }) => Object.fromEntries(c.sources.map((s) => [s.id, s.title])));
    cache.then(setTitles, () => {});
    };
    const timer = setTimeout(load, 1000);
    return () => clearTimeout(timer);
  }, []);
  return (document) => (titles[document] ? tc(titles[document]) : document);
}
