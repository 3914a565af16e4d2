-- The version of the scoring model (docs/scoring.md) a response was submitted under. Its report is
-- recomputed by that version's rules, so a report stays what it was when the model changes.
-- Everything submitted before this migration was scored by version 1; open responses stay NULL and
-- take the current version when they are submitted.
ALTER TABLE responses ADD COLUMN scoring_version INTEGER CHECK (scoring_version IS NULL OR scoring_version >= 1);
UPDATE responses SET scoring_version = 1 WHERE status = 'submitted';
