import { requiredCounts } from '../../../core/scoring.js';
import type { Answers, Questionnaire, Section } from '../../../core/types.js';
import { allQuestions, visibleQuestionIds } from '../../../core/visibility.js';

export interface Progress {
  answered: number;
  total: number;
  /** Sections that have at least one visible question. */
  sections: Section[];
  visible: Set<string>;
}

/** Progress counts visible required questions, exactly as completeness does in the report. */
export function progressOf(q: Questionnaire, answers: Answers): Progress {
  const visible = visibleQuestionIds(q, answers);
  const { required, answered } = requiredCounts(allQuestions(q).filter((x) => visible.has(x.id)), answers);
  return {
    total: required,
    answered,
    sections: q.sections.filter((s) => s.questions.some((x) => visible.has(x.id))),
    visible,
  };
}
