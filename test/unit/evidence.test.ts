// The evidence prompt (review item 15): which answers are claims an assessor may want backed.
import { describe, expect, it } from 'vitest';
import { asksForEvidence, claimsFullMarks, claimsWithoutEvidence, lacksEvidence } from '../../core/evidence.js';
import type { Question, Questionnaire } from '../../core/types.js';

const L = (x: string) => ({ nl: x, en: x });
const single: Question = {
  id: 'single', type: 'single', prompt: L('s'), allowNotApplicable: true, values: [{ value: 'privacy' }],
  options: [
    { id: 'none', label: L('none'), score: 0 },
    { id: 'partly', label: L('partly'), score: 0.5 },
    { id: 'fully', label: L('fully'), score: 1 },
    { id: 'no-data', label: L('no personal data'), notApplicable: true },
  ],
};
const multi: Question = {
  id: 'multi', type: 'multi', prompt: L('m'), values: [{ value: 'security' }],
  options: [{ id: 'a', label: L('a'), score: 0.5 }, { id: 'b', label: L('b'), score: 0.5 }, { id: 'c', label: L('c'), score: 0.5 }],
};
// Intake: options without values score nothing, so nothing there is a claim.
const intake: Question = { id: 'intake', type: 'single', prompt: L('i'), options: [{ id: 'x', label: L('x'), score: 1 }] };
const text: Question = { id: 'text', type: 'text', prompt: L('t') };

describe('claimsFullMarks', () => {
  it('is the top rung of a scored question only', () => {
    expect(claimsFullMarks(single, { option: 'fully' })).toBe(true);
    expect(claimsFullMarks(single, { option: 'partly' })).toBe(false);
    expect(claimsFullMarks(single, { option: 'none' })).toBe(false);
  });
  it('is never "does not apply" (an n.v.t. option or the n.v.t. answer) nor an unanswered question', () => {
    expect(claimsFullMarks(single, { option: 'no-data' })).toBe(false);
    expect(claimsFullMarks(single, { notApplicable: true })).toBe(false);
    expect(claimsFullMarks(single, undefined)).toBe(false);
    expect(claimsFullMarks(single, { note: 'only a note' })).toBe(false);
  });
  it('is a multiple choice whose options together reach the full score', () => {
    expect(claimsFullMarks(multi, { options: ['a'] })).toBe(false);
    expect(claimsFullMarks(multi, { options: ['a', 'b'] })).toBe(true);
    expect(claimsFullMarks(multi, { options: ['a', 'b', 'c'] })).toBe(true);
  });
  it('is never an unscored intake or text question', () => {
    expect(claimsFullMarks(intake, { option: 'x' })).toBe(false);
    expect(claimsFullMarks(text, { text: 'we do everything right' })).toBe(false);
  });
});

describe('asksForEvidence', () => {
  // Like the AI Act's high-risk areas: every real answer scores full, knowing the class is what counts.
  const classification: Question = {
    id: 'class', type: 'multi', prompt: L('c'), values: [{ value: 'control' }],
    options: [
      { id: 'education', label: L('education'), score: 1 },
      { id: 'none', label: L('none'), score: 1, exclusive: true },
      { id: 'dont-know', label: L("don't know"), score: 0, exclusive: true, unknownRisk: L('not ruled out') },
    ],
  };
  // Like the prohibited practices: the only answers below full are knock-outs and "don't know".
  const prohibited: Question = {
    id: 'prohibited', type: 'multi', prompt: L('p'), values: [{ value: 'democracy' }],
    options: [
      { id: 'scoring', label: L('social scoring'), score: 0, knockout: L('prohibited') },
      { id: 'none', label: L('none'), score: 1, exclusive: true },
      { id: 'dont-know', label: L("don't know"), score: 0, exclusive: true },
    ],
  };
  it('is a ladder: some real answer scores below full', () => {
    expect(asksForEvidence(single)).toBe(true);
    expect(asksForEvidence(multi)).toBe(true);
  });
  it('is no ladder where only "don\'t know", knock-outs, unknown risks or n.v.t. score below full: choosing is no claim', () => {
    expect(asksForEvidence(classification)).toBe(false);
    expect(asksForEvidence(prohibited)).toBe(false);
    expect(claimsFullMarks(classification, { options: ['education'] })).toBe(false);
    expect(claimsFullMarks(prohibited, { options: ['none'] })).toBe(false);
  });
});

describe('lacksEvidence and claimsWithoutEvidence', () => {
  it('a note that says something backs the claim; a blank one does not', () => {
    expect(lacksEvidence(single, { option: 'fully' })).toBe(true);
    expect(lacksEvidence(single, { option: 'fully', note: '   ' })).toBe(true);
    expect(lacksEvidence(single, { option: 'fully', note: 'https://example.org/dpia.pdf' })).toBe(false);
    expect(lacksEvidence(single, { option: 'partly' })).toBe(false);
  });
  it('lists shown questions only, in document order', () => {
    const q: Questionnaire = {
      id: 'e', version: '1.0.0', area: 'ai', title: L('e'),
      sections: [{ id: 's1', title: L('1'), questions: [multi, intake] }, { id: 's2', title: L('2'), questions: [single, text] }],
    };
    const answers = { single: { option: 'fully' }, multi: { options: ['a', 'b'] }, intake: { option: 'x' }, text: { text: 'x' } };
    expect(claimsWithoutEvidence(q, answers, new Set(['single', 'multi', 'intake', 'text']))).toEqual(['multi', 'single']);
    expect(claimsWithoutEvidence(q, answers, new Set(['single']))).toEqual(['single']);
    expect(claimsWithoutEvidence(q, { ...answers, multi: { options: ['a', 'b'], note: 'audit report 2026' } }, new Set(['single', 'multi']))).toEqual(['single']);
  });
});
