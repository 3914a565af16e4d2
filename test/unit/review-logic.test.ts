import { describe, expect, it } from 'vitest';
import { answersByValue, draftOf, parseScoreInput, reviewBody, sameDraft, scoreInputText, statusOptions } from '../../client/src/logic/review.js';

const values = [{ id: 'privacy', name: 'Privacy' }, { id: 'security', name: 'Veiligheid' }];

describe('review screen logic', () => {
  it('staff #15: reads "55,5" and "55.5" alike, one decimal, 0..100, empty meaning none', () => {
    expect(parseScoreInput('55,5')).toBe(55.5);
    expect(parseScoreInput(' 55.5 ')).toBe(55.5);
    expect(parseScoreInput('100')).toBe(100);
    expect(parseScoreInput('0,0')).toBe(0);
    expect(parseScoreInput('')).toBeNull();
    for (const bad of ['555,', '55,55', '100,1', '101', '-1', '1e2', 'abc', '5 5', ',5', '1.000']) expect(parseScoreInput(bad), bad).toBeUndefined();
    expect(scoreInputText(55.5, 'nl')).toBe('55,5');
    expect(scoreInputText(55.5, 'en')).toBe('55.5');
    expect(scoreInputText(null, 'nl')).toBe('');
  });

  it('staff #15: names every invalid field at once, and asks for a judgement only on submit', () => {
    const draft = { scores: { privacy: { score: 'veel', comment: '' }, security: { score: '200', comment: '' } }, judgement: null, comment: '' };
    const saved = reviewBody(values, draft, false);
    expect(saved).toEqual({ ok: false, errors: [
      { field: 'score-privacy', kind: 'score', value: 'Privacy' }, { field: 'score-security', kind: 'score', value: 'Veiligheid' },
    ] });
    const submitted = reviewBody(values, { ...draft, scores: {} }, true);
    expect(submitted).toEqual({ ok: false, errors: [{ field: 'judgement-positive', kind: 'judgement' }] });
    const ok = reviewBody(values, { scores: { privacy: { score: '55,5', comment: ' goed ' }, security: { score: '', comment: '' } }, judgement: 'positive', comment: ' x ' }, true);
    expect(ok).toEqual({ ok: true, body: { scores: { privacy: { score: 55.5, comment: 'goed' } }, judgement: 'positive', comment: 'x', submit: true } });
  });

  it('staff #1: tells unsaved changes from what was saved, whatever the decimal sign', () => {
    const saved = draftOf({ scores: { privacy: { score: 55.5, comment: 'a' } }, judgement: null, comment: '' } as never, 'nl');
    expect(saved.scores.privacy.score).toBe('55,5');
    expect(sameDraft(saved, { ...saved, scores: { privacy: { score: '55.5', comment: 'a ' }, security: { score: '', comment: '' } } })).toBe(true);
    expect(sameDraft(saved, { ...saved, comment: 'nieuw' })).toBe(false);
    expect(sameDraft(saved, { ...saved, scores: { privacy: { score: '56', comment: 'a' } } })).toBe(false);
  });

  it('staff #1: offers "reviewed" only once a review is submitted, with the reason otherwise', () => {
    expect(statusOptions('submitted', 0)).toEqual([{ to: 'in_review', allowed: true }]);
    expect(statusOptions('in_review', 0)).toEqual([{ to: 'reviewed', allowed: false, reason: 'review-required' }, { to: 'submitted', allowed: true }]);
    expect(statusOptions('in_review', 1)).toEqual([{ to: 'reviewed', allowed: true }, { to: 'submitted', allowed: true }]);
    expect(statusOptions('reviewed', 2)).toEqual([{ to: 'in_review', allowed: true }]);
  });

  it('staff #5: puts each answer under the values it counts for, knock-outs marked, the rest apart', () => {
    const a = (question: string, vs: string[]) => ({ question, prompt: question, answer: 'x', notApplicable: false, note: null, values: vs });
    const { byValue, other } = answersByValue({
      values: [{ id: 'privacy' }, { id: 'security' }] as never,
      answers: [a('q1', ['privacy']), a('q2', ['security', 'privacy']), a('q3', []), a('q4', ['gone'])],
      knockouts: [{ question: 'q1', message: 'Geen DPIA' }] as never,
      unknownRisks: [{ question: 'q2', message: 'Onbekend' }] as never,
    });
    expect(byValue.get('privacy')!.map((x) => [x.question, x.knockout, x.unknownRisk])).toEqual([['q1', 'Geen DPIA', null], ['q2', null, 'Onbekend']]);
    expect(byValue.get('security')!.map((x) => x.question)).toEqual(['q2']);
    expect(other.map((x) => x.question)).toEqual(['q3', 'q4']);
  });

  it('marks the answers the server names as claims without evidence, and no other (review item 15)', () => {
    const answer = (question: string) => ({ question, prompt: question, answer: 'x', notApplicable: false, note: null, values: ['privacy'] });
    const { byValue } = answersByValue({
      values: [{ id: 'privacy' }] as never, answers: [answer('full'), answer('half'), answer('other')], knockouts: [], unknownRisks: [],
    }, new Set(['full', 'other']));
    expect(byValue.get('privacy')!.map((x) => [x.question, x.unbacked])).toEqual([['full', true], ['half', false], ['other', true]]);
  });
});
