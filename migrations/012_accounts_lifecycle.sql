-- Issue 14, accounts and programmes (staff walkthrough defects 10 and 23).
-- A one-time link remembers who issued it and for which programme, so the set-password page can say
-- "invited to <programme> by <person>" from the server's own record, never from the URL.
ALTER TABLE password_tokens ADD COLUMN issued_by TEXT REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE password_tokens ADD COLUMN programme_id TEXT REFERENCES programmes(id) ON DELETE SET NULL;
-- An archived programme is hidden from lists by default and read-only until it is un-archived.
ALTER TABLE programmes ADD COLUMN archived_at TEXT;
