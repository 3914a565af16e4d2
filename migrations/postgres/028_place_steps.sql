-- PostgreSQL twin of migrations/028_place_steps.sql.
ALTER TABLE peer_pool_places ADD COLUMN step INTEGER;
ALTER TABLE cohort_places ADD COLUMN step INTEGER;
