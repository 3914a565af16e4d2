// Fault pointers to nodes and fields (client/src/logic/editor/pointer.ts): issue 17, editor screens.
import { describe, expect, it } from 'vitest';
import type { Questionnaire } from '../../core/types.js';
import { fieldOf, nodeOfPointer, placeFaults, split } from '../../client/src/logic/editor/pointer.js';

const L = { nl: 'a', en: 'b' };
const doc = {
  id: 'x', version: '', area: 'x', title: L,
  sections: [{ id: 's', title: L, questions: [{ id: 'q', type: 'single', prompt: L, options: [{ id: 'o', label: L }] }] }],
} as unknown as Questionnaire;

describe('fault pointers', () => {
  it('decodes escaped tokens', () => {
    expect(split('/relevance/a~1b~0c')).toEqual(['relevance', 'a/b~c']);
    expect(split('')).toEqual([]);
  });
  it('finds the deepest node and the field under it', () => {
    expect(nodeOfPointer(doc, '/sections/0/questions/0/options/0/score')).toEqual({ node: { kind: 'option', s: 0, q: 0, o: 0 }, rest: ['score'] });
    expect(nodeOfPointer(doc, '/sections/0/questions/0/prompt/nl')).toEqual({ node: { kind: 'question', s: 0, q: 0 }, rest: ['prompt', 'nl'] });
    expect(nodeOfPointer(doc, '/title/en')).toEqual({ node: { kind: 'top' }, rest: ['title', 'en'] });
    expect(nodeOfPointer(doc, '/sections/3/title')).toBeNull();
  });
  it('maps a path to the form field: deepest match, whole texts to their first language, unknown paths to the node', () => {
    expect(fieldOf('question', ['prompt', 'nl'])).toBe('prompt/nl');
    expect(fieldOf('question', ['prompt'])).toBe('prompt/nl');
    expect(fieldOf('question', ['visibleIf', 'question'])).toBe('visibleIf');
    expect(fieldOf('question', ['values', '0', 'weight'])).toBe('values');
    expect(fieldOf('top', ['scoring', 'attention'])).toBe('scoring/attention');
    expect(fieldOf('option', ['nonsense'])).toBeNull();
    expect(fieldOf('section', [])).toBeNull();
  });
  it('places faults and keeps those naming no node apart', () => {
    const { placed, unplaced } = placeFaults(doc, [
      { pointer: '/sections/0/questions/0/options/0/score', message: 'needs a score' },
      { pointer: '/sections/9/questions/0', message: 'gone' },
    ]);
    expect(placed).toEqual([{ pointer: '/sections/0/questions/0/options/0/score', message: 'needs a score', node: { kind: 'option', s: 0, q: 0, o: 0 }, field: 'score' }]);
    expect(unplaced.map((f) => f.message)).toEqual(['gone']);
  });
});
