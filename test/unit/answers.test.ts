// Answer validation against the questionnaire (docs/questionnaire-format.md, "Answers"), for the
// option kinds of scoring version 2.
import { describe, expect, it } from 'vitest';
import { keepValidAnswers, toggleOption, validateAnswers, withAnswer } from '../../core/answers.js';
import type { Questionnaire } from '../../core/types.js';
import { readFixture } from '../helpers/app.js';

const v2: Questionnaire = readFixture('mini-v2.json');

describe('answers with exclusive and not-applicable options', () => {
  it('refuses an exclusive option combined with another, naming the question', () => {
    expect(validateAnswers(v2, { 'v-security': { options: ['mfa', 'none'] } })).toEqual([
      { question: 'v-security', message: 'option "none" is exclusive and cannot be combined with other options' },
    ]);
    expect(validateAnswers(v2, { 'v-security': { options: ['dont-know', 'pentest'] } })[0].question).toBe('v-security');
  });

  it('accepts an exclusive option alone, and any combination of the others', () => {
    expect(validateAnswers(v2, { 'v-security': { options: ['none'] } })).toEqual([]);
    expect(validateAnswers(v2, { 'v-security': { options: ['dont-know'] } })).toEqual([]);
    expect(validateAnswers(v2, { 'v-security': { options: ['mfa', 'pentest'] } })).toEqual([]);
  });

  it('accepts a not-applicable option as an ordinary choice, but not the n.v.t. answer where it is not allowed', () => {
    expect(validateAnswers(v2, { 'v-content': { option: 'no-content' } })).toEqual([]);
    expect(validateAnswers(v2, { 'v-content': { notApplicable: true } })).toEqual([
      { question: 'v-content', message: 'this question does not allow "not applicable"' },
    ]);
  });

  it('drops a combination that a newer version made exclusive when answers move between versions', () => {
    expect(keepValidAnswers(v2, { 'v-security': { options: ['mfa', 'none'] }, 'v-dpia': { option: 'done' } }))
      .toEqual({ kept: { 'v-dpia': { option: 'done' } }, dropped: ['v-security'] });
  });
});

describe('ticking options in a form', () => {
  const security = v2.sections[0].questions.find((q) => q.id === 'v-security')!;
  it('an exclusive option clears the others, and another option clears the exclusive one', () => {
    expect(toggleOption(security, ['mfa', 'pentest'], 'none', true)).toEqual(['none']);
    expect(toggleOption(security, ['none'], 'mfa', true)).toEqual(['mfa']);
    expect(toggleOption(security, ['none'], 'dont-know', true)).toEqual(['dont-know']);
    expect(toggleOption(security, ['pentest'], 'mfa', true)).toEqual(['mfa', 'pentest']);
    expect(toggleOption(security, ['mfa', 'pentest'], 'mfa', false)).toEqual(['pentest']);
  });
  it('never produces a selection the server refuses', () => {
    const ids = security.options!.map((o) => o.id);
    let chosen: string[] = [];
    for (let i = 0; i < 40; i++) {
      chosen = toggleOption(security, chosen, ids[(i * 7) % ids.length], i % 3 !== 0);
      if (chosen.length) expect(validateAnswers(v2, { 'v-security': { options: chosen } })).toEqual([]);
    }
  });
});

describe('withAnswer', () => {
  it('sets or removes one answer in a new object and leaves the old one as it was', () => {
    const before = { a: { option: 'yes' } };
    const set = withAnswer(before, 'b', { option: 'no' });
    expect(set).toEqual({ a: { option: 'yes' }, b: { option: 'no' } });
    expect(withAnswer(set, 'a', null)).toEqual({ b: { option: 'no' } });
    expect(before).toEqual({ a: { option: 'yes' } });
  });
});
