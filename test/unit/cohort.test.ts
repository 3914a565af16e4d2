import { describe, expect, it } from 'vitest';
import {
  cohortFigures, dimensionBand, distribution, keepsCohortPlace, progressSummary, quantile, teamChanges, teamsOf, topKnockouts, type CohortSubmission,
} from '../../server/integration/cohort.js';

const sub = (
  id: string, teamId: string, day: number, goal: number | null, precondition: number | null, profile = 'valuable',
  values: Record<string, [number | null, string]> = {}, knockouts: Array<[string, string]> = [], area = 'ai',
): CohortSubmission => {
  const at = `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  return { id, teamId, name: id, area, submittedAt: at, sharedAt: at, profile, goal, precondition, valueScores: JSON.stringify(values), knockouts: JSON.stringify(knockouts) };
};

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
      sub('b1', 'b', 3, 60, 30, 'promising-with-risks', v(30, 60), [['q', 'o']]), sub('c1', 'c', 4, 20, 70, 'careful', v(70, null)),
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
    expect(hidden).toMatchObject({ teams: 3, suppressed: true, reason: 'cohort-group-too-small', profiles: null, knockouts: null });
    expect(hidden.dimensions.every((d) => d.distribution === null && d.statuses === null)).toBe(true);
    expect(hidden.values.every((v) => v.distribution === null)).toBe(true);
  });

  // The parts of the figures a reader could subtract; the live sizes of the group are not among them.
  const released = (f: ReturnType<typeof cohortFigures>) => ({ dimensions: f.dimensions, values: f.values, profiles: f.profiles, knockouts: f.knockouts, progress: f.progress });
  const statusOf = (score: number) => (score >= 60 ? 'strong' : score >= 40 ? 'moderate' : 'limited');
  const team = (id: string, day: number, score: number, area = 'ai', teamId = id) =>
    sub(id, teamId, day, score, score, score >= 50 ? 'valuable' : 'careful', { privacy: [score, statusOf(score)], autonomy: [score, statusOf(score)] }, score < 30 ? [['q', 'o']] : [], area);

  it('differencing by area: the whole cohort minus an area never leaves a group smaller than the threshold', () => {
    // Five AI teams and one XR team: "all areas" minus "ai" would be the XR team's own scores and statuses.
    const ai = [10, 30, 50, 70, 90].map((s, i) => team(`ai${i}`, i + 1, s));
    const xr = [team('xr0', 9, 20, 'xr')];
    const all = cohortFigures({ submissions: [...ai, ...xr], values, threshold: 5 });
    const aiOnly = cohortFigures({ submissions: ai, values, threshold: 5 });
    const xrOnly = cohortFigures({ submissions: xr, values, threshold: 5 });
    expect(aiOnly.suppressed).toBe(false);
    expect(xrOnly).toMatchObject({ teams: 1, suppressed: true, reason: 'cohort-group-too-small', profiles: null, knockouts: null });
    // The XR team is left out of every figure of the whole cohort, so the subtraction yields nothing.
    expect(released(all)).toEqual(released(aiOnly));
    expect(all).toMatchObject({ teams: 6, released: { teams: 5, submissions: 5 } });

    // Three areas: AI and XR large enough, one quantum team. all − ai − xr must not be the quantum team.
    const xr5 = [20, 40, 60, 80, 95].map((s, i) => team(`xr${i}`, i + 10, s, 'xr'));
    const q = [team('q0', 20, 5, 'quantum')];
    const three = cohortFigures({ submissions: [...ai, ...xr5, ...q], values, threshold: 5 });
    const two = cohortFigures({ submissions: [...ai, ...xr5], values, threshold: 5 });
    expect(released(three)).toEqual(released(two));
    expect(three).toMatchObject({ teams: 11, released: { teams: 10 } });
  });

  it('differencing by area within a figure: a part an area\'s own view hides (few scored, few re-took) is in no figure of the whole cohort', () => {
    const k = 5;
    // AI: nine teams, one of which re-took, and only one scored autonomy. XR: five teams, each re-took
    // without change, all scored autonomy.
    const v = (score: number, autonomy: number | null) => ({ privacy: [score, 'strong'] as [number, string], autonomy: [autonomy, autonomy === null ? 'unscored' : 'strong'] as [number | null, string] });
    const ai = [10, 30, 50, 70, 90].map((score, i) => sub(`ai${i}`, `ai${i}`, i + 1, score, score, 'valuable', v(score, i === 0 ? 40 : null), [], 'ai'));
    // The re-take, and four more teams, so that it is released (a step closes over five teams).
    ai.push(sub('ai0b', 'ai0', 6, 35, 60, 'valuable', v(60, 40), [], 'ai'));
    ai.push(...[15, 25, 45, 65].map((score, i) => sub(`ai${5 + i}`, `ai${5 + i}`, 7 + i, score, score, 'valuable', v(score, null), [], 'ai')));
    const xr = [20, 40, 60, 80, 95].flatMap((score, i) => [
      sub(`xr${i}`, `xr${i}`, 10 + i, score, score, 'valuable', v(score, score), [], 'xr'),
      sub(`xr${i}b`, `xr${i}`, 20 + i, score, score, 'valuable', v(score, score), [], 'xr'),
    ]);
    const all = cohortFigures({ submissions: [...ai, ...xr], values, threshold: k });
    const aiOnly = cohortFigures({ submissions: ai, values, threshold: k });
    const xrOnly = cohortFigures({ submissions: xr, values, threshold: k });
    // AI's view hides its one re-take and its one autonomy score.
    expect(aiOnly.progress).toMatchObject({ teams: 1, suppressed: true });
    expect(aiOnly.values[1]).toMatchObject({ id: 'autonomy', n: 1, suppressed: true, distribution: null });
    // The whole cohort shows those figures as XR's: all − XR leaves nothing of AI's hidden parts.
    expect(all.progress).toMatchObject({ teams: 6, suppressed: false, goal: xrOnly.progress.goal, precondition: xrOnly.progress.precondition });
    expect(all.values[1]).toMatchObject({ id: 'autonomy', n: 6, suppressed: false, distribution: { ...xrOnly.values[1].distribution, n: 5 }, statuses: xrOnly.values[1].statuses });
    // Parts both views show are summed as before.
    expect(all.values[0]).toMatchObject({ id: 'privacy', n: 14, suppressed: false, statuses: { strong: 14 } });
    expect(all.dimensions[0]).toMatchObject({ n: 14, suppressed: false });
  });

  it('differencing in time: one more share (a new team or a re-take) never moves a figure; figures move in steps of at least k teams', () => {
    const k = 3;
    // Shares in time order: new teams, re-takes (same team id), more new teams.
    const shares = [
      team('a', 1, 10), team('b', 2, 40), team('c', 3, 70),
      team('d', 4, 90), team('a2', 5, 95, 'ai', 'a'), team('a3', 6, 15, 'ai', 'a'), team('e', 7, 30), team('f', 8, 55),
      team('b2', 9, 20, 'ai', 'b'), team('g', 10, 65), team('h', 11, 85), team('i', 12, 5),
    ];
    let previous = released(cohortFigures({ submissions: [], values, threshold: k }));
    let changedTeams = new Set<string>();
    for (let n = 1; n <= shares.length; n++) {
      const f = cohortFigures({ submissions: shares.slice(0, n), values, threshold: k });
      changedTeams.add(shares[n - 1].teamId);
      const now = released(f);
      if (changedTeams.size < k) {
        // Read before and after this one share: the same figures, so the difference says nothing about it.
        expect(now, `after share ${n}`).toEqual(previous);
      } else {
        expect(now, `after share ${n}`).not.toEqual(previous);
        changedTeams = new Set();
      }
      previous = now;
    }
    // Steps closed after c (a, b, c), e (d, a, e) and g (f, b, g); h and i wait for one more team.
    expect(cohortFigures({ submissions: shares, values, threshold: k })).toMatchObject({
      teams: 9, released: { teams: 7, submissions: 10, pending: 2, at: shares[9].sharedAt },
    });
    const next = cohortFigures({ submissions: [...shares, team('j', 13, 50)], values, threshold: k });
    expect(next).toMatchObject({ teams: 10, released: { teams: 10, submissions: 13, pending: 0 } });
  });
  it('a released share that is withdrawn keeps its place: no pending team enters the figures with its going', () => {
    const k = 3;
    // Steps of three teams: a, b, c and d, e, f released; g (95) pending.
    const shares = [team('a', 1, 10), team('b', 2, 40), team('c', 3, 70), team('d', 4, 90), team('e', 5, 30), team('f', 6, 55), team('g', 7, 95)];
    expect(keepsCohortPlace(shares, 'a', k)).toBe(true);
    expect(keepsCohortPlace(shares, 'g', k)).toBe(false);
    const place = { id: 'a', teamId: 'a', area: 'ai', sharedAt: shares[0].sharedAt };
    const withPlace = cohortFigures({ submissions: shares.slice(1), places: [place], values, threshold: k });
    // a's figures go, nothing comes in: five teams released, g still pending.
    expect(withPlace).toMatchObject({ teams: 6, released: { teams: 5, submissions: 5, pending: 1 } });
    expect(withPlace.dimensions[0].distribution).toMatchObject({ n: 5, median: 55 });
    // Recounted without it, g's 95 entered: a difference of two readings with g in it.
    expect(cohortFigures({ submissions: shares.slice(1), values, threshold: k }).dimensions[0].distribution).toMatchObject({ n: 6, median: 62.5 });
    // An area whose release falls below k teams by withdrawals is in no figure, as if it never had k.
    const small = cohortFigures({ submissions: shares.slice(1, 3), places: [place], values, threshold: k });
    expect(small).toMatchObject({ suppressed: true, released: { teams: 0, submissions: 0, pending: 2 } });
  });
});
