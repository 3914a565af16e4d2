// Validation of answers against a questionnaire (docs/questionnaire-format.md, "Answers").
// Shape of each answer (types, lengths) is the route schema's job; this checks meaning.
import type { Answer, Answers, Question, Questionnaire } from './types.js';
import { questionsById } from './visibility.js';

export interface AnswerError {
  question: string;
  message: string;
}

const MAIN_KEYS = ['option', 'options', 'notApplicable', 'text'] as const;

export function validateAnswer(question: Question, answer: Answers[string]): string | null {
  const present = MAIN_KEYS.filter((k) => answer[k] !== undefined);
  if (present.length > 1) return `an answer holds one of option, options, notApplicable or text, not ${present.join(' and ')}`;
  if (present.length === 0) return null; // a note alone: kept, counts as unanswered
  const key = present[0];
  if (key === 'notApplicable') {
    if (answer.notApplicable !== true) return 'notApplicable must be true';
    return question.allowNotApplicable ? null : 'this question does not allow "not applicable"';
  }
  const known = new Set((question.options ?? []).map((o) => o.id));
  switch (question.type) {
    case 'text':
      return key === 'text' ? null : `a text question takes { "text": "…" }, not ${key}`;
    case 'multi': {
      if (key !== 'options') return `a multiple-choice question takes { "options": [ … ] }, not ${key}`;
      const list = answer.options!;
      const unknown = list.filter((id) => !known.has(id));
      if (unknown.length) return `unknown option ${unknown.map((u) => JSON.stringify(u)).join(', ')}`;
      if (new Set(list).size !== list.length) return 'an option is listed twice';
      if (list.length > 1) {
        const exclusive = (question.options ?? []).find((o) => o.exclusive && list.includes(o.id));
        if (exclusive) return `option ${JSON.stringify(exclusive.id)} is exclusive and cannot be combined with other options`;
      }
      return null;
    }
    default:
      if (key !== 'option') return `a ${question.type} question takes { "option": "…" }, not ${key}`;
      return known.has(answer.option!) ? null : `unknown option ${JSON.stringify(answer.option)}`;
  }
}

export function validateAnswers(questionnaire: Questionnaire, answers: Answers): AnswerError[] {
  const byId = questionsById(questionnaire);
  const errors: AnswerError[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = byId.get(id);
    if (!question) {
      errors.push({ question: id, message: 'unknown question' });
      continue;
    }
    const message = validateAnswer(question, answer);
    if (message) errors.push({ question: id, message });
  }
  return errors;
}

export function describeAnswerErrors(errors: AnswerError[]): string {
  return errors.map((e) => `answers/${e.question}: ${e.message}`).join('; ');
}

/**
 * The answers that fit this questionnaire, and the ids of those that do not (questions removed or
 * changed in a newer version). Used when answers move between versions: a re-take or an import.
 */
export function keepValidAnswers(questionnaire: Questionnaire, answers: Answers): { kept: Answers; dropped: string[] } {
  const byId = questionsById(questionnaire);
  const kept: Answers = {};
  const dropped: string[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = byId.get(id);
    if (question && validateAnswer(question, answer) === null) kept[id] = answer;
    else dropped.push(id);
  }
  return { kept, dropped };
}

/**
 * A multiple-choice selection after ticking or unticking one option, in the questionnaire's order.
 * Ticking an exclusive option ("geen van deze", "weet ik niet") clears the others and ticking any other
 * option clears an exclusive one, so a form never produces a combination the server refuses.
 */
export function toggleOption(question: Question, chosen: readonly string[], optionId: string, checked: boolean): string[] {
  const options = question.options ?? [];
  const exclusive = options.find((o) => o.id === optionId)?.exclusive === true;
  const next = new Set(checked && exclusive ? [] : chosen);
  if (checked) {
    if (!exclusive) for (const o of options) if (o.exclusive) next.delete(o.id);
    next.add(optionId);
  } else next.delete(optionId);
  // Keep the questionnaire's order so stored answers read the same way everywhere.
  return options.map((o) => o.id).filter((id) => next.has(id));
}

/** The answers with one answer set, or removed (null), as a new object: what every answering screen keeps in its state. */
export function withAnswer(answers: Answers, questionId: string, answer: Answer | null): Answers {
  const next = { ...answers };
  if (answer) next[questionId] = answer;
  else delete next[questionId];
  return next;
}
