import type { Locale, Localized } from './types.js';

function isLocalized(x: unknown): x is Localized {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && typeof (x as Localized).nl === 'string' && typeof (x as Localized).en === 'string';
}

/** Replaces every { nl, en } text in a document with the text of one locale. */
export function localize<T>(document: T, locale: Locale): unknown {
  if (isLocalized(document)) return document[locale];
  if (Array.isArray(document)) return document.map((x) => localize(x, locale));
  if (document && typeof document === 'object') {
    return Object.fromEntries(Object.entries(document).map(([k, v]) => [k, localize(v, locale)]));
  }
  return document;
}

export function text(l: Localized | undefined, locale: Locale): string {
  return l ? l[locale] || l.nl : '';
}
