// What is still open before submitting: per section, the visible required questions without an
// answer. Counted exactly as progress and the report's completeness count (core/scoring.ts), so
// the list, the nav marks and the progress bar never disagree.
import { openChecks } from '../../../core/open-checks.js';
import { requiredCounts } from '../../../core/scoring.js';
import type { Answers, Localized, Questionnaire } from '../../../core/types.js';
import { visibleQuestionIds } from '../../../core/visibility.js';

export interface SectionCompletion {
  id: string;
  title: Localized;
  /** Visible required questions in the section. */
  required: number;
  answered: number;
  /** True when every visible required question is answered (also when there are none). */
  done: boolean;
  /** The open required questions, in document order. */
  open: Array<{ id: string; prompt: Localized }>;
}

/** Every section with a visible question, in order, with its completion. */
export function sectionCompletion(q: Questionnaire, answers: Answers): SectionCompletion[] {
  const visible = visibleQuestionIds(q, answers);
  return q.sections
    .map((s) => {
      const shown = s.questions.filter((x) => visible.has(x.id));
      const open = shown.filter((x) => x.required && requiredCounts([x], answers).answered === 0);
      const required = shown.filter((x) => x.required).length;
      return { id: s.id, title: s.title, required, answered: required - open.length, done: open.length === 0, open: open.map((x) => ({ id: x.id, prompt: x.prompt })), shown: shown.length };
    })
    .filter((s) => s.shown > 0)
    .map(({ shown: _shown, ...s }) => s);
}

/** Only the sections that still have open required questions. */
export function openRequired(q: Questionnaire, answers: Answers): SectionCompletion[] {
  return sectionCompletion(q, answers).filter((s) => !s.done);
}

/**
 * The questions the test cannot be submitted without (core/open-checks.ts: they can show a violated
 * precondition), each with its section for the link, in document order. Required or not: the server
 * refuses the submit (409 checks-open) while any is open.
 */
export function openChecksOf(q: Questionnaire, answers: Answers): Array<{ id: string; prompt: Localized; section: { id: string; title: Localized } }> {
  const open = new Set(openChecks(q, answers).map((x) => x.id));
  return q.sections.flatMap((s) => s.questions.filter((x) => open.has(x.id)).map((x) => ({ id: x.id, prompt: x.prompt, section: { id: s.id, title: s.title } })));
}

/** The element id of a question's fieldset on the test page (components/Question). */
export const questionElementId = (questionId: string) => `q-${questionId}`;
