// The report as a Word document (issue 15 item 7): the same structure as the PDF, with real headings
// and tables, so a founder can paste parts into an application and an assessor can annotate it with
// tracked changes. Pure apart from the zip it writes: everything it shows comes in through `input`.
import { Document, Packer } from 'docx';
import type { Locale, Questionnaire } from '../../../core/types.js';
import { text } from '../../../core/localize.js';
import type { StoredReport } from '../../report/report-service.js';
import type { StaffPrint } from '../staff-print.js';
import { actions, answers, charts, contextOf, cover, summary, values, type AnswerSection, type Block } from './sections.js';
import { staffAppendix, staffCover } from './staff.js';
import { verificationBlock, verificationFooter, type DocxVerification } from './verification.js';
import { DOCX_WORDS, LANGUAGE_TAG } from './words.js';

export type { AnswerSection } from './sections.js';
export type { DocxVerification } from './verification.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The questionnaire's sections in its own order and words, to group the answers as the questionnaire does. */
export const answerSectionsOf = (q: Questionnaire, locale: Locale): AnswerSection[] =>
  q.sections.map((s) => ({ title: text(s.title, locale), questions: s.questions.map((x) => x.id) }));

export async function reportDocx(input: {
  report: StoredReport;
  locale: Locale;
  verification: DocxVerification | null;
  staff?: StaffPrint | null;
  /** Without them the answers are one list, in the report's order. */
  sections?: AnswerSection[];
}): Promise<Buffer> {
  const { report, locale } = input;
  const c = contextOf(report, locale);
  const w = DOCX_WORDS[locale];
  const submitted = report.response.submittedAt !== null;
  const staff = input.staff ?? null;
  // The staff cover names the startup as shared with the programme; the startup's own, its company name.
  const name = staff?.startup || report.response.companyName || null;
  const children: Block[] = [
    ...cover(c, {
      name,
      details: staff ? staffCover(staff, locale) : [],
      verification: await verificationBlock({ locale, verification: input.verification, submitted }),
    }),
    ...summary(c),
    ...actions(c),
    ...charts(c),
    ...values(c),
    ...answers(c, input.sections),
    ...(staff ? staffAppendix(staff, locale) : []),
  ];
  const doc = new Document({
    title: [w.title, report.questionnaire.title, name].filter(Boolean).join(' — '),
    subject: report.questionnaire.title,
    creator: w.creator,
    lastModifiedBy: w.creator,
    description: w.independent,
    styles: {
      default: {
        document: { run: { language: { value: LANGUAGE_TAG[locale] }, font: 'Calibri', size: 22 }, paragraph: { spacing: { after: 80 } } },
        heading1: { paragraph: { spacing: { before: 240, after: 120 } } },
        heading2: { paragraph: { spacing: { before: 200, after: 80 } } },
        heading3: { paragraph: { spacing: { before: 160, after: 60 } } },
      },
    },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
      footers: { default: verificationFooter({ locale, verification: input.verification, submitted }) },
      children,
    }],
  });
  return Packer.toBuffer(doc);
}
