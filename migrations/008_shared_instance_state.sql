-- State that several app instances on one database must share (issue 12, item 4). SQLite runs one
-- instance; the tables exist there too so both engines have one schema and one code path.

-- Print tickets: the server's own browser opens a report for staff with one of these. Stored as
-- SHA-256 (a copy of the database prints nothing); the ticket is deleted when its PDF is done and
-- is worthless after expires_at, so any instance may answer the browser's request for the report.
CREATE TABLE print_tickets (
  token_hash TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX print_tickets_expiry ON print_tickets (expires_at);

-- Request counts for the limits that must hold across instances (sign-in, join codes, embed):
-- one row per (route, client address), counted up to resets_at, then started again.
CREATE TABLE rate_limit_hits (
  key TEXT PRIMARY KEY,
  hits INTEGER NOT NULL,
  resets_at TEXT NOT NULL
) STRICT;
CREATE INDEX rate_limit_hits_reset ON rate_limit_hits (resets_at);

-- Scheduled jobs run by one instance per period: an instance runs a job only after moving
-- next_run_at forward in one UPDATE that requires it to be due, which only one instance can win.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  next_run_at TEXT NOT NULL,
  run_by TEXT
) STRICT;
