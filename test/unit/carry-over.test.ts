// Moving an open response to a newer questionnaire version (issue 17, item 5): answers go over by
// question id and option id; whatever no longer fits is dropped and listed, never silently changed.
import { describe, expect, it } from 'vitest';
import { carryOver } from '../../core/carry-over.js';
import type { Question, Questionnaire } from '../../core/types.js';

const L = (s: string) => ({ nl: s, en: s });
const opt = (id: string, extra: object = {}) => ({ id, label: L(id), ...extra });
function q(version: string, questions: Question[]): Questionnaire {
  return { id: 'ai', version, area: 'ai', title: L('AI'), sections: [{ id: 's', title: L('S'), questions }] } as Questionnaire;
}

const before = q('1.0.0', [
  { id: 'single', type: 'single', prompt: L('Single?'), options: [opt('a'), opt('b')] },
  { id: 'multi', type: 'multi', prompt: L('Multi?'), options: [opt('x'), opt('y'), opt('z')] },
  { id: 'gone', type: 'single', prompt: L('Gone?'), options: [opt('a')] },
  { id: 'retyped', type: 'single', prompt: L('Retyped?'), options: [opt('a')] },
  { id: 'na', type: 'single', prompt: L('NA?'), allowNotApplicable: true, options: [opt('a')] },
  { id: 'text', type: 'text', prompt: L('Text?') },
  { id: 'reworded', type: 'single', prompt: L('Old words?'), options: [opt('a')] },
]);
const after = q('2.0.0', [
  { id: 'single', type: 'single', prompt: L('Single?'), options: [opt('a')] },
  { id: 'multi', type: 'multi', prompt: L('Multi?'), options: [opt('x'), opt('z')] },
  { id: 'retyped', type: 'multi', prompt: L('Retyped?'), options: [opt('a')] },
  { id: 'na', type: 'single', prompt: L('NA?'), options: [opt('a')] },
  { id: 'text', type: 'text', prompt: L('Text?') },
  { id: 'reworded', type: 'single', prompt: L('New words?'), options: [opt('a')] },
  { id: 'new', type: 'text', prompt: L('New?') },
]);

describe('carry-over between questionnaire versions', () => {
  it('keeps answers whose question and options still exist, by id', () => {
    const r = carryOver(before, after, { single: { option: 'a', note: 'n' }, text: { text: 'hi' } });
    expect(r.answers).toEqual({ single: { option: 'a', note: 'n' }, text: { text: 'hi' } });
    expect(r.dropped).toEqual([]);
    expect(r.changed).toEqual([]);
  });

  it('drops an answer whose question is gone, whose option is gone, whose type changed, or whose not-applicable is no longer allowed', () => {
    const r = carryOver(before, after, {
      single: { option: 'b' }, gone: { option: 'a' }, retyped: { option: 'a' }, na: { notApplicable: true },
    });
    expect(r.answers).toEqual({});
    expect(r.dropped.map((d) => d.question).sort()).toEqual(['gone', 'na', 'retyped', 'single']);
    // The prompt in the words the respondent answered (the old version): the question may be gone.
    expect(r.dropped.find((d) => d.question === 'gone')!.prompt).toEqual(L('Gone?'));
    expect(r.dropped.find((d) => d.question === 'retyped')!.reason).toBe('type-changed');
  });

  it('keeps the remaining choices of a multiple-choice answer and reports the change; none left is dropped', () => {
    const r = carryOver(before, after, { multi: { options: ['x', 'y'] } });
    expect(r.answers).toEqual({ multi: { options: ['x'] } });
    expect(r.changed).toEqual([{ question: 'multi', prompt: L('Multi?'), reason: 'options-removed' }]);
    const none = carryOver(before, after, { multi: { options: ['y'] } });
    expect(none.answers).toEqual({});
    expect(none.dropped).toEqual([{ question: 'multi', prompt: L('Multi?'), reason: 'options-removed' }]);
  });

  it('reports a kept answer whose question was reworded, in the new words', () => {
    const r = carryOver(before, after, { reworded: { option: 'a' } });
    expect(r.answers).toEqual({ reworded: { option: 'a' } });
    expect(r.changed).toEqual([{ question: 'reworded', prompt: L('New words?'), reason: 'reworded' }]);
  });

  it('keeps a note on its own (an unanswered question with a remark) when the question remains', () => {
    expect(carryOver(before, after, { single: { note: 'later' } }).answers).toEqual({ single: { note: 'later' } });
  });
});
