// The questions a test cannot be submitted without: every visible question that can show a violated
// precondition, that is one with a knock-out or unknown-risk option. Scoring version 2 rests on "not
// knowing, or not looking, must never score better than an honest answer" (docs/scoring.md): "weet ik
// niet" on such a question is an unknown risk that caps the profile, but a question left open scores
// nothing and caps nothing, so skipping the AI Act self-check would read better than looking. Any
// answer will do ("weet ik niet" and n.v.t. included): the rule asks for an answer, not a good one.
// Shared by the submit route (409 checks-open) and the submit page, which lists them.
import type { Answers, Question, Questionnaire } from './types.js';
import { allQuestions, selectedOptions, visibleQuestionIds } from './visibility.js';

/** A question with an option that can flag a violated precondition (knock-out or unknown risk). */
export const isCheck = (question: Question) => question.options?.some((o) => o.knockout !== undefined || o.unknownRisk !== undefined) === true;

/** The visible check questions without an answer (no option chosen, not n.v.t.), in document order. */
export function openChecks(q: Questionnaire, answers: Answers): Question[] {
  const visible = visibleQuestionIds(q, answers);
  return allQuestions(q).filter((x) => visible.has(x.id) && isCheck(x) && answers[x.id]?.notApplicable !== true && selectedOptions(answers[x.id]).length === 0);
}
