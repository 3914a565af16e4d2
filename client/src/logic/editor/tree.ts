// The draft editor's structure operations: pure functions from a document and a selected node to a new
// document (never mutating the one the screen holds, so autosave always sends a consistent snapshot).
import type { Localized, Option, Question, Questionnaire, Section } from '../../../../core/types.js';

/** A node of the tree: the questionnaire itself, a section, a question or an option, by position. */
export type NodeRef =
  | { kind: 'top' }
  | { kind: 'section'; s: number }
  | { kind: 'question'; s: number; q: number }
  | { kind: 'option'; s: number; q: number; o: number };

export const TOP: NodeRef = { kind: 'top' };
const blank = (): Localized => ({ nl: '', en: '' });

/** The JSON pointer of a node (the prefix of its fields' pointers in the server's faults). */
export function pointerOf(ref: NodeRef): string {
  if (ref.kind === 'top') return '';
  if (ref.kind === 'section') return `/sections/${ref.s}`;
  if (ref.kind === 'question') return `/sections/${ref.s}/questions/${ref.q}`;
  return `/sections/${ref.s}/questions/${ref.q}/options/${ref.o}`;
}

export const sameNode = (a: NodeRef, b: NodeRef) => pointerOf(a) === pointerOf(b);

/** The list a node sits in, and its index there (null for the top). */
function siblings(doc: Questionnaire, ref: NodeRef): { list: unknown[]; index: number } | null {
  if (ref.kind === 'section') return { list: doc.sections, index: ref.s };
  if (ref.kind === 'question') return { list: doc.sections[ref.s]?.questions ?? [], index: ref.q };
  if (ref.kind === 'option') return { list: doc.sections[ref.s]?.questions[ref.q]?.options ?? [], index: ref.o };
  return null;
}

const withIndex = (ref: NodeRef, index: number): NodeRef =>
  ref.kind === 'section' ? { ...ref, s: index } : ref.kind === 'question' ? { ...ref, q: index } : ref.kind === 'option' ? { ...ref, o: index } : ref;

export function nodeAt(doc: Questionnaire, ref: NodeRef): Questionnaire | Section | Question | Option | undefined {
  if (ref.kind === 'top') return doc;
  const at = siblings(doc, ref);
  return at?.list[at.index] as Section | Question | Option | undefined;
}

/** Can the node move one place up (-1) or down (+1) among its siblings? */
export function canMove(doc: Questionnaire, ref: NodeRef, dir: -1 | 1): boolean {
  const at = siblings(doc, ref);
  return !!at && at.index + dir >= 0 && at.index + dir < at.list.length;
}

/** Moves a node among its siblings; answers the new document and where the node went (focus follows it). */
export function move(doc: Questionnaire, ref: NodeRef, dir: -1 | 1): { doc: Questionnaire; ref: NodeRef } {
  if (!canMove(doc, ref, dir)) return { doc, ref };
  const next = structuredClone(doc);
  const at = siblings(next, ref)!;
  const [item] = at.list.splice(at.index, 1);
  at.list.splice(at.index + dir, 0, item);
  return { doc: next, ref: withIndex(ref, at.index + dir) };
}

/** An id not yet used in `taken`, from a stem: question-1, question-2, … */
export function freshId(stem: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

const questionIds = (doc: Questionnaire) => doc.sections.flatMap((s) => s.questions.map((q) => q.id));

/**
 * Adds a child under a node (a section under the top, a question under a section, an option under a
 * question) at the end; answers the new document and the new node. Texts start empty, so the
 * validation names what is still to be written.
 */
export function addChild(doc: Questionnaire, parent: NodeRef): { doc: Questionnaire; ref: NodeRef } | null {
  const next = structuredClone(doc);
  if (parent.kind === 'top') {
    const id = freshId('section', next.sections.map((s) => s.id));
    // No question yet: the validation asks for one, at the section (a section needs at least one).
    next.sections.push({ id, title: blank(), questions: [] });
    return { doc: next, ref: { kind: 'section', s: next.sections.length - 1 } };
  }
  if (parent.kind === 'section') {
    const section = next.sections[parent.s];
    if (!section) return null;
    section.questions.push({ id: freshId('question', questionIds(next)), type: 'single', prompt: blank(), options: [] });
    return { doc: next, ref: { kind: 'question', s: parent.s, q: section.questions.length - 1 } };
  }
  if (parent.kind === 'question') {
    const question = next.sections[parent.s]?.questions[parent.q];
    if (!question || question.type === 'text') return null;
    question.options ??= [];
    const scored = (question.values?.length ?? 0) > 0;
    question.options.push({ id: freshId('option', question.options.map((o) => o.id)), label: blank(), ...(scored ? { score: 0 } : {}) });
    return { doc: next, ref: { kind: 'option', s: parent.s, q: parent.q, o: question.options.length - 1 } };
  }
  return null;
}

/** Removes a node; the selection goes to its parent. */
export function remove(doc: Questionnaire, ref: NodeRef): { doc: Questionnaire; ref: NodeRef } {
  if (ref.kind === 'top') return { doc, ref };
  const next = structuredClone(doc);
  const at = siblings(next, ref);
  if (!at || at.index >= at.list.length) return { doc, ref };
  at.list.splice(at.index, 1);
  const parent: NodeRef = ref.kind === 'section' ? TOP : ref.kind === 'question' ? { kind: 'section', s: ref.s } : { kind: 'question', s: ref.s, q: ref.q };
  return { doc: next, ref: parent };
}

/** Replaces the node at ref with a new value (the form's edits). */
export function replaceNode(doc: Questionnaire, ref: NodeRef, value: unknown): Questionnaire {
  if (ref.kind === 'top') return value as Questionnaire;
  const next = structuredClone(doc);
  const at = siblings(next, ref);
  if (!at || at.index >= at.list.length) return doc;
  at.list[at.index] = value;
  return next;
}

/** The questions before a question in document order: the only ones its visibleIf may name. */
export function earlierQuestions(doc: Questionnaire, ref: { s: number; q: number }): Question[] {
  const out: Question[] = [];
  doc.sections.forEach((section, s) => section.questions.forEach((question, q) => {
    if (s < ref.s || (s === ref.s && q < ref.q)) out.push(question);
  }));
  return out;
}

/** Every { nl, en } text set to one language's text, so the respondent's components show that language. */
export function pinLocale<T>(doc: T, lang: 'nl' | 'en'): T {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') {
      const keys = Object.keys(x);
      const l = x as Record<string, unknown>;
      if (keys.length === 2 && typeof l.nl === 'string' && typeof l.en === 'string') {
        const text = (l[lang] as string) || (l.nl as string);
        return { nl: text, en: text };
      }
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    }
    return x;
  };
  return walk(doc) as T;
}
