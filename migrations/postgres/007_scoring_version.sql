-- PostgreSQL twin of migrations/007_scoring_version.sql.
ALTER TABLE responses ADD COLUMN scoring_version INTEGER CHECK (scoring_version IS NULL OR scoring_version >= 1);
UPDATE responses SET scoring_version = 1 WHERE status = 'submitted';
