// What changed between two questionnaire versions, for reviewers, and the semantic-version bump it
// calls for (docs/editor.md, "Version numbers"). Pure, so the server (publish) and later the editor
// screens compute the same thing. Drafts may be incomplete: every field is read defensively.
import type { Localized } from './types.js';

export type Bump = 'major' | 'minor' | 'patch' | 'none';

export type ChangeKind =
  | 'score' | 'weight' | 'knockout' | 'unknown-risk' | 'advice' | 'visibility' | 'option-added' | 'option-removed'
  | 'not-applicable' | 'exclusive' | 'instruments' | 'type' | 'help' | 'other';

export interface Change {
  kind: ChangeKind;
  /** JSON pointer into the newer document (the older one for what was removed). */
  path: string;
  before: unknown;
  after: unknown;
  /** True when the change can change a score, a status or which questions count. */
  scoring: boolean;
}

export interface TopLevelChange {
  kind: 'scoring' | 'relevance' | 'recommendations' | 'title' | 'intro' | 'area' | 'other';
  path: string;
  before: unknown;
  after: unknown;
  scoring: boolean;
}

export interface QuestionnaireDiff {
  bump: Bump;
  sections: { added: string[]; removed: string[] };
  questions: {
    added: Array<{ id: string; prompt: Localized | null }>;
    removed: Array<{ id: string; prompt: Localized | null }>;
    reworded: Array<{ id: string; before: Localized | null; after: Localized | null }>;
    changed: Array<{ id: string; prompt: Localized | null; changes: Change[] }>;
  };
  other: TopLevelChange[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const localized = (v: unknown): Localized | null => (v && typeof v === 'object' ? (v as Localized) : null);

/** Deep equality of JSON values, object key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ka = Object.keys(a as Obj).filter((k) => (a as Obj)[k] !== undefined);
  const kb = Object.keys(b as Obj).filter((k) => (b as Obj)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Obj)[k], (b as Obj)[k]));
}

interface Located { question: Obj; pointer: string; section: string }

function questionsOf(doc: Obj): Map<string, Located> {
  const map = new Map<string, Located>();
  arr(doc.sections).forEach((s, si) =>
    arr(s.questions).forEach((q, qi) => {
      const id = str(q.id);
      if (id && !map.has(id)) map.set(id, { question: q, pointer: `/sections/${si}/questions/${qi}`, section: str(s.id) });
    }));
  return map;
}

/** A question counts towards scores: not free text, and mapped to at least one value. */
const isScored = (q: Obj) => q.type !== 'text' && arr(q.values).length > 0;

// The level each change calls for; kept beside the change, not in it (the API shape is fixed).
type Level = Exclude<Bump, 'none'>;
const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };
const higher = (a: Bump, b: Bump): Bump => (RANK[a] >= RANK[b] ? a : b);
/** Present on one side only is an addition or removal (minor); changed on both is rewording (patch). */
const presence = (before: unknown, after: unknown): Level => ((before === undefined) !== (after === undefined) ? 'minor' : 'patch');

function optionChanges(before: Obj, after: Obj, path: string, scored: boolean, push: (c: Change, l: Level) => void) {
  const b = new Map(arr(before.options).map((o) => [str(o.id), o]));
  const a = new Map(arr(after.options).map((o, i) => [str(o.id), { o, i }]));
  arr(before.options).forEach((o, i) => {
    if (!a.has(str(o.id))) push({ kind: 'option-removed', path: `${path}/options/${i}`, before: o, after: null, scoring: scored }, scored ? 'major' : 'minor');
  });
  for (const [id, { o, i }] of a) {
    const p = `${path}/options/${i}`;
    const old = b.get(id);
    if (!old) {
      push({ kind: 'option-added', path: p, before: null, after: o, scoring: scored }, scored ? 'major' : 'minor');
      continue;
    }
    if (!sameJson(old.score, o.score)) push({ kind: 'score', path: `${p}/score`, before: old.score ?? null, after: o.score ?? null, scoring: true }, 'major');
    for (const [field, kind] of [['knockout', 'knockout'], ['unknownRisk', 'unknown-risk']] as const) {
      if (sameJson(old[field], o[field])) continue;
      // Becoming or ceasing to be a knock-out changes outcomes; its wording does not.
      const flips = (old[field] === undefined) !== (o[field] === undefined);
      push({ kind, path: `${p}/${field}`, before: old[field] ?? null, after: o[field] ?? null, scoring: flips }, flips ? 'major' : 'patch');
    }
    for (const [field, kind] of [['notApplicable', 'not-applicable'], ['exclusive', 'exclusive']] as const) {
      if (!sameJson(old[field], o[field])) push({ kind, path: `${p}/${field}`, before: old[field] ?? null, after: o[field] ?? null, scoring: true }, 'major');
    }
    if (!sameJson(old.advice, o.advice)) push({ kind: 'advice', path: `${p}/advice`, before: old.advice ?? null, after: o.advice ?? null, scoring: false }, presence(old.advice, o.advice));
    if (!sameJson(old.label, o.label)) push({ kind: 'other', path: `${p}/label`, before: old.label ?? null, after: o.label ?? null, scoring: false }, 'patch');
    const known = new Set(['id', 'label', 'score', 'knockout', 'unknownRisk', 'notApplicable', 'exclusive', 'advice']);
    for (const k of new Set([...Object.keys(old), ...Object.keys(o)])) {
      if (!known.has(k) && !sameJson(old[k], o[k])) push({ kind: 'other', path: `${p}/${k}`, before: old[k] ?? null, after: o[k] ?? null, scoring: false }, presence(old[k], o[k]));
    }
  }
}

function questionChanges(before: Located, after: Located, push: (c: Change, l: Level) => void) {
  const b = before.question;
  const a = after.question;
  const p = after.pointer;
  const scored = isScored(b) || isScored(a);
  if (!sameJson(b.type, a.type)) push({ kind: 'type', path: `${p}/type`, before: b.type ?? null, after: a.type ?? null, scoring: true }, 'major');
  if (!sameJson(b.values, a.values)) push({ kind: 'weight', path: `${p}/values`, before: b.values ?? null, after: a.values ?? null, scoring: true }, 'major');
  if (!sameJson(b.visibleIf, a.visibleIf)) push({ kind: 'visibility', path: `${p}/visibleIf`, before: b.visibleIf ?? null, after: a.visibleIf ?? null, scoring: true }, 'major');
  if (!sameJson(b.allowNotApplicable, a.allowNotApplicable)) {
    push({ kind: 'not-applicable', path: `${p}/allowNotApplicable`, before: b.allowNotApplicable ?? null, after: a.allowNotApplicable ?? null, scoring: true }, 'major');
  }
  optionChanges(b, a, p, scored, push);
  if (!sameJson(b.advice, a.advice)) push({ kind: 'advice', path: `${p}/advice`, before: b.advice ?? null, after: a.advice ?? null, scoring: false }, presence(b.advice, a.advice));
  if (!sameJson(b.help, a.help)) push({ kind: 'help', path: `${p}/help`, before: b.help ?? null, after: a.help ?? null, scoring: false }, presence(b.help, a.help));
  if (!sameJson(b.instruments, a.instruments)) push({ kind: 'instruments', path: `${p}/instruments`, before: b.instruments ?? null, after: a.instruments ?? null, scoring: false }, 'minor');
  if (before.section !== after.section) push({ kind: 'other', path: p, before: before.section, after: after.section, scoring: false }, 'minor');
  const known = new Set(['id', 'type', 'prompt', 'values', 'visibleIf', 'allowNotApplicable', 'options', 'advice', 'help', 'instruments']);
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (!known.has(k) && !sameJson(b[k], a[k])) push({ kind: 'other', path: `${p}/${k}`, before: b[k] ?? null, after: a[k] ?? null, scoring: false }, presence(b[k], a[k]));
  }
}

