-- The anonymous peer pool (issue 16, item 4): with the founder's consent at submit, the scores of a
-- report and nothing else (no name, no answers, no token), per area and questionnaire major version.
-- One row per team, its latest consented attempt. response_id is only the way to revoke (deleting the
-- response deletes the row) and to exclude a report from its own comparison; it is never exposed.
CREATE TABLE peer_pool (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  area TEXT NOT NULL,
  major_version INTEGER NOT NULL,
  scoring_version INTEGER NOT NULL,
  goal REAL,
  precondition REAL,
  value_scores TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX peer_pool_group ON peer_pool (area, major_version, created_at);
