// Hand-computed cases for every step of docs/scoring.md, against the mini fixture.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerScore, profileOf, roundHalfAway, score, toScoreResponse } from '../../core/scoring.js';
import type { Answers, Question, Questionnaire } from '../../core/types.js';
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

describe('the worked example under version 2: an unknown risk', () => {
  // q3's "weet ik niet" is an unknown risk because q3 also has a knock-out option. A goal question
  // makes G scored, so the profile is complete and the cap has something to act on.
  const L = (x: string) => ({ nl: x, en: x });
  const privacyQuestion = (id: string, weight: number, withKnockout: boolean): Question => ({
    id, type: 'scale', prompt: L(id), allowNotApplicable: true, values: [{ value: 'privacy', weight }],
    options: [
      withKnockout
        ? { id: 'dont-know', label: L('Weet ik niet'), score: 0, unknownRisk: L('Niet uitgesloten.'), advice: L('Zoek het uit.') }
        : { id: 'dont-know', label: L('Weet ik niet'), score: 0 },
      { id: 'mostly', label: L('m'), score: 0.75 },
      ...(withKnockout ? [{ id: 'violated', label: L('v'), score: 0, knockout: L('Geschonden.') }] : []),
    ],
  });
  const q: Questionnaire = {
    id: 'w2', version: '2.0.0', area: 'ai', title: L('w2'), relevance: { privacy: 3 },
    sections: [{
      id: 's', title: L('s'), questions: [
        privacyQuestion('q1', 2, false), privacyQuestion('q2', 1, false), privacyQuestion('q3', 1, true),
        { id: 'g', type: 'single', prompt: L('g'), values: [{ value: 'sustainability' }], options: [{ id: 'yes', label: L('y'), score: 1 }] },
      ],
    }],
  };
  const answers: Answers = { q1: { option: 'mostly' }, q2: { notApplicable: true }, q3: { option: 'dont-know' }, g: { option: 'yes' } };
  const r = score(q, answers, values);

  it('keeps V(privacy) = 50.0 but gives privacy the status unknown-risk', () => {
    expect(valueOf(r, 'privacy').score).toBe(50);
    expect(valueOf(r, 'privacy').status).toBe('unknown-risk');
    expect(r.unknownRisks.map((u) => [u.question, u.option, u.values])).toEqual([['q3', 'dont-know', ['privacy']]]);
    expect(r.knockouts).toEqual([]);
  });

  it('caps the profile: G = 100 and P = 50 would be valuable, an unknown risk makes it promising-with-risks', () => {
    expect(r.dimensions.precondition.score).toBe(50);
    expect(profileOf(100, 50, 50)).toBe('valuable');
    expect(r.profile).toBe('promising-with-risks');
    expect(r.profileCapped).toBe(true);
  });

  it('lists q3 first with priority (1 − 0) × 1 × 3 = 3.000, then q1 with (1 − 0.75) × 2 × 3 = 1.500', () => {
    const shown = toScoreResponse(r).actions;
    expect(shown).toEqual([
      { question: 'q3', kind: 'unknown-risk', priority: 3, advice: L('Zoek het uit.'), instruments: [] },
      { question: 'q1', kind: 'improve', priority: 1.5, advice: null, instruments: [] },
    ]);
    expect(r.actions[0]).toMatchObject({ option: 'dont-know', score: 0, values: ['privacy'] });
    expect(r.scoringVersion).toBe(2);
    expect(toScoreResponse(r).scoringVersion).toBe(2);
  });

  it('under version 1 the same answers score as they always did: no unknown risk, no cap, no actions', () => {
    const v1 = score(q, answers, values, { version: 1 });
    expect(v1.scoringVersion).toBe(1);
    expect(valueOf(v1, 'privacy').status).toBe('attention');
    expect(v1.profile).toBe('valuable');
    expect(v1.profileCapped).toBe(false);
    expect(v1.unknownRisks).toEqual([]);
    expect(v1.actions).toEqual([]);
    expect(v1.values.map((v) => v.score)).toEqual(r.values.map((v) => v.score));
  });
});

