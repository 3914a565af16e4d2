-- migrate: foreign-keys-off
-- Issue 17 (server foundation): questionnaire versions as content in the database, and the role
-- 'editor' who writes them. The marker above makes the runner switch foreign keys off around this
-- migration (SQLite cannot change a CHECK constraint in place, and dropping the old users table with
-- foreign keys on would cascade into sessions, reviews and every other table that points at users);
-- the runner checks the foreign keys before it commits (server/db/database.ts).
CREATE TABLE users_new (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'assessor', 'editor')),
  password_hash TEXT,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en'))
) STRICT;
INSERT INTO users_new (id, email, name, role, password_hash, disabled_at, created_at, updated_at, locale)
  SELECT id, email, name, role, password_hash, disabled_at, created_at, updated_at, locale FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- One row per version of a questionnaire: drafts being written, versions in review, and the published
-- and retired ones. The shipped files are imported as published versions at start-up (by hash).
CREATE TABLE questionnaire_versions (
  id TEXT PRIMARY KEY,
  questionnaire_id TEXT NOT NULL,
  area TEXT NOT NULL,
  -- A draft holds the version it was based on ('' from scratch); publishing assigns the next one.
  version TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'published', 'retired')),
  document TEXT NOT NULL,
  hash TEXT,
  based_on TEXT REFERENCES questionnaire_versions(id) ON DELETE SET NULL,
  -- Optimistic concurrency: a save names the revision it started from.
  revision INTEGER NOT NULL DEFAULT 1,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  updated_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  submitted_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  approved_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  published_at TEXT,
  retired_at TEXT
) STRICT;
-- A version number is given once per questionnaire; so is a published content hash, which makes the
-- start-up import safe when two instances start together.
CREATE UNIQUE INDEX questionnaire_versions_number ON questionnaire_versions (questionnaire_id, version) WHERE status IN ('published', 'retired');
CREATE UNIQUE INDEX questionnaire_versions_hash ON questionnaire_versions (hash) WHERE status IN ('published', 'retired');
CREATE INDEX questionnaire_versions_recent ON questionnaire_versions (updated_at);
