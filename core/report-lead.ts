// What a report leads with, read the same way by the report page and the exports (DOCX, CSV): the
// action list it shows, why its profile is capped, and the profile its scores alone would give.
//
// A report scored under version 1 (docs/scoring.md, "Versions") has no action list, only knock-outs:
// those lead, each question once, with their messages and steps, so an old report never says nothing
// needs doing while it lists violated preconditions. Version 1 gave them no priority (null).

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

export type CapReason = 'knockout' | 'unknown-risk' | 'both';

/** Why the profile was capped (docs/scoring.md step 5), or null when it was not. */
export function capReason(report: { profileCapped: boolean; knockouts: readonly unknown[]; unknownRisks: readonly unknown[] }): CapReason | null {
  if (!report.profileCapped) return null;
  const k = report.knockouts.length > 0;
  const u = report.unknownRisks.length > 0;
  return k && u ? 'both' : k ? 'knockout' : u ? 'unknown-risk' : null;
}

/**
 * The profile the scores alone would give, when the cap changed it; null otherwise, as when the
 * preconditions score below the line anyway and the cap changes nothing. The server works it out
 * from the unrounded G and P (report.uncappedProfile): a P of 49.97 is shown as 50 but is below
 * the line, so comparing the shown figure with the threshold would name a profile the answers do not give.
 */
export function uncappedProfile(report: { profile: string; profileCapped: boolean; uncappedProfile?: string }): 'valuable' | 'careful' | null {
  const u = report.uncappedProfile;
  if (!report.profileCapped || u === report.profile) return null;
  return u === 'valuable' || u === 'careful' ? u : null;
}
