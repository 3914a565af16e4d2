-- The users list (GET /api/users) searches and sorts by a folded key of the e-mail address and the
-- name (core/search-key.ts: NFKD, marks stripped, lower case), computed in JS as for shared names
-- (014): LIKE on SQLite ignores ASCII case only and PostgreSQL's ILIKE all case, so "öz" found
-- "Öztürk" on one engine and not the other, and "ozturk" on neither. Sorting by the key byte by byte
-- also gives both engines one order, whatever PostgreSQL's collation. Accounts made before this
-- migration get their key at start-up (server/plugins/app/auth.ts).
ALTER TABLE users ADD COLUMN search_key TEXT;
CREATE INDEX users_search_key ON users (search_key COLLATE "C");
