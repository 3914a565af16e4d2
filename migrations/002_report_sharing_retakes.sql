-- Re-takes: a new attempt points at the submitted one it was started from, so a report can show
-- progress over the chain. Deleting an attempt keeps the later ones (their link is cleared).
ALTER TABLE responses ADD COLUMN previous_response_id TEXT REFERENCES responses(id) ON DELETE SET NULL;
CREATE INDEX responses_previous ON responses (previous_response_id);

-- The name the company wants on the report's cover (presentation only; never scored).
ALTER TABLE responses ADD COLUMN company_name TEXT;

-- Read-only links to a submitted report. Only the SHA-256 of the link's token is stored.
CREATE TABLE share_links (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
CREATE INDEX share_links_response ON share_links (response_id);
