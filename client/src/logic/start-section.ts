import type { SectionCompletion } from './open-questions.js';

/** The step that stands for "submit" in the test's address. */
export const SUBMIT_STEP = 'submit';

/**
 * Where a test opens when the address names no part: the part last visited on this device (if it is
 * still shown), else the first part with an open required question, else the submit step. A resume
 * link opened on another device thus lands where a founder working in order stopped.
 */
export function startSection(sectionIds: string[], completion: SectionCompletion[], lastVisited?: string): string {
  if (lastVisited && (sectionIds.includes(lastVisited) || lastVisited === SUBMIT_STEP)) return lastVisited;
  const open = completion.find((c) => !c.done && sectionIds.includes(c.id));
  if (open) return open.id;
  return completion.some((c) => c.required > 0) ? SUBMIT_STEP : (sectionIds[0] ?? SUBMIT_STEP);
}