describe('version 2 on a questionnaire with every new option kind', () => {
  const v2: Questionnaire = readFixture('mini-v2.json');
  const full: Answers = {
    'v-dpia': { option: 'done' }, 'v-content': { option: 'labelled' }, 'v-security': { options: ['mfa', 'pentest'] },
    'v-energy': { option: 'yes' }, 'v-context': { text: 'x' },
  };

  it('a not-applicable option scores nothing, drops out of its value and counts as answered', () => {
    const question = v2.sections[0].questions.find((x) => x.id === 'v-content')!;
    expect(answerScore(question, { option: 'no-content' })).toBeNull();
    const r = score(v2, { ...full, 'v-content': { option: 'no-content' } }, values);
    expect(valueOf(r, 'democracy').score).toBeNull();
    expect(valueOf(r, 'democracy').status).toBe('unscored');
    expect(r.completeness).toBe(1);
    expect(r.actions).toEqual([]);
    // Where "no" is honest it costs: something that does not apply is never worth a full score, nor a zero.
    expect(valueOf(score(v2, { ...full, 'v-content': { option: 'unlabelled' } }, values), 'democracy').score).toBe(0);
  });

  it('a top score everywhere leaves nothing to do and the profile uncapped', () => {
    const r = score(v2, full, values);
    expect(r.actions).toEqual([]);
    expect(r.profile).toBe('valuable');
    expect(r.profileCapped).toBe(false);
  });

  it('lists knock-outs, then unknown risks, then improvements, each question once', () => {
    const r = score(v2, {
      ...full,
      'v-dpia': { option: 'none' },                 // knock-out, privacy w2 · rel 3 → priority 6
      'v-security': { options: ['dont-know'] },     // unknown risk, security w1 · rel 2 → priority 2
      'v-content': { option: 'unlabelled' },        // improve, democracy w1 · rel 1 → priority 1
      'v-energy': { option: 'half' },               // improve, sustainability w1 · rel 2 → priority 1
    }, values);
    expect(toScoreResponse(r).actions.map((a) => [a.question, a.kind, a.priority])).toEqual([
      ['v-dpia', 'knockout', 6],
      ['v-security', 'unknown-risk', 2],
      ['v-content', 'improve', 1],  // equal priorities keep document order
      ['v-energy', 'improve', 1],
    ]);
    expect(valueOf(r, 'privacy').status).toBe('critical');
    expect(valueOf(r, 'security').status).toBe('unknown-risk');
    expect(r.profileCapped).toBe(true);
  });

  it("an action's text is the chosen option's advice, else the question's; its instruments are the question's", () => {
    const r = score(v2, { ...full, 'v-dpia': { option: 'partly' }, 'v-security': { options: ['none'] }, 'v-energy': { option: 'no' } }, values);
    const byQuestion = Object.fromEntries(r.actions.map((a) => [a.question, a]));
    expect(byQuestion['v-dpia'].advice).toEqual({ nl: 'Maak de DPIA af.', en: 'Finish the DPIA.' });  // option has none: question's
    expect(byQuestion['v-dpia'].instruments).toEqual(['dpia', 'avg']);
    expect(byQuestion['v-security'].advice).toEqual({ nl: 'Begin met MFA.', en: 'Start with MFA.' });
    expect(byQuestion['v-security'].instruments).toEqual(['ncsc']);
    expect(byQuestion['v-energy'].advice?.en).toBe('Measure energy use.');
    const ko = score(v2, { ...full, 'v-dpia': { option: 'none' } }, values);
    expect(ko.actions[0].advice?.en).toBe('Do a DPIA now.');
  });

  it('a knock-out caps the profile too: G ≥ t and P ≥ t still reads promising-with-risks, G < t reads starting', () => {
    // Knock-out on v-dpia (privacy 0) with everything else at the top: P = (3·0 + 2·100 + 1·100) / 6 = 50.
    const ko = score(v2, { ...full, 'v-dpia': { option: 'none' } }, values);
    expect(ko.dimensions.precondition.score).toBe(50);
    expect(ko.profile).toBe('promising-with-risks');
    expect(ko.profileCapped).toBe(true);
    const low = score(v2, { ...full, 'v-dpia': { option: 'none' }, 'v-energy': { option: 'no' } }, values);
    expect(profileOf(low.dimensions.goal.score, low.dimensions.precondition.score, 50)).toBe('careful');
    expect(low.profile).toBe('starting');
  });

  it('an incomplete profile stays incomplete and is not called capped', () => {
    const r = score(v2, { 'v-dpia': { option: 'dont-know' } }, values);
    expect(r.dimensions.goal.score).toBeNull();
    expect(r.profile).toBe('incomplete');
    expect(r.profileCapped).toBe(false);
    expect(r.unknownRisks).toHaveLength(1);
  });

  it('ties are judged as a person computes them: floating-point noise does not reorder equal priorities', () => {
    const L = (x: string) => ({ nl: x, en: x });
    const q: Questionnaire = {
      id: 't', version: '1.0.0', area: 'ai', title: L('t'), relevance: { privacy: 3 },
      sections: [{
        id: 's', title: L('s'), questions: [
          // (1 − 0.4) × 1.5 × 1 = 0.9, which binary floating point makes 0.8999999999999999
          { id: 'first', type: 'single', prompt: L('a'), values: [{ value: 'security', weight: 1.5 }], options: [{ id: 'o', label: L('o'), score: 0.4 }] },
          // (1 − 0.7) × 1 × 3 = 0.9, which binary floating point makes 0.9000000000000001
          { id: 'second', type: 'single', prompt: L('b'), values: [{ value: 'privacy', weight: 1 }], options: [{ id: 'o', label: L('o'), score: 0.7 }] },
        ],
      }],
    };
    const r = score(q, { first: { option: 'o' }, second: { option: 'o' } }, values);
    expect(toScoreResponse(r).actions.map((a) => [a.question, a.priority])).toEqual([['first', 0.9], ['second', 0.9]]);
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
  // One value from answers with short decimal scores and whole weights: the exact V is a fraction,
  // and rounding it half away from zero by hand is what an assessor checks the report against.
  const oneValue = (items: Array<{ w: number; k: number }>) => {
    const q: Questionnaire = {
      id: 'r', version: '1.0.0', area: 'ai', title: { nl: 'r', en: 'r' },
      sections: [{ id: 's', title: { nl: 's', en: 's' }, questions: items.map(({ w, k }, i) => ({
        id: `q${i}`, type: 'single' as const, prompt: { nl: 'q', en: 'q' }, values: [{ value: 'privacy', weight: w }],
        options: [{ id: 'a', label: { nl: 'a', en: 'a' }, score: k / 100 }],
      })) }],
    };
    const r = score(q, Object.fromEntries(items.map((_, i) => [`q${i}`, { option: 'a' }])), values);
    return toScoreResponse(r).values.find((v) => v.id === 'privacy')!.score;
  };
  // 10·V = 10·Σw·k / Σw exactly; half away from zero is floor(10·V + ½) for V ≥ 0, in integers.
  const byHand = (items: Array<{ w: number; k: number }>) => {
    const num = items.reduce((n, x) => n + x.w * x.k, 0);
    const den = items.reduce((n, x) => n + x.w, 0);
    return Math.floor((20 * num + den) / (2 * den)) / 10;
  };

  it('rounds a value that lies exactly on a tie as a person does by hand, though floating point lands just below it', () => {
    // 100 × (1·0 + 2·0.2 + 1·0.75) / 4 = 28.75 exactly; in floating point 28.749999999999996.
    const items = [{ w: 1, k: 0 }, { w: 2, k: 20 }, { w: 1, k: 75 }];
    expect(byHand(items)).toBe(28.8);
    expect(oneValue(items)).toBe(28.8);
    expect(roundHalfAway(28.749999999999996, 1)).toBe(28.8);
  });

  it('gives every value what exact arithmetic gives, for whole weights and scores in hundredths', () => {
    const item = fc.record({ w: fc.integer({ min: 1, max: 5 }), k: fc.integer({ min: 0, max: 100 }) });
    fc.assert(fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), (items) => {
      expect(oneValue(items)).toBe(byHand(items));
    }), { numRuns: 3000 });
  });

  it('rounds half away from zero as the number is written', () => {
    expect(roundHalfAway(62.45, 1)).toBe(62.5);
    expect(roundHalfAway(48.05, 1)).toBe(48.1);
    expect(roundHalfAway(66.66666666666667, 1)).toBe(66.7);
    expect(roundHalfAway(0.6665, 3)).toBe(0.667);
    expect(roundHalfAway(-2.25, 1)).toBe(-2.3);
    expect(roundHalfAway(1e-9, 1)).toBe(0);
  });
});
