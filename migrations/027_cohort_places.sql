-- A share withdrawn from a programme after its step was released keeps its place in the cohort's count
-- (docs/integration.md, "Anonymity model").
--
-- The cohort's figures describe the shares up to the last closed step of k teams, in sharing order.
-- When a released share was withdrawn (by the startup, by deleting its test, or by the programme), the
-- steps were counted again without it, so up to k − 1 pending teams entered the figures with its
-- going, and a difference of two readings could single one of them out. A place is the withdrawn
-- share's position and its team (the steps count teams) and nothing of what it said: no name, no
-- scores. `id` is the withdrawn attempt's id, only to order places among shares of the same
-- millisecond; no foreign key, as the attempt may be deleted, and no route returns it. A share that is
-- withdrawn while still pending needs no place: no step has closed over it. `step` is COHORT_MIN_GROUP
-- when it was kept: a place counts only under that step (see 026_peer_pool_places.sql).
CREATE TABLE cohort_places (
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  area TEXT NOT NULL,
  shared_at TEXT NOT NULL,
  step INTEGER NOT NULL,
  PRIMARY KEY (programme_id, id, shared_at)
) STRICT;
