// Review item 15: a self-assessment is only as good as what backs its best answers. An answer at full
// score is a claim an assessor may want to check, so the test asks for a link or document name there
// (the answer's note) and the last look before submitting lists the ones without. Nothing here scores:
// a missing note never changes a figure, it only makes a claim harder to verify.
import { answerScore } from './scoring.js';
import type { Answer, Answers, Question, Questionnaire } from './types.js';

/** True when the answer earns the question's full score (s(q) = 1): the top rung, or a multi choice that reaches it. */
export function claimsFullMarks(question: Question, answer: Answer | undefined): boolean {
  return answerScore(question, answer) === 1;
}

/** True when a full-marks answer has no note saying where it shows (blank counts as none). */
export function lacksEvidence(question: Question, answer: Answer | undefined): boolean {
  return claimsFullMarks(question, answer) && !answer?.note?.trim();
}

/** The shown questions whose full-marks answer has no note, in document order. */
export function claimsWithoutEvidence(questionnaire: Questionnaire, answers: Answers, visible: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  for (const section of questionnaire.sections) {
    for (const q of section.questions) if (visible.has(q.id) && lacksEvidence(q, answers[q.id])) ids.push(q.id);
  }
  return ids;
}

/**
 * The questions a report scores at full marks, read from its values' contributions (each carries s(q)):
 * the assessor's screen has the report, not the questionnaire, and marks these claims when no note backs them.
 */
export function fullScoreQuestions(values: ReadonlyArray<{ contributions?: ReadonlyArray<{ question: string; score: number }> }>): Set<string> {
  const ids = new Set<string>();
  for (const v of values) for (const c of v.contributions ?? []) if (c.score === 1) ids.add(c.question);
  return ids;
}
