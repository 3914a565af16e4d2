-- Staff accounts, server-side sessions, programmes and the assessors' reviews (issue 5).
-- Secrets (session ids, set-password tokens) are stored only as SHA-256 hashes; passwords as scrypt.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'assessor')),
  -- NULL until the person sets one through an invitation link: there is no default password.
  password_hash TEXT,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Synchronizer token for CSRF: sent back by the client in a header on every write.
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links to set a password: the first admin's, invitations and admin-issued resets.
CREATE TABLE password_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
) STRICT;
CREATE INDEX password_tokens_user ON password_tokens (user_id);

CREATE TABLE programmes (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('subsidy', 'cohort')),
  -- JSON array of questionnaire areas (ai, xr, quantum) a startup may take for this programme.
  areas TEXT NOT NULL,
  join_code TEXT NOT NULL UNIQUE,
  deadline TEXT,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE programme_members (
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (programme_id, user_id)
) STRICT;
CREATE INDEX programme_members_user ON programme_members (user_id);

-- A response shared with a programme. Withdrawing clears programme_id (assessors no longer see it)
-- and sets withdrawn_at; the audit log keeps which programme it was.
ALTER TABLE responses ADD COLUMN programme_id TEXT REFERENCES programmes(id) ON DELETE SET NULL;
ALTER TABLE responses ADD COLUMN shared_name TEXT;
ALTER TABLE responses ADD COLUMN shared_at TEXT;
ALTER TABLE responses ADD COLUMN withdrawn_at TEXT;
ALTER TABLE responses ADD COLUMN review_status TEXT CHECK (review_status IN ('submitted', 'in_review', 'reviewed'));

-- The dashboard pages, filters and sorts within one programme; each sort column has an index that
-- starts with programme_id, so a page is read in index order without sorting the whole programme.
CREATE INDEX responses_programme_shared ON responses (programme_id, shared_at, id);
CREATE INDEX responses_programme_name ON responses (programme_id, shared_name, id);
CREATE INDEX responses_programme_goal ON responses (programme_id, goal_score, id);
CREATE INDEX responses_programme_precondition ON responses (programme_id, precondition_score, id);
CREATE INDEX responses_programme_completeness ON responses (programme_id, completeness, id);
CREATE INDEX responses_programme_knockouts ON responses (programme_id, knockout_count, id);
CREATE INDEX responses_programme_status ON responses (programme_id, review_status, id);
CREATE INDEX responses_programme_area ON responses (programme_id, area, id);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  assessor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- JSON object: value id → { score: 0..100 | null, comment }.
  scores TEXT NOT NULL DEFAULT '{}',
  judgement TEXT CHECK (judgement IN ('positive', 'conditional', 'negative')),
  comment TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT,
  UNIQUE (response_id, assessor_id)
) STRICT;

-- Who changed what and when. No foreign keys: entries outlive the users, programmes and responses they name.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL CHECK (actor_type IN ('user', 'respondent', 'system')),
  actor_id TEXT,
  action TEXT NOT NULL,
  programme_id TEXT,
  response_id TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_log_response ON audit_log (response_id, id);
CREATE INDEX audit_log_programme ON audit_log (programme_id, id);
