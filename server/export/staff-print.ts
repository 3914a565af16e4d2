// What the staff PDF adds to the startup's report: a cover that tells submissions apart (startup,
// programme, area, attempt, date), the reviews the person printing may see, and the decision. Built
// here in the PDF's language and handed to the print page by the server's own browser (pdf.ts), so
// the words match the CSV's and nothing of it travels through a URL or a route.
import { text } from '../../core/localize.js';
import type { Locale, ValueDefinition } from '../../core/types.js';
import { dialectFor, formatDateTime, formatNumber, type ExportReview } from './csv.js';
import { decisionFields, type DecisionRecord } from './decision.js';
import { AREA, JUDGEMENT, wordFor } from './words.js';

export interface StaffPrint {
  startup: string;
  programme: string;
  area: string;
  attempt: { n: number; of: number } | null;
  sharedAt: string;
  reviews: Array<{
    assessor: string;
    submittedAt: string;
    judgement: string;
    comment: string;
    values: Array<{ name: string; score: string; comment: string }>;
  }>;
  decision: Array<{ label: string; value: string }>;
}

export function staffPrintOf(input: {
  locale: Locale; values: ValueDefinition[]; startup: string; programme: string; area: string; sharedAt: string | null;
  attempt: { attempt: number; of: number } | undefined;
  /** Only submitted reviews the person printing may see (the caller applies the blind rule). */
  reviews: Array<ExportReview & { submittedAt: string | null }>;
  decision: DecisionRecord | null;
}): StaffPrint {
  const { locale } = input;
  const number = (n: number | null | undefined) => formatNumber(n, 1, dialectFor(locale));
  return {
    startup: input.startup,
    programme: input.programme,
    area: wordFor(AREA, locale, input.area),
    attempt: input.attempt ? { n: input.attempt.attempt, of: input.attempt.of } : null,
    sharedAt: formatDateTime(input.sharedAt, locale),
    reviews: input.reviews.map((r) => ({
      assessor: r.assessor.name?.trim() ? `${r.assessor.name.trim()} (${r.assessor.email})` : r.assessor.email,
      submittedAt: formatDateTime(r.submittedAt, locale),
      judgement: r.judgement ? wordFor(JUDGEMENT, locale, r.judgement) : '',
      comment: r.comment,
      // Every value the assessor scored or commented on, in the catalogue's order.
      values: input.values.flatMap((v) => {
        const s = r.scores[v.id];
        if (!s || (s.score === null && !s.comment)) return [];
        return [{ name: text(v.name, locale), score: number(s.score), comment: s.comment }];
      }),
    })),
    // No decision (or none this person may see): an empty list, which the print page words as "none yet".
    decision: input.decision === null ? [] : decisionFields(locale, input.decision).map((f) => ({ label: f.label, value: typeof f.value === 'number' ? number(f.value) : (f.value ?? '') })),
  };
}

const slug = (s: string, max: number) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');

/**
 * The download's name, so ten PDFs in a folder are told apart: zelftoets-<programme>-<startup>-<area>-poging-<n>.pdf
 * ("attempt" in English; .docx for the Word document). An ASCII slug in `filename`, the names as typed in `filename*` (RFC 6266/8187),
 * both without anything a file system or a header would trip over.
 */
export function pdfContentDisposition(input: { programme: string; startup: string; area: string; attempt: number | null; locale: Locale; ext?: 'pdf' | 'docx' }): string {
  const ext = input.ext ?? 'pdf';
  const word = input.locale === 'nl' ? 'poging' : 'attempt';
  const tail = input.attempt === null ? [] : [word, String(input.attempt)];
  const ascii = ['zelftoets', slug(input.programme, 40), slug(input.startup, 40), slug(input.area, 20), ...tail].filter(Boolean).join('-');
  // Path separators, quotes, control characters and what Windows forbids become a dash; length capped.
  const safe = (s: string) => s.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '-').replace(/\s+/g, ' ').trim().slice(0, 60);
  const utf8 = ['zelftoets', safe(input.programme), safe(input.startup), input.area, ...tail].filter(Boolean).join('-');
  const encoded = encodeURIComponent(`${utf8}.${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}.${ext}"; filename*=UTF-8''${encoded}`;
}
