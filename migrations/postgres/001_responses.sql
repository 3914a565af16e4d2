-- PostgreSQL twin of migrations/001_responses.sql (see docs/architecture.md, Storage: the same tables,
-- columns, constraints and indexes in both engines; timestamps are ISO-8601 TEXT and JSON is TEXT).
-- SQLite's REAL is an 8-byte float: DOUBLE PRECISION here, never PostgreSQL's 4-byte REAL.
CREATE TABLE questionnaire_snapshots (
  hash TEXT PRIMARY KEY,
  questionnaire_id TEXT NOT NULL,
  version TEXT NOT NULL,
  area TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE responses (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  snapshot_hash TEXT NOT NULL REFERENCES questionnaire_snapshots(hash),
  questionnaire_id TEXT NOT NULL,
  area TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('nl', 'en')),
  status TEXT NOT NULL CHECK (status IN ('open', 'submitted')),
  answers TEXT NOT NULL DEFAULT '{}',
  revision INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  profile TEXT,
  goal_score DOUBLE PRECISION,
  precondition_score DOUBLE PRECISION,
  completeness DOUBLE PRECISION,
  knockout_count INTEGER
);

CREATE INDEX responses_questionnaire_status ON responses (questionnaire_id, status, submitted_at);
