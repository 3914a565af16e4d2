// A report as JSON, character for character what JSON.stringify gives, at a fraction of its cost.
//
// Most of a report is said the same way in every report of the same questionnaire: an action's
// advice and why it matters, an answer with its prompt, an instrument. buildReport hands out those
// parts as shared, frozen objects (`sharePart`), and this serializer writes each one's JSON once and
// then copies it. Serializing a 60 KB report was two thirds of its cost (docs/benchmarks.md, issue 11).

/** Shared parts and their JSON, made on first use. */
const fragments = new WeakMap<object, string | null>();

/** A frozen part that many reports hold: it and everything in it can never change, so its JSON is made once. */
export function sharePart<T extends object>(part: T): T {
  deepFreeze(part);
  fragments.set(part, null);
  return part;
}

function deepFreeze(o: object) {
  for (const v of Object.values(o)) if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) deepFreeze(v);
  Object.freeze(o);
}

// The content's words (prompts, labels, names, ids) are written the same way in every report, so
// their JSON is made once. Only texts buildReport names as content are kept: a respondent's words,
// dates and signatures are written by JSON.stringify and never held here, so this cache is bounded by
// the content, not by the respondents.
const MAX_TEXTS = 50_000;
const texts = new Map<string, string>();

/** Content texts that reports repeat. */
export function knownTexts(list: Iterable<string>) {
  for (const s of list) if (texts.size < MAX_TEXTS && !texts.has(s)) texts.set(s, JSON.stringify(s));
}
const textJson = (s: string) => texts.get(s) ?? JSON.stringify(s);
/** Whether a text's JSON is held (for tests: a respondent's words never are). */
export const isKnownText = (s: string) => texts.has(s);

// Property names come from the code and the content's ids, bounded the same way.
const MAX_NAMES = 10_000;
const names = new Map<string, string>();
function nameJson(k: string): string {
  let json = names.get(k);
  if (json === undefined) {
    json = `${JSON.stringify(k)}:`;
    if (names.size < MAX_NAMES) names.set(k, json);
  }
  return json;
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function json(v: unknown): string | undefined {
  if (typeof v === 'string') return textJson(v);
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  const cached = fragments.get(v);
  if (cached) return cached;
  // Anything that says how it wants to be written (a Date) is left to JSON.stringify.
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v);
  let out: string;
  if (Array.isArray(v)) {
    out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i) out += ',';
      out += omitted(v[i]) ? 'null' : json(v[i]);
    }
    out += ']';
  } else {
    out = '{';
    let first = true;
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (omitted(x)) continue;
      out += first ? nameJson(k) : `,${nameJson(k)}`;
      out += json(x);
      first = false;
    }
    out += '}';
  }
  if (cached === null) fragments.set(v, out);
  return out;
}

/**
 * The JSON of a report (or of anything holding one): the same string JSON.stringify gives. Plain data
 * only, as a report is: no cycles, no getters, no toJSON that looks at its key.
 */
export function reportJson(report: unknown): string {
  const out = json(report);
  if (out === undefined) throw new TypeError('a report must be an object');
  return out;
}
