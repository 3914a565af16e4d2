// fast-check generators of valid questionnaires and of answer sets for them.
import fc from 'fast-check';
import type { Answer, Answers, Option, Question, Questionnaire, ValueDefinition } from '../../core/types.js';

const L = (s: string) => ({ nl: s, en: s });

/** Instrument ids generated questions may name: real ones, so the loader's catalogue accepts them. */
export const GENERATED_INSTRUMENTS = ['dpia', 'ncsc', 'ai-act'] as const;

export function questionnaireArb(values: ValueDefinition[]): fc.Arbitrary<Questionnaire> {
  const valueIds = values.map((v) => v.id);
  const preconditions = values.filter((v) => v.dimension === 'precondition').map((v) => v.id);
  const questionArb = fc.record({
    type: fc.constantFrom('single', 'scale', 'multi', 'text', 'single') as fc.Arbitrary<Question['type']>,
    required: fc.boolean(),
    allowNotApplicable: fc.boolean(),
    preconditionOnly: fc.boolean(),
    valueIdx: fc.uniqueArray(fc.nat({ max: valueIds.length - 1 }), { minLength: 0, maxLength: 3 }),
    // Grids rather than fc.double: its bias toward tiny and extreme values hides ordinary sums above 1.
    weights: fc.array(fc.integer({ min: 1, max: 50 }).map((n) => n / 10), { minLength: 3, maxLength: 3 }),
    scores: fc.array(fc.integer({ min: 0, max: 100 }).map((n) => n / 100), { minLength: 2, maxLength: 5 }),
    knockoutAt: fc.option(fc.nat({ max: 4 })),
    // Scoring version 2: "weet ik niet" as an unknown risk, exclusive options in multiple choice, a
    // not-applicable option in single and scale, advice per option and per question, instruments.
    unknownRiskAt: fc.option(fc.nat({ max: 4 })),
    exclusiveAt: fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: 2 }),
    notApplicableOption: fc.boolean(),
    adviceAt: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 3 }),
    questionAdvice: fc.boolean(),
    instruments: fc.subarray([...GENERATED_INSTRUMENTS]),
    visibleIf: fc.option(fc.record({ back: fc.nat({ max: 5 }), pick: fc.nat({ max: 4 }) })),
  });
  return fc.record({
    questions: fc.array(questionArb, { minLength: 1, maxLength: 14 }),
    relevance: fc.array(fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, { minLength: valueIds.length, maxLength: valueIds.length }),
    sufficient: fc.integer({ min: 40, max: 90 }),
    gap: fc.integer({ min: 0, max: 40 }),
    profileThreshold: fc.integer({ min: 1, max: 99 }),
  }).map(({ questions, relevance, sufficient, gap, profileThreshold }) => {
    const built: Question[] = [];
    questions.forEach((g, i) => {
      const id = `q${i}`;
      if (g.type === 'text') {
        built.push({ id, type: 'text', prompt: L(id), required: g.required, allowNotApplicable: g.allowNotApplicable });
        return;
      }
      const pool = g.preconditionOnly ? preconditions : valueIds;
      const refs = [...new Set(g.valueIdx.map((n) => pool[n % pool.length]))].map((value, k) => ({ value, weight: g.weights[k] }));
      const mapsOnlyPreconditions = refs.length > 0 && refs.every((r) => preconditions.includes(r.value));
      const n = g.scores.length;
      const knockoutAt = mapsOnlyPreconditions && g.knockoutAt !== null ? g.knockoutAt % n : -1;
      const riskAt = mapsOnlyPreconditions && g.unknownRiskAt !== null && g.unknownRiskAt % n !== knockoutAt ? g.unknownRiskAt % n : -1;
      const options: Option[] = g.scores.map((s, k) => ({
        id: `o${k}`,
        label: L(`o${k}`),
        // An unknown risk scores 0: not knowing never earns points.
        score: k === riskAt ? 0 : s,
        ...(k === knockoutAt ? { knockout: L('ko') } : {}),
        ...(k === riskAt ? { unknownRisk: L('ur') } : {}),
        ...(g.type === 'multi' && g.exclusiveAt.some((e) => e % n === k) ? { exclusive: true as const } : {}),
        ...(g.adviceAt.includes(k) ? { advice: L(`advice o${k}`) } : {}),
      }));
      if (g.notApplicableOption && g.type !== 'multi') {
        options.push({ id: 'na', label: L('does not apply'), notApplicable: true, ...(g.adviceAt.includes(5) ? { advice: L('advice na') } : {}) });
      }
      const q: Question = { id, type: g.type, prompt: L(id), required: g.required, allowNotApplicable: g.allowNotApplicable, values: refs, options };
      if (g.questionAdvice) q.advice = L(`advice ${id}`);
      if (g.instruments.length) q.instruments = g.instruments;
      if (g.visibleIf && built.length) {
        const target = built[built.length - 1 - (g.visibleIf.back % built.length)];
        if (target.options) q.visibleIf = { question: target.id, anyOf: [target.options[g.visibleIf.pick % target.options.length].id] };
      }
      built.push(q);
    });
    return {
      id: 'gen', version: '1.0.0', area: 'ai', title: L('gen'),
      scoring: { sufficient, attention: Math.max(0, sufficient - gap), profileThreshold },
      relevance: Object.fromEntries(valueIds.map((v, i) => [v, relevance[i]])),
      sections: [{ id: 's', title: L('s'), questions: built }],
    } satisfies Questionnaire;
  });
}

/** A valid answer for one question, or undefined (unanswered). */
export function answerArb(q: Question): fc.Arbitrary<Answer | undefined> {
  const choices: fc.Arbitrary<Answer | undefined>[] = [fc.constant(undefined)];
  if (q.allowNotApplicable) choices.push(fc.constant({ notApplicable: true as const }));
  if (q.type === 'text') choices.push(fc.string({ maxLength: 20 }).map((text) => ({ text })));
  else if (q.type === 'multi') {
    // An exclusive option stands alone; the others combine freely.
    const exclusive = q.options!.filter((o) => o.exclusive).map((o) => o.id);
    const combinable = q.options!.filter((o) => !o.exclusive).map((o) => o.id);
    if (combinable.length) choices.push(fc.subarray(combinable, { minLength: 1 }).map((options) => ({ options })));
    if (exclusive.length) choices.push(fc.constantFrom(...exclusive).map((id) => ({ options: [id] })));
  } else choices.push(fc.constantFrom(...q.options!.map((o) => o.id)).map((option) => ({ option })));
  return fc.oneof(...choices);
}

export function answersArb(q: Questionnaire): fc.Arbitrary<Answers> {
  const questions = q.sections.flatMap((s) => s.questions);
  return fc.tuple(...questions.map(answerArb)).map((list) => {
    const answers: Answers = {};
    list.forEach((a, i) => {
      if (a) answers[questions[i].id] = a;
    });
    return answers;
  });
}

export const withAnswers = (values: ValueDefinition[]) =>
  questionnaireArb(values).chain((q) => answersArb(q).map((answers) => ({ q, answers })));
