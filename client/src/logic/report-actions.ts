// How the report leads with what to do: which actions go on top, why the profile is capped, and
// where the quadrant chart draws the result so that it agrees with the (capped) profile.
import { actionListOf as coreActionList } from '../../../core/action-list.js';
import type { Report, ReportAction } from '../api/client.js';

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

/** The action list a report shows; a version-1 report's knock-outs stand in for it (core/action-list.ts). */
export const actionListOf = (report: Pick<Report, 'actions' | 'knockouts'>): ReportAction[] => coreActionList(report);

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

export type CapReason = 'knockout' | 'unknown-risk' | 'both';

/** Why the profile was capped, or null when it was not. */
export function capReason(report: Pick<Report, 'profileCapped' | 'knockouts' | 'unknownRisks'>): CapReason | null {
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
export function uncappedProfile(report: Pick<Report, 'profile' | 'profileCapped' | 'uncappedProfile'>): 'valuable' | 'careful' | null {
  const u = report.uncappedProfile;
  if (!report.profileCapped || u === report.profile) return null;
  return u === 'valuable' || u === 'careful' ? u : null;
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
