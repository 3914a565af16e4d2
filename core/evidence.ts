// Review item 15: a self-assessment is only as good as what backs its best answers. An answer at full
// score is a claim an assessor may want to check, so the test asks for a link or document name there
// (the answer's note) and the last look before submitting lists the ones without. Nothing here scores:
// a missing note never changes a figure, it only makes a claim harder to verify.
import { answerScore } from './scoring.js';
import type { Answer, Answers, Question, Questionnaire } from './types.js';

const ladders = new WeakMap<Question, boolean>();

/**
 * True when the question is a ladder: some real answer scores below full, not only "don't know", a
 * knock-out, an unknown risk or n.v.t. Where every real answer scores full (the AI Act's high-risk
 * areas: knowing the class is what counts) choosing one is no claim to back up.
 */
export function asksForEvidence(question: Question): boolean {
  let ladder = ladders.get(question);
  if (ladder === undefined) {
    ladder = (question.options ?? []).some((o) => !o.notApplicable && !o.knockout && !o.unknownRisk && o.id !== 'dont-know' && (o.score ?? 0) < 1);
    ladders.set(question, ladder);
  }
  return ladder;
}

/** True when the answer earns a ladder question's full score (s(q) = 1): the top rung, or a multi choice that reaches it. */
export function claimsFullMarks(question: Question, answer: Answer | undefined): boolean {
  return answerScore(question, answer) === 1 && asksForEvidence(question);
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
