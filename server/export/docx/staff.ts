// The staff variant's additions, as the staff PDF has them (client/src/components/Report/StaffPrint.tsx):
// cover details that tell submissions apart, then the reviews the person exporting may see and the
// decision. StaffPrint is built by the route under the blind-review rule; this file only lays it out.
import type { Locale } from '../../../core/types.js';
import type { StaffPrint } from '../staff-print.js';
import { heading, labelled, para, table } from './blocks.js';
import type { Block } from './sections.js';
import { DOCX_WORDS, fill } from './words.js';

export function staffCover(staff: StaffPrint, locale: Locale): Block[] {
  const w = DOCX_WORDS[locale];
  return [
    labelled(w.programme, staff.programme),
    labelled(w.area, staff.area),
    ...(staff.attempt ? [labelled(w.attempt, fill(w.attemptOf, { n: staff.attempt.n, of: staff.attempt.of }))] : []),
    ...(staff.sharedAt ? [labelled(w.shared, staff.sharedAt)] : []),
  ];
}

export function staffAppendix(staff: StaffPrint, locale: Locale): Block[] {
  const w = DOCX_WORDS[locale];
  const out: Block[] = [heading(w.reviews, 1, { pageBreakBefore: true })];
  if (staff.reviews.length === 0) out.push(para(w.reviewsNone));
  for (const r of staff.reviews) {
    out.push(
      heading(r.assessor, 2),
      ...(r.submittedAt ? [para(fill(w.submittedOn, { date: r.submittedAt }))] : []),
      labelled(w.judgement, r.judgement),
      ...(r.comment ? [labelled(w.comment, r.comment)] : []),
      r.values.length === 0 ? para(w.noScores) : table([w.value, w.score, w.comment], r.values.map((v) => [v.name, v.score, v.comment]), [3, 1.5, 5]),
    );
  }
  out.push(heading(w.decision, 1));
  out.push(staff.decision.length === 0 ? para(w.decisionNone) : table([w.field, w.content], staff.decision.map((f) => [f.label, f.value]), [3, 6]));
  return out;
}
