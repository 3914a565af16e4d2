// Hand-computed cases for every step of docs/scoring.md, against the mini fixture.
import { describe, expect, it } from 'vitest';
import { answerScore, profileOf, roundHalfAway, score, toScoreResponse } from '../../core/scoring.js';
import type { Answers, Questionnaire } from '../../core/types.js';
import { catalogValues, readFixture } from '../helpers/app.js';

const values = catalogValues();
const mini: Questionnaire = readFixture('mini.json');
const valueOf = (r: ReturnType<typeof score>, id: string) => r.values.find((v) => v.id === id)!;

describe('the worked example of the scoring model', () => {
  it('V(privacy) = 100 × (2·0.75 + 1·0) / (2 + 1) = 50.0, status attention', () => {
    // q1 weight 2 answered 0.75; q2 weight 1 answered n.v.t.; q3 weight 1 answered "don't know" (0).
    const q: Questionnaire = {
      id: 'w', version: '1.0.0', area: 'ai', title: { nl: 'w', en: 'w' },
      sections: [{
        id: 's', title: { nl: 's', en: 's' }, questions: ['q1', 'q2', 'q3'].map((id, i) => ({
          id, type: 'scale' as const, prompt: { nl: id, en: id }, allowNotApplicable: true,
          values: [{ value: 'privacy', weight: i === 0 ? 2 : 1 }],
          options: [
            { id: 'dont-know', label: { nl: 'Weet ik niet', en: "Don't know" }, score: 0 },
            { id: 'mostly', label: { nl: 'm', en: 'm' }, score: 0.75 },
          ],
        })),
      }],
    };
    const r = score(q, { q1: { option: 'mostly' }, q2: { notApplicable: true }, q3: { option: 'dont-know' } }, values);
    expect(valueOf(r, 'privacy').score).toBe(50);
    expect(valueOf(r, 'privacy').status).toBe('attention');
    expect(toScoreResponse(r).values.find((v) => v.id === 'privacy')!.score).toBe(50.0);
  });
});

describe('step 1: the score of one answer', () => {
  const question = (id: string) => mini.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;
  it('single and scale take the chosen option score', () => {
    expect(answerScore(question('m-dpia'), { option: 'mostly' })).toBe(0.75);
    expect(answerScore(question('m-retention'), { option: 'dont-know' })).toBe(0);
  });
  it('multiple choice sums the chosen scores and caps at 1', () => {
    expect(answerScore(question('m-security'), { options: ['mfa', 'pentest'] })).toBeCloseTo(0.9, 12);
    expect(answerScore(question('m-security'), { options: ['mfa', 'pentest', 'backup'] })).toBe(1);
    expect(answerScore(question('m-security'), { options: [] })).toBeNull();
  });
  it('n.v.t., unanswered, text and a note alone have no score', () => {
    expect(answerScore(question('m-dpia'), { notApplicable: true })).toBeNull();
    expect(answerScore(question('m-dpia'), undefined)).toBeNull();
    expect(answerScore(question('m-context'), { text: 'x' })).toBeNull();
    expect(answerScore(question('m-dpia'), { note: 'still checking' })).toBeNull();
  });
});

