// The quick scan (issue 16, item 1) is the same response as the full test with only the marked
// questions shown, so "continue with the full test" is just showing the rest: no copy, no second token.
import { quickScanQuestions } from '../../../core/estimate.js';
import type { Answers, Question, Questionnaire } from '../../../core/types.js';
import { visibleQuestionIds } from '../../../core/visibility.js';
import type { Report, ReportAction } from '../api/client.js';
import { actionListOf } from './report-actions.js';

/** The questionnaire cut down to its quick scan: marked questions only, empty sections dropped. */
export function scanQuestionnaire(q: Questionnaire): Questionnaire {
  return {
    ...q,
    sections: q.sections
      .map((s) => ({ ...s, questions: s.questions.filter((x) => x.quickScan) }))
      .filter((s) => s.questions.length > 0),
  };
}

export const hasQuickScan = (q: Questionnaire) => quickScanQuestions(q).length > 0;

const isAnswered = (a: Answers[string] | undefined) =>
  !!a && (a.option !== undefined || (a.options?.length ?? 0) > 0 || a.notApplicable === true || !!a.text?.trim());

/** The scan questions shown for these answers (the loader makes sure their conditions are in the scan too). */
export function scanProgress(scan: Questionnaire, answers: Answers): { shown: Question[]; answered: number } {
  const visible = visibleQuestionIds(scan, answers);
  const shown = scan.sections.flatMap((s) => s.questions.filter((x) => visible.has(x.id)));
  return { shown, answered: shown.filter((x) => isAnswered(answers[x.id])).length };
}

/** How many actions the indicative result names. */
export const SCAN_ACTIONS = 3;

/** The indicative result's top actions: the report's action list in its order (knock-outs first), the first three. */
export function scanActions(report: Pick<Report, 'actions' | 'knockouts'>): ReportAction[] {
  return actionListOf(report).slice(0, SCAN_ACTIONS);
}
