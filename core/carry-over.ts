// Moving an open response to a newer version of its questionnaire (docs/editor.md, "Serving versions").
// Answers go over by question id and option id only: a question or option that kept its id is the same
// question for the author who published the version. What no longer fits is dropped and listed, so the
// respondent decides knowing what they lose.
import { validateAnswer } from './answers.js';
import type { Answer, Answers, Localized, Questionnaire } from './types.js';
import { questionsById } from './visibility.js';

export type DropReason = 'question-removed' | 'type-changed' | 'options-removed' | 'not-valid';
export type ChangeReason = 'options-removed' | 'reworded';

export interface CarryOverResult {
  answers: Answers;
  /** Prompt in the words the respondent answered (the question may be gone from the new version). */
  dropped: { question: string; prompt: Localized | null; reason: DropReason }[];
  /** Kept answers the respondent should look at again; prompt in the new version's words. */
  changed: { question: string; prompt: Localized; reason: ChangeReason }[];
}

const sameWords = (a: Localized, b: Localized) => a.nl === b.nl && a.en === b.en;

export function carryOver(from: Questionnaire, to: Questionnaire, answers: Answers): CarryOverResult {
  const oldQuestions = questionsById(from);
  const newQuestions = questionsById(to);
  const result: CarryOverResult = { answers: {}, dropped: [], changed: [] };
  for (const [id, answer] of Object.entries(answers)) {
    const old = oldQuestions.get(id);
    const next = newQuestions.get(id);
    const prompt = old?.prompt ?? next?.prompt ?? null;
    if (!next) {
      result.dropped.push({ question: id, prompt, reason: 'question-removed' });
      continue;
    }
    if (old && old.type !== next.type) {
      result.dropped.push({ question: id, prompt, reason: 'type-changed' });
      continue;
    }
    let moved: Answer = answer;
    let trimmed = false;
    if (answer.options) {
      // Of a multiple choice, the choices that still exist stay chosen.
      const known = new Set((next.options ?? []).map((o) => o.id));
      const left = answer.options.filter((o) => known.has(o));
      if (left.length < answer.options.length) {
        if (!left.length) {
          result.dropped.push({ question: id, prompt, reason: 'options-removed' });
          continue;
        }
        moved = { ...answer, options: left };
        trimmed = true;
      }
    }
    if (validateAnswer(next, moved) !== null) {
      const optionGone = moved.option !== undefined && !(next.options ?? []).some((o) => o.id === moved.option);
      result.dropped.push({ question: id, prompt, reason: optionGone ? 'options-removed' : 'not-valid' });
      continue;
    }
    result.answers[id] = moved;
    if (trimmed) result.changed.push({ question: id, prompt: next.prompt, reason: 'options-removed' });
    else if (old && !sameWords(old.prompt, next.prompt)) result.changed.push({ question: id, prompt: next.prompt, reason: 'reworded' });
  }
  return result;
}
