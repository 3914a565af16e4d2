// CSV that opens correctly in spreadsheet programs. Dutch Excel expects ";" between fields and a
// decimal comma; a BOM makes it read UTF-8. Cells that a spreadsheet would run as a formula are
// neutralised (OWASP "CSV injection"), since respondents type free text.
import type { Locale } from '../../core/types.js';

export type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, locale: Locale): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (locale === 'nl' ? String(value).replace('.', ',') : String(value)) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  const separator = locale === 'nl' ? ';' : ',';
  return text.includes(separator) || /["\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Cell[][], locale: Locale): string {
  const separator = locale === 'nl' ? ';' : ',';
  return `\uFEFF${rows.map((r) => r.map((c) => csvCell(c, locale)).join(separator)).join('\r\n')}\r\n`;
}
