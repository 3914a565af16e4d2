// One startup, many attempts (issue 14 item 1): what changed in a team's new attempt since the attempt
// the asking assessor last reviewed, and that earlier review of theirs for reference.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { roundHalfAway } from '../../../core/scoring.js';
import type { Answers, Locale } from '../../../core/types.js';
import { canCompareWithOwnReview } from '../../auth/permissions.js';
import { RecordId, Review } from '../../auth/schemas.js';
import { toReview } from '../../auth/views.js';
import { visibleSubmission } from '../../services/visible-submission.js';
import { staffOf } from '../../plugins/app/auth.js';
import { answerChanges } from '../../report/answer-changes.js';
import { errorResponses, LocaleQuery } from '../../schemas/common.js';

const Score = Type.Union([Type.Number(), Type.Null()]);
const Delta = Type.Object({ before: Score, after: Score, change: Score });

const SinceMyReview = Type.Object({
  since: Type.Union([
    Type.Object({
      submission: Type.Object({ id: RecordId, attempt: Type.Integer(), submittedAt: Type.Union([Type.String(), Type.Null()]) }),
      review: Review,
      answers: Type.Object({
        count: Type.Integer(),
        sections: Type.Array(Type.Object({
          id: Type.String(), title: Type.String(),
          changes: Type.Array(Type.Object({
            question: Type.String(), prompt: Type.String(), kind: Type.String(),
            before: Type.Union([Type.String(), Type.Null()]), after: Type.Union([Type.String(), Type.Null()]),
          })),
        })),
      }),
      scores: Type.Object({ goal: Delta, precondition: Delta, values: Type.Array(Type.Intersect([Type.Object({ id: Type.String() }), Delta])) }),
    }),
    Type.Null(),
  ], { description: 'null when the asker submitted no review of an earlier attempt of this team that is still shared with the programme' }),
});

const round = (n: number | null | undefined) => (n === null || n === undefined ? null : roundHalfAway(n, 1));
const delta = (before: number | null | undefined, after: number | null | undefined) => {
  const b = round(before);
  const a = round(after);
  return { before: b, after: a, change: a === null || b === null ? null : round(a - b) };
};

export default async function attemptRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { programmes, reviews } = fastify.staffRepos;
  const { responses } = fastify.repos;
  fastify.addHook('preHandler', fastify.requireStaff);

  fastify.get('/submissions/:id/since-my-review', {
    schema: {
      tags: ['submissions'],
      summary: 'What changed in this attempt since the earlier attempt of the same team that I last reviewed, and my review of it',
      description: 'Only the asker\'s own submitted review is ever used (the blind-review rule): managers and admins, who write no reviews, get null. '
        + 'Only earlier attempts still shared with the programme count, as in the report\'s history.',
      params: Type.Object({ id: RecordId }),
      querystring: LocaleQuery,
      response: { 200: SinceMyReview, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const { auth } = staffOf(request);
    const s = await visibleSubmission(programmes, auth, request.params.id);
    const programmeId = s.programme_id;
    if (!canCompareWithOwnReview(auth, { programmeId })) return { since: null };
    // Ancestors in the re-take chain that this programme holds now: consent covers those only.
    const earlier = (await responses.earlierAttempts({ id: s.id })).filter((r) => r.programme_id === programmeId);
    const review = await reviews.latestOwnAmong(earlier.map((r) => r.id), programmeId, auth.userId);
    if (!review) return { since: null };
    const before = earlier.find((r) => r.id === review.response_id)!;
    const now = (await responses.find(s.id))!;
    const locale: Locale = request.query.locale ?? now.locale;
    const changes = answerChanges(
      { id: before.id, submittedAt: before.submitted_at!, questionnaire: await fastify.reports.questionnaireOf(before), answers: JSON.parse(before.answers) as Answers },
      { questionnaire: await fastify.reports.questionnaireOf(now), answers: JSON.parse(now.answers) as Answers },
      locale,
    );
    const [was, is] = [await fastify.integration.valueScores.values(before.id), await fastify.integration.valueScores.values(now.id)];
    const beforeRow = (await programmes.submission(before.id))!;
    return {
      since: {
        submission: { id: before.id, attempt: beforeRow.attempt, submittedAt: before.submitted_at },
        review: toReview(review),
        answers: { count: changes.count, sections: changes.sections },
        scores: {
          goal: delta(beforeRow.goal_score, s.goal_score),
          precondition: delta(beforeRow.precondition_score, s.precondition_score),
          values: fastify.catalog.values.map((v) => ({ id: v.id, ...delta(was?.[v.id]?.[0], is?.[v.id]?.[0]) })),
        },
      },
    };
  });
}
