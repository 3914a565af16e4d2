// Answer validation against the questionnaire (docs/questionnaire-format.md, "Answers"), for the
// option kinds of scoring version 2.
import { describe, expect, it } from 'vitest';
import { keepValidAnswers, validateAnswers } from '../../core/answers.js';
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
