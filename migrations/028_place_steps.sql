-- The step a place was kept under (docs/privacy.md "Peer pool", docs/integration.md "Anonymity model").
--
-- A place (migrations 026 and 027) stands for a released report or share that left, so the steps after
-- it close where they did. It is kept for the step in force when it left (PEER_MIN_POOL for the pool,
-- COHORT_MIN_GROUP for a cohort). Counted under another step, places could fill the open step: with
-- places kept under 2 and the step now 3, two places and the next report closed a step, and two readings
-- differed by that one report. Places count only under the step they were kept for; a change of the
-- step recounts its groups once, as it did before places. NULL: kept before this migration, under the
-- step of the time, which is counted as the current one.
ALTER TABLE peer_pool_places ADD COLUMN step INTEGER;
ALTER TABLE cohort_places ADD COLUMN step INTEGER;
