// The diff reviewers read and the version bump publishing assigns (core/questionnaire-diff.ts).
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, diffQuestionnaires, nextVersion } from '../../core/questionnaire-diff.js';
import type { Questionnaire } from '../../core/types.js';
import { questionnaireArb } from '../helpers/arbitraries.js';
import { catalogValues, QUESTIONNAIRES } from '../helpers/app.js';

const values = catalogValues();
const ai = (): Questionnaire => JSON.parse(readFileSync(join(QUESTIONNAIRES, 'ai.json'), 'utf8'));
const clone = <T>(x: T): T => structuredClone(x);
const scoredQuestion = (q: Questionnaire) => q.sections.flatMap((s) => s.questions).find((x) => x.type !== 'text' && x.values?.length && x.options?.some((o) => o.score !== undefined))!;

describe('questionnaire diff', () => {
  it('finds nothing between a document and itself (or a copy with another version number)', () => {
    fc.assert(fc.property(questionnaireArb(values), (q) => {
      const d = diffQuestionnaires(q, clone(q));
      expect(d.bump).toBe('none');
      expect(d.questions).toEqual({ added: [], removed: [], reworded: [], changed: [] });
      expect(d.other).toEqual([]);
    }), { numRuns: 100 });
    expect(diffQuestionnaires(ai(), { ...ai(), version: '9.9.9' }).bump).toBe('none');
  });

  it('calls any change to an option score major, and says where it was', () => {
    fc.assert(fc.property(questionnaireArb(values), fc.nat(), fc.integer({ min: 1, max: 50 }), (q, pick, delta) => {
      const located = q.sections.flatMap((s, si) => s.questions.flatMap((x, qi) => (x.options ?? [])
        .map((o, oi) => ({ o, path: `/sections/${si}/questions/${qi}/options/${oi}/score`, id: x.id })).filter(({ o }) => o.score !== undefined)));
      fc.pre(located.length > 0);
      const target = located[pick % located.length];
      const changed = clone(q);
      const [si, qi, oi] = target.path.split('/').filter((p) => /^\d+$/.test(p)).map(Number);
      changed.sections[si].questions[qi].options![oi].score = target.o.score! + delta;
      const d = diffQuestionnaires(q, changed);
      expect(d.bump).toBe('major');
      const change = d.questions.changed.find((c) => c.id === target.id)!.changes.find((c) => c.path === target.path)!;
      expect(change).toMatchObject({ kind: 'score', before: target.o.score, after: target.o.score! + delta, scoring: true });
    }), { numRuns: 100 });
  });

  it('grades additions minor and rewording patch, and names both', () => {
    const before = ai();
    const reworded = clone(before);
    const q = scoredQuestion(reworded);
    q.prompt = { nl: 'Nieuwe formulering', en: 'New wording' };
    const d1 = diffQuestionnaires(before, reworded);
    expect(d1.bump).toBe('patch');
    expect(d1.questions.reworded).toEqual([{ id: q.id, before: scoredQuestion(before).prompt, after: q.prompt }]);

    const added = clone(before);
    added.sections[0].questions.push({ id: 'new-intake', type: 'text', prompt: { nl: 'Iets', en: 'Something' } });
    const d2 = diffQuestionnaires(before, added);
    expect(d2.bump).toBe('minor');
    expect(d2.questions.added).toEqual([{ id: 'new-intake', prompt: { nl: 'Iets', en: 'Something' } }]);

    const advice = clone(before);
    const withAdvice = scoredQuestion(advice);
    withAdvice.advice = withAdvice.advice ? undefined : { nl: 'Doe iets', en: 'Do something' };
    expect(diffQuestionnaires(before, advice).bump).toBe('minor');
  });

  it('calls knock-outs, weights, visibility, thresholds and removing a scored question major', () => {
    const before = ai();
    const cases: Array<(q: Questionnaire) => void> = [
      (q) => { const x = scoredQuestion(q); x.values = x.values!.map((v) => ({ ...v, weight: (v.weight ?? 1) + 1 })); },
      (q) => { const o = scoredQuestion(q).options!.find((y) => !y.knockout && !y.notApplicable)!; o.knockout = { nl: 'k', en: 'k' }; },
      (q) => { q.scoring = { ...q.scoring, sufficient: 75 }; },
      (q) => { const x = scoredQuestion(q); q.sections = q.sections.map((s) => ({ ...s, questions: s.questions.filter((y) => y.id !== x.id) })); },
      (q) => { const x = q.sections.flatMap((s) => s.questions)[1]; x.visibleIf = x.visibleIf ? undefined : { question: q.sections[0].questions[0].id, anyOf: [] }; },
    ];
    for (const change of cases) {
      const after = clone(before);
      change(after);
      expect(diffQuestionnaires(before, after).bump).toBe('major');
    }
    const thresholds = clone(before);
    thresholds.scoring = { ...thresholds.scoring, sufficient: 75 };
    expect(diffQuestionnaires(before, thresholds).other).toEqual([expect.objectContaining({ kind: 'scoring', path: '/scoring', scoring: true })]);
  });

  it('reads a draft that is not a questionnaire yet without throwing', () => {
    expect(diffQuestionnaires({}, { sections: 'x' }).bump).toBe('none');
    expect(diffQuestionnaires(null, ai()).questions.added.length).toBeGreaterThan(10);
  });

  it('numbers versions: 1.0.0 first, then by the bump', () => {
    expect(nextVersion(null, 'major')).toBe('1.0.0');
    expect(nextVersion('2.0.1', 'major')).toBe('3.0.0');
    expect(nextVersion('2.0.1', 'minor')).toBe('2.1.0');
    expect(nextVersion('2.0.1', 'patch')).toBe('2.0.2');
    expect(nextVersion('2.0.1', 'none')).toBe('2.0.2');
    expect(['2.0.10', '2.0.9', '10.0.0', '1.2.3'].sort(compareVersions)).toEqual(['1.2.3', '2.0.9', '2.0.10', '10.0.0']);
  });
});
