// The folded form of a name for search: compatibility-decomposed (NFKD), combining marks dropped and
// lower-cased, so "Ümlaut", "ÜMLAUT" and "umlaut" compare equal. Computed in JS because SQLite has no
// unaccent and both engines must find the same rows.
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}
