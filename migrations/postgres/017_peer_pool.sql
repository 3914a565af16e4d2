-- PostgreSQL twin of migrations/017_peer_pool.sql.
CREATE TABLE peer_pool (
  response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
  area TEXT NOT NULL,
  major_version INTEGER NOT NULL,
  scoring_version INTEGER NOT NULL,
  goal DOUBLE PRECISION,
  precondition DOUBLE PRECISION,
  value_scores TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX peer_pool_group ON peer_pool (area, major_version, created_at);