/** Top-level fields that hold no content of their own: the version is assigned at publish. */
const IGNORED_TOP = new Set(['$schema', 'version', 'sections']);
const TOP_KIND: Record<string, { kind: TopLevelChange['kind']; scoring: boolean }> = {
  scoring: { kind: 'scoring', scoring: true },
  relevance: { kind: 'relevance', scoring: true },
  area: { kind: 'area', scoring: true },
  recommendations: { kind: 'recommendations', scoring: false },
  title: { kind: 'title', scoring: false },
  intro: { kind: 'intro', scoring: false },
};

export function diffQuestionnaires(before: unknown, after: unknown): QuestionnaireDiff {
  const a0 = obj(before);
  const a1 = obj(after);
  let bump: Bump = 'none';
  const raise = (l: Level) => { bump = higher(bump, l); };

  const s0 = new Set(arr(a0.sections).map((s) => str(s.id)));
  const s1 = new Set(arr(a1.sections).map((s) => str(s.id)));
  const sections = { added: [...s1].filter((id) => !s0.has(id)), removed: [...s0].filter((id) => !s1.has(id)) };
  if (sections.added.length || sections.removed.length) raise('minor');
  // Section titles and intros, and their order: wording and layout.
  const sectionText = (d: Obj) => arr(d.sections).map((s) => ({ id: s.id, title: s.title, intro: s.intro }));
  if (!sameJson(sectionText(a0), sectionText(a1))) raise('patch');

  const q0 = questionsOf(a0);
  const q1 = questionsOf(a1);
  const questions: QuestionnaireDiff['questions'] = { added: [], removed: [], reworded: [], changed: [] };
  for (const [id, { question }] of q0) {
    if (q1.has(id)) continue;
    questions.removed.push({ id, prompt: localized(question.prompt) });
    raise(isScored(question) ? 'major' : 'minor');
  }
  const order0 = [...q0.keys()].filter((id) => q1.has(id));
  const order1 = [...q1.keys()].filter((id) => q0.has(id));
  // Moving questions changes what visibleIf may refer to and what respondents read first: wording-level.
  if (order0.some((id, i) => order1[i] !== id)) raise('patch');
  for (const [id, located] of q1) {
    const old = q0.get(id);
    if (!old) {
      questions.added.push({ id, prompt: localized(located.question.prompt) });
      raise(isScored(located.question) ? 'major' : 'minor');
      continue;
    }
    if (!sameJson(old.question.prompt, located.question.prompt)) {
      questions.reworded.push({ id, before: localized(old.question.prompt), after: localized(located.question.prompt) });
      raise('patch');
    }
    const changes: Change[] = [];
    questionChanges(old, located, (c, l) => {
      changes.push(c);
      raise(l);
    });
    if (changes.length) questions.changed.push({ id, prompt: localized(located.question.prompt), changes });
  }

  const other: TopLevelChange[] = [];
  for (const k of new Set([...Object.keys(a0), ...Object.keys(a1)])) {
    if (IGNORED_TOP.has(k) || sameJson(a0[k], a1[k])) continue;
    const { kind, scoring } = TOP_KIND[k] ?? { kind: 'other' as const, scoring: k === 'id' };
    other.push({ kind, path: `/${k}`, before: a0[k] ?? null, after: a1[k] ?? null, scoring });
    raise(scoring ? 'major' : presence(a0[k], a1[k]));
  }
  return { bump, sections, questions, other };
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/** Compares "x.y.z" numerically; anything else sorts first. */
export function compareVersions(a: string, b: string): number {
  const x = SEMVER.exec(a);
  const y = SEMVER.exec(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (let i = 1; i <= 3; i++) if (Number(x[i]) !== Number(y[i])) return Number(x[i]) - Number(y[i]);
  return 0;
}

/**
 * The version a publication gets: 1.0.0 for a new questionnaire; otherwise the latest one bumped.
 * Publishing content identical to the latest still needs a new number (a patch).
 */
export function nextVersion(latest: string | null, bump: Bump): string {
  const m = latest ? SEMVER.exec(latest) : null;
  if (!m) return '1.0.0';
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
