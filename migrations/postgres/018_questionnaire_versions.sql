-- PostgreSQL twin of migrations/018_questionnaire_versions.sql (no table rebuild needed here).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'assessor', 'editor'));

CREATE TABLE questionnaire_versions (
  id TEXT PRIMARY KEY,
  questionnaire_id TEXT NOT NULL,
  area TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
  document TEXT NOT NULL,
  hash TEXT,
  based_on TEXT REFERENCES questionnaire_versions(id) ON DELETE SET NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  submitted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  approved_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  retired_at TEXT
);
CREATE UNIQUE INDEX questionnaire_versions_number ON questionnaire_versions (questionnaire_id, version) WHERE status IN ('published', 'retired');
CREATE UNIQUE INDEX questionnaire_versions_hash ON questionnaire_versions (hash) WHERE status IN ('published', 'retired');
CREATE INDEX questionnaire_versions_recent ON questionnaire_versions (updated_at);
