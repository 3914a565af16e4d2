-- PostgreSQL twin of migrations/016_action_plans.sql.
CREATE TABLE plan_items (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  values_json TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  due_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('open','in_progress','done','dropped')),
  drop_reason TEXT,
  note TEXT NOT NULL DEFAULT '',
  evidence_url TEXT,
  carried_from TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (response_id, question_id)
);
CREATE INDEX plan_items_response ON plan_items (response_id);
