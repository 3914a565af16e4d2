-- The submissions list sorts names as people read them: by the folded key (case and accents, the
-- key search already uses since migration 014) instead of the name as typed, which put "Banana"
-- before "apple" and "Émile" after "Zorro". Its index follows. NULLs sort lowest, as SQLite keeps
-- them in its indexes; the PostgreSQL history declares the same order (025 there).
DROP INDEX responses_programme_name;
CREATE INDEX responses_programme_name ON responses (programme_id, superseded_in_programme, shared_name_key, id) WHERE programme_id IS NOT NULL;
