import { describe, expect, it } from 'vitest';
import {
  cohortFigures, dimensionBand, distribution, progressSummary, quantile, teamChanges, teamsOf, topKnockouts, type CohortSubmission,
} from '../../server/integration/cohort.js';

const sub = (
  id: string, teamId: string, day: number, goal: number | null, precondition: number | null, profile = 'valuable',
  values: Record<string, [number | null, string]> = {}, knockouts: Array<[string, string]> = [],
): CohortSubmission => ({
  id, teamId, name: id, submittedAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`, profile, goal, precondition, reviewStatus: null,
  valueScores: JSON.stringify(values), knockouts: JSON.stringify(knockouts),
});

describe('cohort figures', () => {
  it('takes medians and quartiles by linear interpolation, ignoring unscored entries', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.25)).toBe(7);
    expect(distribution([10, null, 40, 20, 30])).toEqual({ n: 4, median: 25, q1: 17.5, q3: 32.5, iqr: 15 });
    expect(distribution([1, 2, 3, 4, 5])).toMatchObject({ median: 3, q1: 2, q3: 4, iqr: 2 });
    expect(distribution([null])).toEqual({ n: 0, median: null, q1: null, q3: null, iqr: null });
  });

  it('bands dimension scores by the default thresholds', () => {
    expect([null, 0, 39.9, 40, 59.9, 60, 100].map(dimensionBand)).toEqual(['unscored', 'insufficient', 'insufficient', 'attention', 'attention', 'sufficient', 'sufficient']);
  });

  it('orders a team\'s attempts by time and measures first-to-latest change for teams with two or more', () => {
    const teams = teamsOf([sub('b2', 'b', 9, 70, 50), sub('a1', 'a', 1, 40, 40), sub('b1', 'b', 2, 50, 60), sub('b3', 'b', 5, 60, null)]);
    expect(teams.get('b')!.map((s) => s.id)).toEqual(['b1', 'b3', 'b2']);
    expect(teamChanges(teams)).toEqual([{ teamId: 'b', goal: 20, precondition: -10 }]);
  });

  it('counts knock-outs per question and option, most frequent first', () => {
    const rows = [
      { responseId: '1', question: 'q2', option: 'x' }, { responseId: '2', question: 'q1', option: 'y' },
      { responseId: '3', question: 'q2', option: 'x' }, { responseId: '3', question: 'q1', option: 'z' },
    ];
    expect(topKnockouts(rows, 2)).toEqual([{ question: 'q2', option: 'x', count: 2 }, { question: 'q1', option: 'y', count: 1 }]);
  });

  it('hides progress figures below the threshold and summarises them at it', () => {
    const changes = [{ teamId: 'a', goal: 5, precondition: 0 }, { teamId: 'b', goal: -5, precondition: null }];
    expect(progressSummary(changes, 3)).toEqual({ teams: 2, suppressed: true, goal: null, precondition: null });
    const shown = progressSummary(changes, 2);
    expect(shown.goal).toMatchObject({ n: 2, median: 0, improved: 1, declined: 1, unchanged: 0 });
    expect(shown.precondition).toMatchObject({ n: 1, unchanged: 1 });
  });

  const values = [{ id: 'privacy', dimension: 'precondition' as const }, { id: 'autonomy', dimension: 'goal' as const }];

  it('counts each team once, with its latest attempt, and suppresses small groups', () => {
    // Only two teams have autonomy scored: below a threshold of 3. a1's knock-out belongs to an earlier attempt.
    const v = (privacy: number, autonomy: number | null) => ({ privacy: [privacy, 'attention'] as [number, string], autonomy: [autonomy, autonomy === null ? 'unscored' : 'strong'] as [number | null, string] });
    const submissions = [
      sub('a1', 'a', 1, 10, 10, 'starting', v(10, 10), [['q', 'o']]), sub('a2', 'a', 2, 80, 80, 'valuable', v(80, 80)),
      sub('b1', 'b', 1, 60, 30, 'promising-with-risks', v(30, 60), [['q', 'o']]), sub('c1', 'c', 1, 20, 70, 'careful', v(70, null)),
    ];
    const f = cohortFigures({ submissions, values, threshold: 3 });
    expect(f).toMatchObject({ teams: 3, submissions: 4, suppressed: false });
    expect(f.profiles).toEqual({ valuable: 1, 'promising-with-risks': 1, careful: 1 });
    expect(f.dimensions[0]).toMatchObject({ id: 'goal', n: 3, distribution: { median: 60, q1: 40, q3: 70 }, statuses: { sufficient: 2, insufficient: 1 } });
    expect(f.values[0]).toMatchObject({ id: 'privacy', n: 3, suppressed: false, distribution: { median: 70 }, statuses: { attention: 3 } });
    expect(f.values[1]).toEqual({ id: 'autonomy', dimension: 'goal', n: 2, suppressed: true, distribution: null, statuses: null });
    expect(f.knockouts).toEqual([{ question: 'q', option: 'o', count: 1 }]);
    expect(f.progress).toMatchObject({ teams: 1, suppressed: true });

    const hidden = cohortFigures({ submissions, values, threshold: 4 });
    expect(hidden).toMatchObject({ teams: 3, suppressed: true, profiles: null, reviewStatuses: null, knockouts: null });
    expect(hidden.dimensions.every((d) => d.distribution === null && d.statuses === null)).toBe(true);
    expect(hidden.values.every((v) => v.distribution === null)).toBe(true);
  });
});
