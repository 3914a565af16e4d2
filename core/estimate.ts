import type { Question, Questionnaire } from './types.js';

/**
 * How long the questionnaire takes, in whole minutes: reading every prompt, option and help text at
 * 200 words a minute (a founder reads the help of about half the questions, so help counts half),
 * plus 10 seconds a question to decide. Conditional questions count as shown: an upper bound.
 */
export function estimateMinutes(q: Questionnaire, locale: 'nl' | 'en' = 'nl'): number {
  return estimateQuestions(q.sections.flatMap((s) => s.questions), locale);
}

/** The same estimate for some of the questions only, such as a quick scan. */
export function estimateQuestions(questions: readonly Question[], locale: 'nl' | 'en' = 'nl'): number {
  const words = (s: string | undefined) => (s ? s.split(/\s+/).filter(Boolean).length : 0);
  let readWords = 0;
  for (const question of questions) {
    readWords += words(question.prompt[locale]) + words(question.help?.[locale]) / 2;
    for (const option of question.options ?? []) readWords += words(option.label[locale]);
  }
  return Math.max(1, Math.round(readWords / 200 + (questions.length * 10) / 60));
}

/** The questions of the quick scan, in document order; empty when the questionnaire has none. */
export function quickScanQuestions(q: Questionnaire): Question[] {
  return q.sections.flatMap((s) => s.questions.filter((x) => x.quickScan));
}

/** How long the quick scan takes, by the same measure; null when there is no quick scan. */
export function estimateQuickScan(q: Questionnaire, locale: 'nl' | 'en' = 'nl'): number | null {
  const questions = quickScanQuestions(q);
  return questions.length ? estimateQuestions(questions, locale) : null;
}
