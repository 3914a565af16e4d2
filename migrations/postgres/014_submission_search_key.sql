-- Search that ignores accents and case (staff walkthrough #14): "umlaut" finds "Ümlaut". SQLite has no
-- unaccent and PostgreSQL's needs an extension, so the folded form of the shared name (NFKD, marks
-- stripped, lower case: core/search-key.ts) is computed in JS at share time and compared with LIKE on
-- both engines. Names shared before this migration are filled in at start-up, in JS, in batches
-- (server/plugins/app/auth.ts), so non-ASCII names fold the same way as new ones.
ALTER TABLE responses ADD COLUMN shared_name_key TEXT;
