import type { Questionnaire } from './types.js';

/**
 * How long the questionnaire takes, in whole minutes: reading every prompt, option and help text at
 * 200 words a minute (a founder reads the help of about half the questions, so help counts half),
 * plus 10 seconds a question to decide. Conditional questions count as shown: an upper bound.
 */
export function estimateMinutes(q: Questionnaire, locale: 'nl' | 'en' = 'nl'): number {
  const words = (s: string | undefined) => (s ? s.split(/\s+/).filter(Boolean).length : 0);
  let readWords = 0;
  let questions = 0;
  for (const section of q.sections) {
    for (const question of section.questions) {
      questions++;
      readWords += words(question.prompt[locale]) + words(question.help?.[locale]) / 2;
      for (const option of question.options ?? []) readWords += words(option.label[locale]);
    }
  }
  return Math.max(1, Math.round(readWords / 200 + (questions * 10) / 60));
}
