// The action list a report shows, for the report page and the DOCX alike. A report scored under
// version 1 (docs/scoring.md, "Versions") has no action list, only knock-outs: those lead, each
// question once, with their messages and steps, so an old report never says nothing needs doing
// while it lists violated preconditions. Version 1 gave them no priority (null).

/** An action as a report holds it (step 7); `instruments` are ids into the report's dictionary. */
export interface ListedAction {
  question: string;
  kind: 'knockout' | 'unknown-risk' | 'improve';
  priority: number | null;
  values: readonly string[];
  prompt: string;
  answer: string[];
  text: string | null;
  why: string | null;
  instruments: string[];
}

/** A knock-out as a report holds it, with the step its value's recommendation gives. */
export interface ListedKnockout {
  question: string;
  values: readonly string[];
  prompt: string;
  answer: string;
  message: string;
  action: { step: string; instruments: string[] } | null;
}

export function actionListOf<A extends ListedAction>(report: { actions: A[]; knockouts: readonly ListedKnockout[] }): Array<A | ListedAction> {
  if (report.actions.length > 0 || report.knockouts.length === 0) return report.actions;
  const seen = new Set<string>();
  return report.knockouts.flatMap((k) => {
    if (seen.has(k.question)) return [];
    seen.add(k.question);
    return [{
      question: k.question, kind: 'knockout' as const, priority: null, values: k.values, prompt: k.prompt, answer: [k.answer],
      text: k.action?.step ?? null, why: k.message, instruments: k.action?.instruments ?? [],
    }];
  });
}
