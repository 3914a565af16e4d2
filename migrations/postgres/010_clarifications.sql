-- PostgreSQL twin of migrations/010_clarifications.sql.
-- Item-level verdicts and the clarification loop (issue 14, item 3).
--
-- answer_verdicts: an assessor's own judgement of one answer (accepted, or a request for clarification
-- or evidence). Review work, so blind like a review: shown to other assessors only after they submit
-- their own review (server/auth/permissions.ts, canSeeVerdicts).
CREATE TABLE answer_verdicts (
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  assessor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'clarification', 'evidence')),
  message TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (response_id, programme_id, assessor_id, question_id)
);

-- One thread per (submission, programme, question): a new request on an answered thread opens it
-- again, so there is never more than one open thread for a question. Requests sent in a thread are
-- shared with the programme (and the startup) once sent.
CREATE TABLE clarification_threads (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('clarification', 'evidence')),
  state TEXT NOT NULL CHECK (state IN ('open', 'answered')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (response_id, programme_id, question_id)
);
CREATE INDEX clarification_threads_programme ON clarification_threads (programme_id, state);

-- Files a startup attaches to its answer: PDF, PNG or JPEG (checked by content), at most 5 MB each,
-- stored in the database so both engines and every instance serve the same bytes.
CREATE TABLE clarification_files (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES clarification_threads(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size INTEGER NOT NULL,
  content BYTEA NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX clarification_files_thread ON clarification_files (thread_id);

-- The messages of a thread: the assessors' requests and the startup's answers.
CREATE TABLE clarification_messages (
  id TEXT PRIMARY KEY,
  thread_id TEXT NOT NULL REFERENCES clarification_threads(id) ON DELETE CASCADE,
  author_kind TEXT NOT NULL CHECK (author_kind IN ('assessor', 'startup')),
  -- The assessor who asked; NULL for the startup (and once the account is deleted).
  author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  kind TEXT CHECK (kind IN ('clarification', 'evidence')),
  body TEXT NOT NULL,
  -- JSON array of http(s) URLs.
  links TEXT NOT NULL DEFAULT '[]',
  file_id TEXT REFERENCES clarification_files(id) ON DELETE SET NULL,
  -- The answer revision a correction made with this message created, if any.
  revision INTEGER,
  created_at TEXT NOT NULL
);
CREATE INDEX clarification_messages_thread ON clarification_messages (thread_id, created_at);

-- Corrections after submission: every revision of a response's answers, with the scores the engine
-- computed for it. Number 0 is the answers as submitted, written with the first correction, so the
-- original is always kept; responses.answers holds the latest.
CREATE TABLE answer_revisions (
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  answers TEXT NOT NULL,
  -- JSON array of { question, from, to } against the revision before; [] for number 0.
  changes TEXT NOT NULL DEFAULT '[]',
  -- JSON { profile, goal, precondition, completeness, knockouts, values }.
  scores TEXT NOT NULL,
  thread_id TEXT REFERENCES clarification_threads(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (response_id, number)
);
