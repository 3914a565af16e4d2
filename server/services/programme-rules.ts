// The rules for changing a programme's settings (staff walkthrough #23), as small functions that
// throw the API's errors: what startups were told when they shared must not change under them, and a
// deadline in the past (which closes sharing at once) is set only when asked for explicitly.
import { badRequest, conflict } from '../errors.js';
import type { ProgrammeRow } from '../repositories/programmes.js';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Whether a deadline may be set. Only a new value is checked, so a programme whose deadline has passed
 * can still be renamed with the form that sends the deadline back unchanged.
 */
export function deadlineRefused(next: string | null, current: string | null, allowPast: boolean, now = new Date()): boolean {
  if (next === null || allowPast) return false;
  if (current !== null && new Date(current).getTime() === new Date(next).getTime()) return false;
  return new Date(next).getTime() <= now.getTime();
}

export function checkDeadline(next: string | null, current: string | null, allowPast: boolean, now = new Date()): void {
  // The date-time format admits a leap second (23:59:60), which Date cannot read: stored, it never
  // compared as passed, so sharing stayed open and no reminder went out.
  if (next !== null && Number.isNaN(Date.parse(next))) {
    throw badRequest('invalid-request', `deadline: ${next} is not a moment this server can read (a leap second?); send the second after it`);
  }
  if (deadlineRefused(next, current, allowPast, now)) {
    throw badRequest('deadline-in-past', 'deadline: this moment has passed, so sharing would be closed at once; send allowPastDeadline: true to set it anyway');
  }
}

/** Areas and kind are what startups shared under; they change only while nothing is shared. */
export function settingsChangeRefused(p: Pick<ProgrammeRow, 'kind' | 'areas'>, change: { kind?: string; areas?: string[] }, submissionCount: number): boolean {
  const kindChanges = change.kind !== undefined && change.kind !== p.kind;
  const areasChange = change.areas !== undefined && !sameSet(change.areas, JSON.parse(p.areas) as string[]);
  return submissionCount > 0 && (kindChanges || areasChange);
}

export function checkSettingsChange(p: Pick<ProgrammeRow, 'kind' | 'areas'>, change: { kind?: string; areas?: string[] }, submissionCount: number): void {
  if (settingsChangeRefused(p, change, submissionCount)) {
    throw conflict('programme-has-submissions', 'areas and kind cannot change once tests are shared with this programme');
  }
}
