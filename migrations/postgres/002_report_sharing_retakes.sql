-- PostgreSQL twin of migrations/002_report_sharing_retakes.sql.
ALTER TABLE responses ADD COLUMN previous_response_id TEXT REFERENCES responses(id) ON DELETE SET NULL;
CREATE INDEX responses_previous ON responses (previous_response_id);

ALTER TABLE responses ADD COLUMN company_name TEXT;

CREATE TABLE share_links (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX share_links_response ON share_links (response_id);
