import { useEffect, useState } from 'preact/hooks';
import type { Locale, Localized, SourceRef } from '../../../core/types.js';

/** A source document as /api/catalogue lists it: a policy text, or a law with its official address. */
export interface SourceDocumentInfo {
  title: Localized;
  kind?: 'policy' | 'law';
  url?: string;
}

export interface Citation {
  /** Null only while the catalogue is still loading: the raw document id is never shown. */
  title: string | null;
  /** Where in the document, as published: article, annex, or chapter/section/page. */
  where: string | null;
  url: string | null;
  topic: string;
}

const pick = (text: Localized, locale: Locale) => text[locale] ?? text.nl;

/**
 * What a respondent can follow: document, place in it, and a link where the document is public.
 * `lines` points into the project's plain-text extraction, for reviewers; it is never shown.
 */
export function citation(src: SourceRef, doc: SourceDocumentInfo | undefined, locale: Locale): Citation {
  const where = src.article
    ? `${locale === 'nl' ? 'artikel' : 'Article'} ${src.article}`
    : src.annex
      ? `${locale === 'nl' ? 'bijlage' : 'Annex'} ${src.annex}`
      : src.section ? pick(src.section, locale) : null;
  return { title: doc ? pick(doc.title, locale) : null, where, url: doc?.url ?? null, topic: pick(src.topic, locale) };
}

type Documents = Record<string, SourceDocumentInfo>;
let cache: Promise<Documents> | null = null;

/** The source documents questions cite, loaded once from the catalogue. */
export function useSourceDocuments(): (document: string) => SourceDocumentInfo | undefined {
  const [documents, setDocuments] = useState<Documents>({});
  useEffect(() => {
    // Not before the first question is on screen: this request would compete with the two it needs.
    const load = () => {
      cache ??= fetch('/api/catalogue')
        .then((r) => r.json())
        .then((c: { sources: Array<SourceDocumentInfo & { id: string }> }) => Object.fromEntries(c.sources.map(({ id, ...d }) => [id, d])));
      cache.then(setDocuments, () => {});
    };
    const timer = setTimeout(load, 1000);
    return () => clearTimeout(timer);
  }, []);
  return (document) => documents[document];
}
