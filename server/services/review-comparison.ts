// The reviews of one submission side by side (issue 14, item 4): per value every assessor's score and
// comment, the mean and the spread (max − min), flagged where the assessors disagree enough that the
// manager should look before deciding. Pure: the route decides who may see it.
import type { ValueDefinition } from '../../core/types.js';
import { roundHalfAway } from '../../core/scoring.js';
import type { ReviewRow, ReviewScores } from '../repositories/reviews.js';

/**
 * A spread of this many points or more on the 0–100 scale flags a value. 20 points is a full band of
 * the report's five-band scale: below it assessors differ in degree, at or above it in kind.
 */
export const SPREAD_FLAG_POINTS = 20;

export interface ComparedValue {
  id: string;
  name: { nl: string; en: string };
  reviews: Array<{ assessorId: string; score: number | null; comment: string }>;
  mean: number | null;
  spread: number | null;
  flagged: boolean;
}

export function compareReviews(values: readonly ValueDefinition[], submitted: ReviewRow[]) {
  const parsed = submitted.map((r) => ({ row: r, scores: JSON.parse(r.scores) as ReviewScores }));
  const compared: ComparedValue[] = values.map((v) => {
    const reviews = parsed.map(({ row, scores }) => ({ assessorId: row.assessor_id, score: scores[v.id]?.score ?? null, comment: scores[v.id]?.comment ?? '' }));
    const given = reviews.map((r) => r.score).filter((s): s is number => s !== null);
    const mean = given.length ? roundHalfAway(given.reduce((a, b) => a + b, 0) / given.length, 1) : null;
    // A spread needs two scores: one assessor cannot disagree with themselves.
    const spread = given.length >= 2 ? roundHalfAway(Math.max(...given) - Math.min(...given), 1) : null;
    return { id: v.id, name: v.name, reviews, mean, spread, flagged: spread !== null && spread >= SPREAD_FLAG_POINTS };
  });
  const judgements = parsed.map(({ row }) => ({ assessorId: row.assessor_id, judgement: row.judgement, comment: row.comment }));
  const judgementsDiffer = new Set(judgements.map((j) => j.judgement)).size > 1;
  return { threshold: SPREAD_FLAG_POINTS, values: compared, judgements, judgementsDiffer };
}
