-- Reviews belong to the programme they were written in (issue 10). Until now a review was keyed by
-- (response, assessor) only, so when a startup withdrew from programme A and shared with B, B saw A's
-- reviews and inherited A's review status. SQLite cannot change a UNIQUE constraint in place, so the
-- table is rebuilt with programme_id and UNIQUE (response_id, programme_id, assessor_id).
--
-- Attribution of existing rows, first rule that gives an answer:
--  1. the programme of the assessor's latest review.save / review.submit audit entry for the response:
--     that entry was written together with the row's current content, and names the programme;
--  2. the programme the response was shared with when the review was created: the latest
--     submission.share / submission.withdraw entry at or before reviews.created_at, if it is a share;
--  3. the programme the response is shared with now, if the assessor is assigned to it;
--  4. the one programme the response was ever shared with (per the audit log) that the assessor is
--     assigned to, if there is exactly one.
-- The audit log has no foreign keys, so rules 1 and 2 skip programmes that no longer exist.
-- A row none of these attribute keeps programme_id NULL: no programme sees it (the application only
-- reads reviews of a given programme), and the operator can still look at it in the database.

CREATE TABLE reviews_by_programme (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  -- NULL only for rows this migration could not attribute (see above).
  programme_id TEXT REFERENCES programmes(id) ON DELETE CASCADE,
  assessor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- JSON object: value id → { score: 0..100 | null, comment }.
  scores TEXT NOT NULL DEFAULT '{}',
  judgement TEXT CHECK (judgement IN ('positive', 'conditional', 'negative')),
  comment TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  UNIQUE (response_id, programme_id, assessor_id)
) STRICT;

INSERT INTO reviews_by_programme
  (id, response_id, programme_id, assessor_id, scores, judgement, comment, status, created_at, updated_at, submitted_at)
SELECT v.id, v.response_id,
  COALESCE(
    (SELECT a.programme_id FROM audit_log a
      WHERE a.response_id = v.response_id AND a.actor_type = 'user' AND a.actor_id = v.assessor_id
        AND a.action IN ('review.save', 'review.submit') AND a.programme_id IN (SELECT id FROM programmes)
      ORDER BY a.id DESC LIMIT 1),
    (SELECT CASE WHEN a.action = 'submission.share' THEN (SELECT p.id FROM programmes p WHERE p.id = a.programme_id) END FROM audit_log a
      WHERE a.response_id = v.response_id AND a.action IN ('submission.share', 'submission.withdraw') AND a.at <= v.created_at
      ORDER BY a.at DESC, a.id DESC LIMIT 1),
    (SELECT r.programme_id FROM responses r JOIN programme_members m ON m.programme_id = r.programme_id AND m.user_id = v.assessor_id
      WHERE r.id = v.response_id),
    (SELECT CASE WHEN COUNT(DISTINCT a.programme_id) = 1 THEN MIN(a.programme_id) END FROM audit_log a
      JOIN programme_members m ON m.programme_id = a.programme_id AND m.user_id = v.assessor_id
      WHERE a.response_id = v.response_id AND a.action = 'submission.share')
  ),
  v.assessor_id, v.scores, v.judgement, v.comment, v.status, v.created_at, v.updated_at, v.submitted_at
FROM reviews v;

DROP TABLE reviews;
ALTER TABLE reviews_by_programme RENAME TO reviews;
CREATE INDEX reviews_programme ON reviews (programme_id, response_id);

-- The review status of a response belongs to its current share. Responses that moved carry the
-- status of the programme they left: with no review of the current programme it starts afresh, and
-- "reviewed" needs a submitted review of the current programme.
UPDATE responses SET review_status = 'submitted'
WHERE programme_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = responses.id AND v.programme_id = responses.programme_id);
UPDATE responses SET review_status = 'in_review'
WHERE programme_id IS NOT NULL AND review_status = 'reviewed'
  AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = responses.id AND v.programme_id = responses.programme_id AND v.status = 'submitted');
