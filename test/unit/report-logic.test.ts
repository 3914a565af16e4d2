// The client logic behind issue 11 part 3: open questions before submitting, and how the report
// leads with its action list and a profile that agrees with knock-outs and unknown risks.
import { describe, expect, it } from 'vitest';
import type { ReportAction } from '../../client/src/api/client.js';
import { openRequired, sectionCompletion } from '../../client/src/logic/open-questions.js';
import { progressOf } from '../../client/src/logic/progress.js';
import { actionListOf, actionsForValue, capReason, uncappedProfile, oneLine, quadrantMarker, topActions } from '../../client/src/logic/report-actions.js';
import { readFixture } from '../helpers/app.js';

describe('open questions before submitting', () => {
  const mini = readFixture('mini.json');

  it('lists, per visible section, the required questions still open, in document order', () => {
    expect(openRequired(mini, {}).map((s) => [s.id, s.open.map((q) => q.id)])).toEqual([
      ['intake', ['m-personal-data']],
      ['practice', ['m-security', 'm-context']],
    ]);
    // Answering personal data reveals the DPIA question, which is then open in its section.
    const answers = { 'm-personal-data': { option: 'yes' }, 'm-security': { options: ['mfa'] } };
    expect(openRequired(mini, answers).map((s) => [s.id, s.open.map((q) => q.id)])).toEqual([['practice', ['m-dpia', 'm-context']]]);
  });

  it('marks each section done or n of m, and agrees with the progress count', () => {
    const answers = { 'm-personal-data': { option: 'yes' }, 'm-dpia': { notApplicable: true as const }, 'm-context': { text: '  ' } };
    const sections = sectionCompletion(mini, answers);
    expect(sections.map(({ id, answered, required, done }) => ({ id, answered, required, done }))).toEqual([
      { id: 'intake', answered: 1, required: 1, done: true },
      // dpia n.v.t. counts as answered; blank text does not; retention is hidden; energy is optional.
      { id: 'practice', answered: 1, required: 3, done: false },
    ]);
    const p = progressOf(mini, answers);
    expect(sections.reduce((n, s) => n + s.answered, 0)).toBe(p.answered);
    expect(sections.reduce((n, s) => n + s.required, 0)).toBe(p.total);
  });

  it('is empty once every required question is answered, optional ones left open', () => {
    const answers = { 'm-personal-data': { option: 'no' }, 'm-security': { options: ['mfa'] }, 'm-context': { text: 'A chatbot' } };
    expect(openRequired(mini, answers)).toEqual([]);
    expect(sectionCompletion(mini, answers).every((s) => s.done)).toBe(true);
  });
});

const action = (question: string, kind: ReportAction['kind'], priority = 1, values = ['privacy']): ReportAction =>
  ({ question, kind, priority, values, prompt: question, answer: [], text: null, why: null, instruments: [] });

describe('the action list on top of the report', () => {
  it('shows knock-outs, then unknown risks, then the five highest-priority improvements', () => {
    const list = [
      action('k1', 'knockout'), action('u1', 'unknown-risk'), action('u2', 'unknown-risk'),
      ...[9, 8, 7, 6, 5, 4, 3].map((p, i) => action(`i${i}`, 'improve', p)),
    ];
    const top = topActions(list);
    expect(top.knockouts.map((a) => a.question)).toEqual(['k1']);
    expect(top.unknownRisks.map((a) => a.question)).toEqual(['u1', 'u2']);
    expect(top.improvements.map((a) => a.question)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4']);
    expect(top.more).toBe(2);
    expect(topActions([action('i', 'improve')]).more).toBe(0);
  });

  it('a version-1 report (no action list) still leads with its knock-outs, each question once', () => {
    const ko = (option: string) => ({ question: 'q', option, values: ['privacy'], prompt: 'Q?', answer: option, message: `m-${option}`, action: null });
    const list = actionListOf({ actions: [], knockouts: [ko('a'), ko('b')] });
    expect(list).toMatchObject([{ question: 'q', kind: 'knockout', answer: ['a'], why: 'm-a' }]);
    const v2 = [action('x', 'improve')];
    expect(actionListOf({ actions: v2, knockouts: [ko('a')] })).toBe(v2);
  });

  it('finds the actions of one value', () => {
    const list = [action('a', 'improve', 1, ['privacy', 'security']), action('b', 'improve', 1, ['justice'])];
    expect(actionsForValue(list, 'security').map((a) => a.question)).toEqual(['a']);
  });

  it('names why a profile is capped', () => {
    const ko = { question: 'q', option: 'o', values: [], prompt: '', answer: '', message: '' };
    expect(capReason({ profileCapped: false, knockouts: [ko as any], unknownRisks: [] })).toBeNull();
    expect(capReason({ profileCapped: true, knockouts: [ko as any], unknownRisks: [] })).toBe('knockout');
    expect(capReason({ profileCapped: true, knockouts: [], unknownRisks: [ko] })).toBe('unknown-risk');
    expect(capReason({ profileCapped: true, knockouts: [ko as any], unknownRisks: [ko] })).toBe('both');
  });

  it('says what the profile would be without the cap, only when the cap changed it (the server\'s uncappedProfile)', () => {
    const r = (profile: string, uncapped: string, capped = true) => ({ profile, profileCapped: capped, uncappedProfile: uncapped });
    expect(uncappedProfile(r('promising-with-risks', 'valuable'))).toBe('valuable');
    expect(uncappedProfile(r('starting', 'careful'))).toBe('careful');
    expect(uncappedProfile(r('promising-with-risks', 'promising-with-risks'))).toBeNull(); // below the line anyway (however P is rounded)
    expect(uncappedProfile(r('valuable', 'valuable', false))).toBeNull();
  });

  it('draws a capped result in the quadrant its profile names, keeping the own score as a ring', () => {
    expect(quadrantMarker(70, 80, 50, false)).toEqual({ goal: 70, precondition: 80, actual: null });
    const capped = quadrantMarker(70, 80, 50, true);
    expect(capped.precondition).toBeLessThan(50);
    expect(capped.actual).toBe(80);
    // Already left of the line: nothing moves.
    expect(quadrantMarker(70, 30, 50, true)).toEqual({ goal: 70, precondition: 30, actual: null });
  });

  it('shows an instrument in one line: its first sentence', () => {
    expect(oneLine('De AVG is de privacywet. De AP houdt toezicht.')).toBe('De AVG is de privacywet.');
    expect(oneLine('Geen punt aan het eind')).toBe('Geen punt aan het eind');
    // A long first sentence stops before its first aside, or at a word with an ellipsis.
    const desk = 'Het gratis informatieplatform van de Europese Commissie over de AI-verordening (sinds oktober 2025): een Compliance Checker die bepaalt welke plichten voor jouw AI gelden, en meer.';
    expect(oneLine(desk)).toBe('Het gratis informatieplatform van de Europese Commissie over de AI-verordening.');
    const act = 'De Europese wet voor AI deelt systemen in naar risico: verboden toepassingen (zoals manipulatie), hoog risico (met eisen voor data, documentatie en menselijk toezicht) en laag risico.';
    expect(oneLine(act)).toBe('De Europese wet voor AI deelt systemen in naar risico.');
    const long = `${'woord '.repeat(40)}einde.`;
    expect(oneLine(long).length).toBeLessThanOrEqual(141);
    expect(oneLine(long).endsWith('woord…')).toBe(true);
    expect(oneLine(`${'woord, '.repeat(30)}einde.`).endsWith('woord…')).toBe(true); // no comma before the ellipsis
  });
});
