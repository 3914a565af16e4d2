// Properties the scoring model promises, checked on generated questionnaires and answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkQuestionnaireRules } from '../../core/questionnaire-rules.js';
import { answerScore, completeness, isNotApplicable, isScored, profileOf, score, toScoreResponse, type ScoreResult } from '../../core/scoring.js';
import type { Answer, Answers, Profile, Question, Questionnaire } from '../../core/types.js';
import { selectedOptions, visibleQuestionIds } from '../../core/visibility.js';
import { GENERATED_INSTRUMENTS, withAnswers } from '../helpers/arbitraries.js';
import { catalogValues } from '../helpers/app.js';

const values = catalogValues();
const ctx = { values: new Map(values.map((v) => [v.id, v.dimension])), instruments: new Set<string>(GENERATED_INSTRUMENTS) };
const questionsOf = (q: Questionnaire) => q.sections.flatMap((s) => s.questions);
const runs = { numRuns: 300 };

// The two halves of a profile: does it say the product contributes (G ≥ t), and that it safeguards (P ≥ t)?
const contributes = (p: Profile) => p === 'valuable' || p === 'promising-with-risks';
const safeguards = (p: Profile) => p === 'valuable' || p === 'careful';
const choose = (question: Question, optionId: string): Answer => (question.type === 'multi' ? { options: [optionId] } : { option: optionId });
const KIND_ORDER = { knockout: 0, 'unknown-risk': 1, improve: 2 } as const;
/** The order of step 7 among improvements, compared as the engine does (nine decimals, then document order). */
const key = (p: number) => Math.round(p * 1e9);

