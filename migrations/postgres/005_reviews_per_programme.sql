-- PostgreSQL twin of migrations/005_reviews_per_programme.sql: the same rebuild and the same
-- attribution rules (see the SQLite file for why), so both engines end with the same rows.
CREATE TABLE reviews_by_programme (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  programme_id TEXT REFERENCES programmes(id) ON DELETE CASCADE,
  assessor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scores TEXT NOT NULL DEFAULT '{}',
  judgement TEXT CHECK (judgement IN ('positive', 'conditional', 'negative')),
  comment TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  UNIQUE (response_id, programme_id, assessor_id)
);

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

UPDATE responses SET review_status = 'submitted'
WHERE programme_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = responses.id AND v.programme_id = responses.programme_id);
UPDATE responses SET review_status = 'in_review'
WHERE programme_id IS NOT NULL AND review_status = 'reviewed'
  AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = responses.id AND v.programme_id = responses.programme_id AND v.status = 'submitted');
