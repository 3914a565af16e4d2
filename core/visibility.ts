import type { Answers, Question, Questionnaire } from './types.js';

// Questionnaires are never changed after loading, so their flattened question list can be kept.
const flattened = new WeakMap<Questionnaire, Question[]>();
const indexed = new WeakMap<Questionnaire, Map<string, Question>>();

/** All questions in document order. */
export function allQuestions(q: Questionnaire): Question[] {
  let list = flattened.get(q);
  if (!list) {
    list = q.sections.flatMap((s) => s.questions);
    flattened.set(q, list);
  }
  return list;
}

/** The questions by id. */
export function questionsById(q: Questionnaire): Map<string, Question> {
  let map = indexed.get(q);
  if (!map) {
    map = new Map(allQuestions(q).map((x) => [x.id, x]));
    indexed.set(q, map);
  }
  return map;
}

/** The option ids an answer selects (empty for n.v.t., text or a note alone). */
export function selectedOptions(answer: Answers[string] | undefined): string[] {
  if (!answer) return [];
  if (answer.option !== undefined) return [answer.option];
  if (answer.options !== undefined) return answer.options;
  return [];
}

/**
 * Which questions are shown. A question with visibleIf is shown when the question it names is
 * itself shown and its answer selects one of the listed options. Because visibleIf may only refer
 * to an earlier question, a single pass in document order settles every chain.
 */
export function visibleQuestionIds(q: Questionnaire, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const { id, cond } of conditions(q)) {
    if (!cond) {
      visible.add(id);
      continue;
    }
    if (!visible.has(cond.question)) continue;
    const answer = answers[cond.question];
    if (!answer) continue;
    if (answer.option !== undefined ? cond.anyOf.has(answer.option) : answer.options?.some((o) => cond.anyOf.has(o))) visible.add(id);
  }
  return visible;
}

// Each question's condition with its options as a set, once per questionnaire: visibility is
// settled on every save and every report.
const conditionLists = new WeakMap<Questionnaire, Array<{ id: string; cond: { question: string; anyOf: Set<string> } | null }>>();
function conditions(q: Questionnaire) {
  let list = conditionLists.get(q);
  if (!list) {
    list = allQuestions(q).map((x) => ({ id: x.id, cond: x.visibleIf ? { question: x.visibleIf.question, anyOf: new Set(x.visibleIf.anyOf) } : null }));
    conditionLists.set(q, list);
  }
  return list;
}
