// The draft editor's tree operations (client/src/logic/editor/tree.ts): issue 17, editor screens.
import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../core/types.js';
import { addChild, canMove, earlierQuestions, freshId, move, nodeAt, pinLocale, remove, replaceNode } from '../../client/src/logic/editor/tree.js';

const L = (s: string) => ({ nl: `${s} nl`, en: `${s} en` });
const doc = (): Questionnaire => ({
  id: 'x', version: '1.0.0', area: 'x', title: L('t'),
  sections: [
    { id: 's1', title: L('s1'), questions: [
      { id: 'a', type: 'single', prompt: L('a'), options: [{ id: 'y', label: L('y') }, { id: 'n', label: L('n') }] },
      { id: 'b', type: 'text', prompt: L('b') },
    ] },
    { id: 's2', title: L('s2'), questions: [{ id: 'c', type: 'multi', prompt: L('c'), values: [{ value: 'privacy' }], options: [] }] },
  ],
} as Questionnaire);

describe('editor tree', () => {
  it('moves a question down and answers where it went, without touching the original', () => {
    const d = doc();
    const { doc: next, ref } = move(d, { kind: 'question', s: 0, q: 0 }, 1);
    expect(next.sections[0].questions.map((q) => q.id)).toEqual(['b', 'a']);
    expect(ref).toEqual({ kind: 'question', s: 0, q: 1 });
    expect(d.sections[0].questions.map((q) => q.id)).toEqual(['a', 'b']);
  });
  it('does not move past either end', () => {
    const d = doc();
    expect(canMove(d, { kind: 'section', s: 0 }, -1)).toBe(false);
    expect(canMove(d, { kind: 'option', s: 0, q: 0, o: 1 }, 1)).toBe(false);
    expect(move(d, { kind: 'section', s: 1 }, 1).doc).toBe(d);
    expect(move(d, { kind: 'option', s: 0, q: 0, o: 1 }, -1).doc.sections[0].questions[0].options!.map((o) => o.id)).toEqual(['n', 'y']);
  });
  it('adds sections, questions and options with fresh ids and empty texts; scored questions give options a score', () => {
    const d = doc();
    const s = addChild(d, { kind: 'top' })!;
    expect(s.ref).toEqual({ kind: 'section', s: 2 });
    expect(s.doc.sections[2]).toEqual({ id: 'section-1', title: { nl: '', en: '' }, questions: [] });
    const q = addChild(s.doc, { kind: 'section', s: 2 })!;
    expect(nodeAt(q.doc, q.ref)).toMatchObject({ id: 'question-1', type: 'single' });
    expect(addChild(d, { kind: 'question', s: 0, q: 1 })).toBeNull();
    const o = addChild(d, { kind: 'question', s: 1, q: 0 })!;
    expect(nodeAt(o.doc, o.ref)).toEqual({ id: 'option-1', label: { nl: '', en: '' }, score: 0 });
    expect(nodeAt(addChild(d, { kind: 'question', s: 0, q: 0 })!.doc, { kind: 'option', s: 0, q: 0, o: 2 })).not.toHaveProperty('score');
  });
  it('removes a node and selects its parent', () => {
    const r = remove(doc(), { kind: 'option', s: 0, q: 0, o: 0 });
    expect(r.doc.sections[0].questions[0].options!.map((o) => o.id)).toEqual(['n']);
    expect(r.ref).toEqual({ kind: 'question', s: 0, q: 0 });
    expect(remove(doc(), { kind: 'section', s: 0 }).ref).toEqual({ kind: 'top' });
  });
  it('replaces a node', () => {
    const next = replaceNode(doc(), { kind: 'question', s: 0, q: 1 }, { id: 'b2', type: 'text', prompt: L('b2') });
    expect(next.sections[0].questions[1].id).toBe('b2');
  });
  it('offers only earlier questions for visibleIf', () => {
    expect(earlierQuestions(doc(), { s: 1, q: 0 }).map((q) => q.id)).toEqual(['a', 'b']);
    expect(earlierQuestions(doc(), { s: 0, q: 0 })).toEqual([]);
  });
  it('freshId skips taken ids; pinLocale shows one language everywhere', () => {
    expect(freshId('q', ['q-1', 'q-2'])).toBe('q-3');
    const en = pinLocale(doc(), 'en');
    expect(en.sections[0].questions[0].options![0].label).toEqual({ nl: 'y en', en: 'y en' });
    expect(pinLocale({ t: { nl: 'a', en: '' } }, 'en').t).toEqual({ nl: 'a', en: 'a' });
  });
});
