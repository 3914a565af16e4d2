// Properties the scoring model promises, checked on generated questionnaires and answers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkQuestionnaireRules } from '../../core/questionnaire-rules.js';
import { score, toScoreResponse } from '../../core/scoring.js';
import type { Answers, Questionnaire } from '../../core/types.js';
import { visibleQuestionIds } from '../../core/visibility.js';
import { withAnswers } from '../helpers/arbitraries.js';
import { catalogValues } from '../helpers/app.js';

const values = catalogValues();
const ctx = { values: new Map(values.map((v) => [v.id, v.dimension])), instruments: new Set<string>() };
const questionsOf = (q: Questionnaire) => q.sections.flatMap((s) => s.questions);
const runs = { numRuns: 300 };

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
});
