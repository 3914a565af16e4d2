import { score } from '../../../core/scoring.js';
import type { Answers, Questionnaire, Section, ValueDefinition } from '../../../core/types.js';
import { visibleQuestionIds } from '../../../core/visibility.js';

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
  const result = score(q, answers, NO_VALUES);
  const required = q.sections.flatMap((s) => s.questions).filter((x) => x.required && visible.has(x.id));
  return {
    total: required.length,
    answered: Math.round(result.completeness * required.length),
    sections: q.sections.filter((s) => s.questions.some((x) => visible.has(x.id))),
    visible,
  };
}

// Completeness does not depend on the value catalogue, so progress can be computed without it.
const NO_VALUES: ValueDefinition[] = [];
