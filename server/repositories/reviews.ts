// Assessors' reviews: per value a score (0..100, the scale of the self-score) and a comment, plus an
// overall judgement. One review per assessor per submission per programme; submitted reviews are final.
// Every read names the programme: a review written in one programme is never shown in another, even
// when the startup withdraws and shares the same response elsewhere.
import { newId } from '../auth/tokens.js';
import type { DB } from '../db/database.js';

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

export function createReviewRepository(db: DB) {
  const SELECT = `SELECT v.*, u.email AS assessor_email, u.name AS assessor_name FROM reviews v JOIN users u ON u.id = v.assessor_id`;
  const forResponse = db.prepare(`${SELECT} WHERE v.response_id = ? AND v.programme_id = ? ORDER BY v.created_at, v.id`);
  const own = db.prepare(`${SELECT} WHERE v.response_id = ? AND v.programme_id = ? AND v.assessor_id = ?`);
  const upsert = db.prepare(
    `INSERT INTO reviews (id, response_id, programme_id, assessor_id, scores, judgement, comment, status, created_at, updated_at, submitted_at)
     VALUES (@id, @responseId, @programmeId, @assessorId, @scores, @judgement, @comment, @status, @now, @now, @submittedAt)
     ON CONFLICT (response_id, programme_id, assessor_id) DO UPDATE SET
       scores = excluded.scores, judgement = excluded.judgement, comment = excluded.comment, status = excluded.status,
       updated_at = excluded.updated_at, submitted_at = excluded.submitted_at
     WHERE reviews.status = 'draft'`,
  );

  return {
    /** The reviews of a response written in one programme. */
    forResponse: (responseId: string, programmeId: string) => forResponse.all(responseId, programmeId) as ReviewRow[],
    own: (responseId: string, programmeId: string, assessorId: string) => own.get(responseId, programmeId, assessorId) as ReviewRow | undefined,
    /** Saves a draft or submits; undefined when this assessor's review in this programme was already submitted. */
    save(input: { responseId: string; programmeId: string; assessorId: string; scores: ReviewScores; judgement: Judgement | null; comment: string; submit: boolean }) {
      const now = new Date().toISOString();
      const changed = upsert.run({
        id: newId(), responseId: input.responseId, programmeId: input.programmeId, assessorId: input.assessorId, scores: JSON.stringify(input.scores),
        judgement: input.judgement, comment: input.comment, status: input.submit ? 'submitted' : 'draft', now,
        submittedAt: input.submit ? now : null,
      }).changes;
      return changed === 1 ? (own.get(input.responseId, input.programmeId, input.assessorId) as ReviewRow) : undefined;
    },
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