describe('steps 2-6 on the mini questionnaire', () => {
  const answers: Answers = {
    'm-personal-data': { option: 'yes' },
    'm-dpia': { option: 'partly' },          // privacy w2 · 0.5
    'm-retention': { option: 'yes' },        // privacy w1 · 1
    'm-security': { options: ['mfa'] },      // security w1 · 0.5, privacy w1 · 0.5
    'm-energy': { option: 'yes' },           // sustainability w1 · 1
    'm-context': { text: 'A chatbot' },
  };
  const r = score(mini, answers, values);

  it('computes each value as the weighted mean of its visible scored answers', () => {
    // privacy: 100 × (2·0.5 + 1·1 + 1·0.5) / 4 = 62.5
    expect(valueOf(r, 'privacy').score).toBe(62.5);
    expect(valueOf(r, 'privacy').status).toBe('sufficient');
    expect(valueOf(r, 'security').score).toBe(50);
    expect(valueOf(r, 'security').status).toBe('attention');
    expect(valueOf(r, 'sustainability').score).toBe(100);
    expect(valueOf(r, 'sustainability').status).toBe('strong');
  });

  it('leaves values without any scored question unscored, not 0', () => {
    expect(valueOf(r, 'justice').score).toBeNull();
    expect(valueOf(r, 'justice').status).toBe('unscored');
    expect(valueOf(r, 'quality-of-life').status).toBe('unscored');
  });

  it('weighs dimension scores by relevance over scored values only', () => {
    // G: only sustainability scored → 100. P = (3·62.5 + 2·50) / (3 + 2) = 57.5
    expect(r.dimensions.goal.score).toBe(100);
    expect(r.dimensions.precondition.score).toBe(57.5);
    expect(r.profile).toBe('valuable');
  });

  it('counts completeness over visible required questions, text included', () => {
    expect(r.completeness).toBe(1);
    const partial = score(mini, { 'm-personal-data': { option: 'no' }, 'm-security': { options: ['mfa'] } }, values);
    // visible required: personal-data, security, context → 2 of 3
    expect(partial.completeness).toBeCloseTo(2 / 3, 12);
    expect(toScoreResponse(partial).completeness).toBe(0.667);
  });

  it('ignores answers to hidden questions everywhere, chains included', () => {
    const hidden = score(mini, { ...answers, 'm-personal-data': { option: 'no' }, 'm-dpia': { option: 'none' } }, values);
    expect(hidden.knockouts).toEqual([]);
    expect(hidden.visible).not.toContain('m-dpia');
    expect(hidden.visible).not.toContain('m-retention'); // its condition names a hidden question
    // privacy now only from m-security (0.5)
    expect(valueOf(hidden, 'privacy').score).toBe(50);
  });

  it('makes a knocked-out precondition critical whatever its score', () => {
    const ko = score(mini, { ...answers, 'm-dpia': { option: 'none' }, 'm-security': { options: ['mfa', 'pentest', 'backup'] } }, values);
    expect(ko.knockouts.map((k) => [k.question, k.option, k.values])).toEqual([['m-dpia', 'none', ['privacy']]]);
    expect(valueOf(ko, 'privacy').status).toBe('critical');
    expect(valueOf(ko, 'security').status).toBe('sufficient');
  });

  it('an incomplete dimension makes the profile incomplete', () => {
    const onlyPrecondition = score(mini, { 'm-personal-data': { option: 'no' }, 'm-security': { options: ['mfa'] } }, values);
    expect(onlyPrecondition.dimensions.goal.score).toBeNull();
    expect(onlyPrecondition.profile).toBe('incomplete');
  });
});

describe('step 5: profile quadrants at the threshold', () => {
  it.each([
    [50, 50, 'valuable'],
    [50, 49.99, 'promising-with-risks'],
    [49.99, 50, 'careful'],
    [0, 0, 'starting'],
    [null, 80, 'incomplete'],
  ] as const)('G=%s P=%s → %s', (g, p, profile) => {
    expect(profileOf(g, p, 50)).toBe(profile);
  });
});

describe('rounding', () => {
  it('rounds half away from zero as the number is written', () => {
    expect(roundHalfAway(62.45, 1)).toBe(62.5);
    expect(roundHalfAway(48.05, 1)).toBe(48.1);
    expect(roundHalfAway(66.66666666666667, 1)).toBe(66.7);
    expect(roundHalfAway(0.6665, 3)).toBe(0.667);
    expect(roundHalfAway(-2.25, 1)).toBe(-2.3);
    expect(roundHalfAway(1e-9, 1)).toBe(0);
  });
});
