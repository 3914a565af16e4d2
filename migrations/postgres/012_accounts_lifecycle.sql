-- PostgreSQL twin of migrations/012_accounts_lifecycle.sql.
ALTER TABLE password_tokens ADD COLUMN issued_by TEXT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE password_tokens ADD COLUMN programme_id TEXT REFERENCES programmes(id) ON DELETE SET NULL;
-- An archived programme is hidden from lists by default and read-only until it is un-archived.
ALTER TABLE programmes ADD COLUMN archived_at TEXT;
