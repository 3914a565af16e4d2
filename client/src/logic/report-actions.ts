// How the report leads with what to do: which actions go on top, why the profile is capped, and
// where the quadrant chart draws the result so that it agrees with the (capped) profile. The action
// list, the cap's reason and the profile without it are read as the exports read them (core/report-lead.ts).
import type { ReportAction } from '../api/client.js';

export { actionListOf, capReason, uncappedProfile, type CapReason } from '../../../core/report-lead.js';

/** How many improvements the top of the report shows; the rest are in "All actions". */
export const TOP_IMPROVEMENTS = 5;

export interface TopActions {
  knockouts: ReportAction[];
  unknownRisks: ReportAction[];
  /** The highest-priority improvements, at most TOP_IMPROVEMENTS, in the list's order. */
  improvements: ReportAction[];
  /** Improvements not shown on top. */
  more: number;
}

/** Splits the action list (already in step 7's order) into the groups the top of the report shows. */
export function topActions(actions: ReportAction[], n = TOP_IMPROVEMENTS): TopActions {
  const improvements = actions.filter((a) => a.kind === 'improve');
  return {
    knockouts: actions.filter((a) => a.kind === 'knockout'),
    unknownRisks: actions.filter((a) => a.kind === 'unknown-risk'),
    improvements: improvements.slice(0, n),
    more: Math.max(0, improvements.length - n),
  };
}

/**
 * Where the quadrant chart puts the result. A capped profile lies in the P < t column whatever P
 * is, so the marker is drawn just left of the threshold line (in the quadrant the profile names);
 * the self-reported P is kept as `actual` to draw as an open ring, so nothing is hidden.
 */
export function quadrantMarker(goal: number, precondition: number, threshold: number, capped: boolean): { goal: number; precondition: number; actual: number | null } {
  if (!capped || precondition < threshold) return { goal, precondition, actual: null };
  return { goal, precondition: Math.max(0, threshold - 4), actual: precondition };
}

const ONE_LINE = 140;

/**
 * An instrument's description in one line: its first sentence, and when that is long, the part
 * before its first aside (a colon, bracket, semicolon or dash), else cut at a word with an ellipsis.
 */
export function oneLine(description: string): string {
  const text = description.trim();
  const sentence = /^(.+?[.!?])(\s|$)/s.exec(text)?.[1] ?? text;
  if (sentence.length <= ONE_LINE) return sentence;
  // Only the first aside: a later one would join the main clause to half of a list.
  const aside = /^(.*?)(?::\s| \(|;\s| — | – )/s.exec(sentence);
  if (aside && aside[1].length >= 25 && aside[1].length <= ONE_LINE) return `${aside[1].replace(/[,.]$/, '')}.`;
  const cut = sentence.slice(0, ONE_LINE).replace(/\s+\S*$/, '').replace(/[,;:]$/, '');
  return `${cut}…`;
}

/** The element id of an action in the full list, so a value card can link to it. */
export const actionElementId = (questionId: string) => `action-${questionId}`;

/** The actions that touch a value, in the list's order. */
export function actionsForValue(actions: ReportAction[], valueId: string): ReportAction[] {
  return actions.filter((a) => a.values.includes(valueId));
}
