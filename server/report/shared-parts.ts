// The parts of a report that its answers alone determine (an action, an answer as shown, the labels of
// the options chosen, a value's share of an answer, a recommendation, a knock-out, an unknown risk), made once per questionnaire,
// instrument catalogue and locale and then shared, frozen, by every report that holds them, so that
// reportJson writes each one's JSON once (issue 11: serializing was two thirds of a report's cost).
import type { Locale, Questionnaire } from '../../core/types.js';
import type { Instrument } from '../questionnaires/catalog.js';
import { sharePart } from './report-json.js';

/**
 * Bounded per kind: a multiple-choice question has many combinations of options, and a value's share of
 * an answer depends on the other answers. A full cache makes new parts without keeping them, so a
 * report is the same whatever the cache holds. Full, the seven kinds of one questionnaire version and
 * locale hold a few MiB (docs/benchmarks.md).
 */
export const MAX_PARTS = 1_000;

/**
 * Parts by two keys: content ids (strings the engine has hashed once) or shared parts themselves,
 * numbers and short strings, never a string built per report (hashing those cost more than the rest).
 */
export class PartCache {
  private readonly byOuter = new Map<unknown, Map<unknown, object>>();
  private size = 0;

  /** The part kept for these keys, if any: the caller checks it is the one it needs. */
  kept<T extends object>(outer: unknown, inner: unknown): T | undefined {
    return this.byOuter.get(outer)?.get(inner) as T | undefined;
  }

  /**
   * Keeps a new part under these keys while there is room and none is kept, and returns it. A part
   * that is not kept is the same to read: a report never depends on what the cache holds.
   */
  keep<T extends object>(outer: unknown, inner: unknown, part: T): T {
    // An outer key that is an object but not a kept part (a list of labels made when that cache was
    // full) can never be looked up again: keeping a part under it would only fill this cache.
    if (typeof outer === 'object' && outer !== null && !Object.isFrozen(outer)) return part;
    let parts = this.byOuter.get(outer);
    if (this.size >= MAX_PARTS || parts?.has(inner)) return part;
    if (!parts) this.byOuter.set(outer, (parts = new Map()));
    parts.set(inner, sharePart(part));
    this.size++;
    return part;
  }
}

export type ReportParts = Record<'action' | 'answer' | 'labels' | 'contribution' | 'recommendation' | 'knockout' | 'unknownRisk', PartCache>;
const byQuestionnaire = new WeakMap<Questionnaire, WeakMap<Instrument[], Record<Locale, ReportParts>>>();

const newParts = (): ReportParts => ({
  action: new PartCache(), answer: new PartCache(), labels: new PartCache(), contribution: new PartCache(), recommendation: new PartCache(), knockout: new PartCache(), unknownRisk: new PartCache(),
});

export function reportParts(q: Questionnaire, instruments: Instrument[], locale: Locale): ReportParts {
  let byList = byQuestionnaire.get(q);
  if (!byList) byQuestionnaire.set(q, (byList = new WeakMap()));
  let byLocale = byList.get(instruments);
  if (!byLocale) byList.set(instruments, (byLocale = { nl: newParts(), en: newParts() }));
  return byLocale[locale];
}

/**
 * The inner key of a list of option ids: one id as it is (no new string to hash), more joined. Option
 * ids match the `Id` pattern (schemas/common.ts) on every path that stores answers, so no id holds the
 * separator and `[]` and `['']` cannot both occur.
 */
export const optionsKey = (ids: readonly string[]) => (ids.length === 1 ? ids[0] : ids.join('\u0001'));

export const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
