// Which answers changed between two attempts (issue 13): matched by question id across versions,
// in the reader's words, grouped per section of the newer version.
import { describe, expect, it } from 'vitest';
import type { Answers, Questionnaire } from '../../core/types.js';
import { answerChanges } from '../../server/report/answer-changes.js';
import { readFixture } from '../helpers/app.js';

const mini = (): Questionnaire => readFixture('mini.json');
const earlier = (answers: Answers, questionnaire = mini()) => ({ id: 'a1', submittedAt: '2026-01-02T10:00:00.000Z', questionnaire, answers });

const base: Answers = {
  'm-personal-data': { option: 'yes' },
  'm-dpia': { option: 'partly', note: 'concept' },
  'm-retention': { option: 'yes' },
  'm-security': { options: ['mfa', 'backup'] },
  'm-energy': { option: 'no' },
  'm-context': { text: 'Een assistent voor gemeenten' },
};

describe('answer changes between attempts', () => {
  it('finds nothing when only notes, the order of ticked boxes or surrounding spaces differ', () => {
    const now: Answers = { ...base, 'm-dpia': { option: 'partly', note: 'nu definitief' }, 'm-security': { options: ['backup', 'mfa'] }, 'm-context': { text: '  Een assistent voor gemeenten ' } };
    expect(answerChanges(earlier(base), { questionnaire: mini(), answers: now }, 'nl')).toEqual({
      against: { id: 'a1', submittedAt: '2026-01-02T10:00:00.000Z' }, count: 0, sections: [],
    });
  });

  it('gives old and new answer with localized labels, per section, for single, multi-select, n.v.t. and free text', () => {
    const now: Answers = {
      ...base,
      'm-dpia': { option: 'done' },
      'm-security': { options: ['mfa', 'pentest', 'backup'] },
      'm-energy': { notApplicable: true },
      'm-context': { text: 'Een assistent voor provincies' },
    };
    const nl = answerChanges(earlier(base), { questionnaire: mini(), answers: now }, 'nl');
    expect(nl.count).toBe(4);
    expect(nl.sections.map((s) => s.title)).toEqual(['Praktijk']);
    expect(nl.sections[0].changes).toEqual([
      { question: 'm-dpia', prompt: 'Heeft u een DPIA gedaan?', kind: 'changed', before: 'Deels', after: 'Ja' },
      { question: 'm-security', prompt: 'Welke maatregelen?', kind: 'changed', before: 'MFA; Back-ups', after: 'MFA; Pentest; Back-ups' },
      { question: 'm-energy', prompt: 'Meet u het energiegebruik?', kind: 'changed', before: 'Nee', after: 'niet van toepassing' },
      { question: 'm-context', prompt: 'Beschrijf uw product.', kind: 'changed', before: 'Een assistent voor gemeenten', after: 'Een assistent voor provincies' },
    ]);
    const en = answerChanges(earlier(base), { questionnaire: mini(), answers: now }, 'en');
    expect(en.sections[0].title).toBe('Practice');
    expect(en.sections[0].changes[0]).toMatchObject({ prompt: 'Did you do a DPIA?', before: 'Partly', after: 'Yes' });
    expect(en.sections[0].changes[2].after).toBe('not applicable');
  });

  it('counts only shown questions: an intake answer that hides others clears them; a newly answered one is "answered"', () => {
    const before = { ...base, 'm-energy': undefined } as unknown as Answers;
    delete before['m-energy'];
    // "No personal data" hides the DPIA and, through it, the retention question; their stored answers no longer count.
    const now: Answers = { ...base, 'm-personal-data': { option: 'no' } };
    const changes = answerChanges(earlier(before), { questionnaire: mini(), answers: now }, 'nl');
    expect(changes.sections.map((s) => [s.id, s.changes.map((c) => [c.question, c.kind, c.before, c.after])])).toEqual([
      ['intake', [['m-personal-data', 'changed', 'Ja', 'Nee']]],
      ['practice', [
        ['m-dpia', 'cleared', 'Deels', null],
        ['m-retention', 'cleared', 'Ja', null],
        ['m-energy', 'answered', null, 'Nee'],
      ]],
    ]);
  });

  it('across questionnaire versions: a question that moved is under its new section, a new one is marked, a dropped one keeps its old section', () => {
    const v2 = mini();
    v2.version = '2.0.0';
    // m-energy moves to a new section; m-context is dropped; m-scope is new.
    const practice = v2.sections[1];
    const energy = practice.questions.find((q) => q.id === 'm-energy')!;
    practice.questions = practice.questions.filter((q) => q.id !== 'm-energy' && q.id !== 'm-context');
    v2.sections.push({ id: 'impact', title: { nl: 'Impact', en: 'Impact' }, questions: [energy, { id: 'm-scope', type: 'text', prompt: { nl: 'Voor wie?', en: 'For whom?' } }] });
    const now: Answers = { ...base, 'm-energy': { option: 'yes' }, 'm-scope': { text: 'Gemeenten' } };
    delete now['m-context'];
    const changes = answerChanges(earlier(base), { questionnaire: v2, answers: now }, 'nl');
    expect(changes.sections.map((s) => [s.title, s.changes.map((c) => [c.question, c.kind, c.before, c.after])])).toEqual([
      ['Impact', [['m-energy', 'changed', 'Nee', 'Ja'], ['m-scope', 'new-question', null, 'Gemeenten']]],
      ['Praktijk', [['m-context', 'removed-question', 'Een assistent voor gemeenten', null]]],
    ]);
    expect(changes.count).toBe(3);
    // An option the newer version no longer has is shown by the older version's label.
    const renamed = mini();
    renamed.sections[1].questions.find((q) => q.id === 'm-dpia')!.options = [{ id: 'done', label: { nl: 'Volledig', en: 'Fully' }, score: 1 }];
    const moved = answerChanges(earlier(base), { questionnaire: renamed, answers: { ...base, 'm-dpia': { option: 'done' } } }, 'nl');
    expect(moved.sections[0].changes[0]).toMatchObject({ question: 'm-dpia', before: 'Deels', after: 'Volledig' });
  });
});
