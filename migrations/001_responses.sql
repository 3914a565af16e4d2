-- Questionnaires exactly as answered: a response points at the snapshot of the document it was
-- started against, keyed by the SHA-256 of its canonical JSON, so a report stays reproducible
-- after the file on disk changes.
CREATE TABLE questionnaire_snapshots (
  hash TEXT PRIMARY KEY,
  questionnaire_id TEXT NOT NULL,
  version TEXT NOT NULL,
  area TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE responses (
  id TEXT PRIMARY KEY,
  -- SHA-256 of the resume token; the token itself is never stored.
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
  -- Summary stored at submit time so lists and dashboards need not rescore.
  profile TEXT,
  goal_score REAL,
  precondition_score REAL,
  completeness REAL,
  knockout_count INTEGER
) STRICT;

CREATE INDEX responses_questionnaire_status ON responses (questionnaire_id, status, submitted_at);
