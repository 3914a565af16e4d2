-- PostgreSQL twin of migrations/008_shared_instance_state.sql.
CREATE TABLE print_tickets (
  token_hash TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);
CREATE INDEX print_tickets_expiry ON print_tickets (expires_at);

-- UNLOGGED: a count is written on every limited request and is worth nothing after a crash, so it
-- skips the WAL (no flush per sign-in attempt, not sent to the standby); PostgreSQL empties the
-- table after a crash, which only resets the counts.
CREATE UNLOGGED TABLE rate_limit_hits (
  key TEXT PRIMARY KEY,
  hits INTEGER NOT NULL,
  resets_at TEXT NOT NULL
);
CREATE INDEX rate_limit_hits_reset ON rate_limit_hits (resets_at);

CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  next_run_at TEXT NOT NULL,
  run_by TEXT
);
