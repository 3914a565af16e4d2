// Assessors' reviews: per value a score (0..100, the scale of the self-score) and a comment, plus an
// overall judgement. One review per assessor per submission per programme; submitted reviews are final.
// Every read names the programme: a review written in one programme is never shown in another, even
// when the startup withdraws and shares the same response elsewhere.
import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import type { Schema } from '../db/schema.js';

export type Judgement = 'positive' | 'conditional' | 'negative';
export type ReviewScores = Record<string, { score: number | null; comment: string }>;

export interface ReviewRow {
  id: string;
  response_id: string;
  programme_id: string;
  assessor_id: string;
  assessor_email: string;
  assessor_name: string;
  scores: string;
  judgement: Judgement | null;
  comment: string;
  status: 'draft' | 'submitted';
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

export function createReviewRepository(db: Kysely<Schema>) {
  const select = () =>
    db.selectFrom('reviews as v').innerJoin('users as u', 'u.id', 'v.assessor_id')
      .selectAll('v').select(['u.email as assessor_email', 'u.name as assessor_name']);
  const own = (responseId: string, programmeId: string, assessorId: string) =>
    select().where('v.response_id', '=', responseId).where('v.programme_id', '=', programmeId).where('v.assessor_id', '=', assessorId)
      .executeTakeFirst() as Promise<ReviewRow | undefined>;

  return {
    /** The reviews of a response written in one programme. */
    forResponse: (responseId: string, programmeId: string) =>
      select().where('v.response_id', '=', responseId).where('v.programme_id', '=', programmeId).orderBy('v.created_at').orderBy('v.id').execute() as Promise<ReviewRow[]>,
    own,
    /** Saves a draft or submits; undefined when this assessor's review in this programme was already submitted. */
    async save(input: { responseId: string; programmeId: string; assessorId: string; scores: ReviewScores; judgement: Judgement | null; comment: string; submit: boolean }) {
      const now = new Date().toISOString();
      const result = await db.insertInto('reviews').values({
        id: newId(), response_id: input.responseId, programme_id: input.programmeId, assessor_id: input.assessorId, scores: JSON.stringify(input.scores),
        judgement: input.judgement, comment: input.comment, status: input.submit ? 'submitted' : 'draft', created_at: now, updated_at: now,
        submitted_at: input.submit ? now : null,
      }).onConflict((oc) => oc.columns(['response_id', 'programme_id', 'assessor_id']).doUpdateSet((eb) => ({
        scores: eb.ref('excluded.scores'), judgement: eb.ref('excluded.judgement'), comment: eb.ref('excluded.comment'), status: eb.ref('excluded.status'),
        updated_at: eb.ref('excluded.updated_at'), submitted_at: eb.ref('excluded.submitted_at'),
      })).where('reviews.status', '=', 'draft')).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? own(input.responseId, input.programmeId, input.assessorId) : undefined;
    },
    /** The submitted reviews (never drafts) of a page of responses in one programme, in one query. */
    submittedFor: (responseIds: readonly string[], programmeId: string) =>
      (responseIds.length
        ? select().where('v.response_id', 'in', responseIds).where('v.programme_id', '=', programmeId).where('v.status', '=', 'submitted')
          .orderBy('v.submitted_at').orderBy('v.id').execute()
        : Promise.resolve([])) as Promise<ReviewRow[]>,
    /**
     * The latest review this assessor submitted in this programme on one of the given attempts (a team's
     * earlier ones): the reference for "what changed since you reviewed".
     */
    latestOwnAmong: (responseIds: readonly string[], programmeId: string, assessorId: string) =>
      (responseIds.length
        ? select().where('v.response_id', 'in', responseIds).where('v.programme_id', '=', programmeId).where('v.assessor_id', '=', assessorId)
          .where('v.status', '=', 'submitted').orderBy('v.submitted_at', 'desc').orderBy('v.id', 'desc').limit(1).executeTakeFirst()
        : Promise.resolve(undefined)) as Promise<ReviewRow | undefined>,
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