describe('scoring properties', () => {
  it('generates only questionnaires the loader accepts', () => {
    fc.assert(fc.property(withAnswers(values), ({ q }) => {
      expect(checkQuestionnaireRules(q, ctx)).toEqual([]);
    }), runs);
  });

  it('keeps every score within bounds and lists every value in catalogue order', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const r = score(q, answers, values);
      expect(r.values.map((v) => v.id)).toEqual(values.map((v) => v.id));
      for (const v of r.values) if (v.score !== null) expect(v.score).toBeGreaterThanOrEqual(0), expect(v.score).toBeLessThanOrEqual(100 + 1e-9);
      for (const d of Object.values(r.dimensions)) if (d.score !== null) expect(d.score).toBeGreaterThanOrEqual(0), expect(d.score).toBeLessThanOrEqual(100 + 1e-9);
      expect(r.completeness).toBeGreaterThanOrEqual(0);
      expect(r.completeness).toBeLessThanOrEqual(1);
      const shown = toScoreResponse(r);
      for (const v of shown.values) if (v.score !== null) expect(Math.round(v.score * 10)).toBeCloseTo(v.score * 10, 9);
    }), runs);
  });

  // score() counts step 6 in the same pass as the scores; autosave asks completeness() alone. Both
  // must say what step 6 says, worked out here from its definition on its own.
  it('completeness is step 6 over the visible questions, the same from score() and from completeness()', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const visible = visibleQuestionIds(q, answers);
      const required = questionsOf(q).filter((x) => x.required && visible.has(x.id));
      const answered = required.filter((x) => {
        const a = answers[x.id];
        if (!a) return false;
        if (a.notApplicable) return x.allowNotApplicable === true;
        if (x.type === 'text') return (a.text ?? '').trim() !== '';
        if (isScored(x)) return answerScore(x, a) !== null || isNotApplicable(x, a);
        return selectedOptions(a).length > 0;
      });
      const expected = required.length === 0 ? 1 : answered.length / required.length;
      expect(score(q, answers, values).completeness).toBe(expected);
      expect(completeness(q, answers)).toBe(expected);
    }), runs);
  });

  it('does not depend on the order answers or chosen options are given in', () => {
    fc.assert(fc.property(withAnswers(values), fc.integer(), ({ q, answers }, seed) => {
      const entries = Object.entries(answers);
      const shuffled: Answers = {};
      const order = entries.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b);
      for (const i of order.reverse()) {
        const [id, a] = entries[i];
        shuffled[id] = a.options ? { options: [...a.options].reverse() } : a;
      }
      expect(toScoreResponse(score(q, shuffled, values))).toEqual(toScoreResponse(score(q, answers, values)));
    }), runs);
  });

  it('ignores answers given to hidden questions', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const visible = visibleQuestionIds(q, answers);
      const onlyVisible = Object.fromEntries(Object.entries(answers).filter(([id]) => visible.has(id)));
      expect(score(q, onlyVisible, values)).toEqual(score(q, answers, values));
    }), runs);
  });

  it('n.v.t. on one question changes only the values that question maps to', () => {
    fc.assert(fc.property(withAnswers(values), fc.nat(), ({ q, answers }, pick) => {
      const candidates = questionsOf(q).filter((x) => x.allowNotApplicable && x.type !== 'text' && !questionsOf(q).some((y) => y.visibleIf?.question === x.id));
      fc.pre(candidates.length > 0);
      const target = candidates[pick % candidates.length];
      const before = score(q, answers, values);
      const after = score(q, { ...answers, [target.id]: { notApplicable: true } }, values);
      const touched = new Set((target.values ?? []).map((r) => r.value));
      for (let i = 0; i < before.values.length; i++) {
        if (!touched.has(before.values[i].id)) expect(after.values[i]).toEqual(before.values[i]);
      }
    }), runs);
  });

  it('raising the score of an option never lowers the score of a value', () => {
    fc.assert(fc.property(withAnswers(values), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 }).map((n) => n / 100), ({ q, answers }, qi, oi, delta) => {
      const scored = questionsOf(q).filter((x) => x.options && (x.values?.length ?? 0) > 0);
      fc.pre(scored.length > 0);
      const target = scored[qi % scored.length];
      const option = target.options![oi % target.options!.length];
      const raised: Questionnaire = structuredClone(q);
      const copy = questionsOf(raised).find((x) => x.id === target.id)!.options!.find((o) => o.id === option.id)!;
      copy.score = Math.min(1, (option.score ?? 0) + delta);
      const before = score(q, answers, values);
      const after = score(raised, answers, values);
      for (let i = 0; i < before.values.length; i++) {
        if (before.values[i].score !== null) expect(after.values[i].score!).toBeGreaterThanOrEqual(before.values[i].score! - 1e-9);
      }
    }), runs);
  });

  it('a chosen knock-out on a visible question always makes its values critical', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const r = score(q, answers, values);
      const visible = new Set(r.visible);
      for (const question of questionsOf(q)) {
        const a = answers[question.id];
        if (!visible.has(question.id) || !a || a.notApplicable) continue;
        const chosen = a.option ? [a.option] : a.options ?? [];
        if (question.options?.some((o) => o.knockout && chosen.includes(o.id))) {
          for (const ref of question.values ?? []) expect(r.values.find((v) => v.id === ref.value)!.status).toBe('critical');
        }
      }
      for (const v of r.values) if (v.status === 'critical') expect(r.knockouts.some((k) => k.values.includes(v.id))).toBe(true);
    }), runs);
  });

  it('not knowing never scores better than the honest worst answer to the same question', () => {
    fc.assert(fc.property(withAnswers(values), fc.nat(), ({ q, answers }, pick) => {
      const visible = visibleQuestionIds(q, answers);
      // A question others depend on could hide more questions; that is the content's concern (an always-visible check), not the engine's.
      const candidates = questionsOf(q).filter((x) => visible.has(x.id) && x.options?.some((o) => o.unknownRisk)
        && !questionsOf(q).some((y) => y.visibleIf?.question === x.id));
      fc.pre(candidates.length > 0);
      const target = candidates[pick % candidates.length];
      const dontKnow = target.options!.find((o) => o.unknownRisk)!;
      const honest = target.options!.filter((o) => !o.unknownRisk && !o.notApplicable);
      fc.pre(honest.length > 0);
      const worst = honest.reduce((a, b) => ((b.score ?? 0) < (a.score ?? 0) ? b : a));
      const known = score(q, { ...answers, [target.id]: choose(target, worst.id) }, values);
      const unknown = score(q, { ...answers, [target.id]: choose(target, dontKnow.id) }, values);

      for (let i = 0; i < values.length; i++) {
        expect(unknown.values[i].score === null).toBe(known.values[i].score === null);
        if (known.values[i].score !== null) expect(unknown.values[i].score!).toBeLessThanOrEqual(known.values[i].score! + 1e-9);
      }
      for (const d of ['goal', 'precondition'] as const) {
        if (known.dimensions[d].score !== null) expect(unknown.dimensions[d].score!).toBeLessThanOrEqual(known.dimensions[d].score! + 1e-9);
      }
      expect(contributes(unknown.profile) && !contributes(known.profile)).toBe(false);
      expect(safeguards(unknown.profile) && !safeguards(known.profile)).toBe(false);
      // And it is never silent: the question is an unknown risk, its values are flagged, it is on the action list.
      expect(unknown.unknownRisks.some((u) => u.question === target.id)).toBe(true);
      for (const ref of target.values ?? []) expect(['critical', 'unknown-risk']).toContain(unknown.values.find((v) => v.id === ref.value)!.status);
      expect(unknown.actions.find((a) => a.question === target.id)?.kind).toBe('unknown-risk');
    }), runs);
  });

  it('an unknown risk always makes its values unknown-risk unless critical, and unknown-risk only comes from one', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const r = score(q, answers, values);
      const visible = new Set(r.visible);
      for (const question of questionsOf(q)) {
        const a = answers[question.id];
        if (!visible.has(question.id) || !a || a.notApplicable) continue;
        const chosen = selectedOptions(a);
        if (question.options?.some((o) => o.unknownRisk && chosen.includes(o.id))) {
          expect(r.unknownRisks.some((u) => u.question === question.id)).toBe(true);
          for (const ref of question.values ?? []) expect(['critical', 'unknown-risk']).toContain(r.values.find((v) => v.id === ref.value)!.status);
        }
      }
      for (const v of r.values) {
        if (v.status !== 'unknown-risk') continue;
        expect(r.unknownRisks.some((u) => u.values.includes(v.id))).toBe(true);
        expect(r.knockouts.some((k) => k.values.includes(v.id))).toBe(false);
      }
      // Version 1 had no unknown risks: the same answers never give that status there.
      expect(score(q, answers, values, { version: 1 }).values.some((v) => v.status === 'unknown-risk')).toBe(false);
    }), runs);
  });

  it('a cap never raises a profile, and applies exactly when a knock-out or unknown risk stands', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const r = score(q, answers, values);
      const uncapped = profileOf(r.dimensions.goal.score, r.dimensions.precondition.score, r.thresholds.profileThreshold);
      expect(score(q, answers, values, { version: 1 }).profile).toBe(uncapped);
      expect(contributes(r.profile)).toBe(contributes(uncapped));
      expect(safeguards(r.profile) && !safeguards(uncapped)).toBe(false);
      const flagged = r.knockouts.length + r.unknownRisks.length > 0;
      expect(r.profileCapped).toBe(flagged && uncapped !== 'incomplete');
      if (r.profileCapped) expect(safeguards(r.profile)).toBe(false);
      else expect(r.profile).toBe(uncapped);
    }), runs);
  });

  it('the action list lists each question once, knock-outs before unknown risks before improvements, by priority', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const r: ScoreResult = score(q, answers, values);
      const order = new Map(questionsOf(q).map((x, i) => [x.id, i]));
      const ids = r.actions.map((a) => a.question);
      expect(new Set(ids).size).toBe(ids.length);
      for (let i = 1; i < r.actions.length; i++) {
        const [a, b] = [r.actions[i - 1], r.actions[i]];
        expect(KIND_ORDER[a.kind]).toBeLessThanOrEqual(KIND_ORDER[b.kind]);
        if (a.kind !== b.kind) continue;
        if (a.kind === 'improve') {
          expect(key(a.priority)).toBeGreaterThanOrEqual(key(b.priority));
          if (key(a.priority) === key(b.priority)) expect(order.get(a.question)!).toBeLessThan(order.get(b.question)!);
        } else expect(order.get(a.question)!).toBeLessThan(order.get(b.question)!);
      }
      const shown = toScoreResponse(r).actions;
      for (let i = 1; i < shown.length; i++) if (shown[i - 1].kind === 'improve') expect(shown[i - 1].priority).toBeGreaterThanOrEqual(shown[i].priority);

      // Exactly the visible questions with a knock-out, an unknown risk or a score below 1, with step 7's priority and texts.
      const listed = new Map(r.actions.map((a) => [a.question, a]));
      const visible = new Set(r.visible);
      for (const question of questionsOf(q)) {
        const a = answers[question.id];
        const s = visible.has(question.id) ? answerScore(question, a) : null;
        const chosen = selectedOptions(a);
        const ko = question.options?.find((o) => o.knockout && chosen.includes(o.id));
        const ur = question.options?.find((o) => o.unknownRisk && chosen.includes(o.id));
        const expected = s === null || isNotApplicable(question, a) ? null : ko ? 'knockout' : ur ? 'unknown-risk' : s < 1 ? 'improve' : null;
        const action = listed.get(question.id);
        expect(action?.kind ?? null).toBe(expected);
        if (!action) continue;
        const reach = (question.values ?? []).reduce((n, ref) => n + (ref.weight ?? 1) * (q.relevance?.[ref.value] ?? 1), 0);
        expect(action.priority).toBeCloseTo((1 - s!) * reach, 9);
        const cause = ko ?? ur;
        const advice = cause?.advice ?? question.options!.find((o) => o.advice && chosen.includes(o.id))?.advice ?? question.advice ?? null;
        expect(action.advice).toEqual(advice);
        expect(action.instruments).toEqual(question.instruments ?? []);
      }
    }), runs);
  });

  it('version 1 lists no actions and caps nothing, and otherwise agrees with version 2', () => {
    fc.assert(fc.property(withAnswers(values), ({ q, answers }) => {
      const v1 = score(q, answers, values, { version: 1 });
      const v2 = score(q, answers, values);
      expect(v1.actions).toEqual([]);
      expect(v1.profileCapped).toBe(false);
      expect(v1.values.map((v) => v.score)).toEqual(v2.values.map((v) => v.score));
      expect(v1.dimensions).toEqual(v2.dimensions);
      expect(v1.knockouts).toEqual(v2.knockouts);
      expect(v1.completeness).toBe(v2.completeness);
    }), runs);
  });
});
