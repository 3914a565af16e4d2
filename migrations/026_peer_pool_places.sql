-- A report that leaves the released peer pool keeps its place in the count (docs/privacy.md, "Peer pool").
--
-- The pool is released in steps of PEER_MIN_POOL reports in joining order. When a released report left
-- (its founder deleted it, or its team's re-take took its row), every later step closed one report later,
-- so the first pending report entered the figures in its place: the leaver's founder, who knows the
-- scores that left, could read the entering report's scores off a reading before and after.
-- A place is the left row's position and nothing else: no scores, no programme. `id` is the left
-- report's id, only to keep its order among reports that joined in the same millisecond (the pool is
-- ordered by created_at, then id); it is no foreign key, as the report may be deleted, and no route
-- returns it. A report that leaves while still pending needs no place: no step has closed over it.
-- `step` is PEER_MIN_POOL when it was kept: a place counts only under that step. Counted under another,
-- places could fill the open step, so that it closed on them and a single report; a change of the step
-- recounts the steps once, as it did before places.
CREATE TABLE peer_pool_places (
  id TEXT PRIMARY KEY,
  area TEXT NOT NULL,
  major_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  step INTEGER NOT NULL
) STRICT;
CREATE INDEX peer_pool_places_group ON peer_pool_places (area, major_version, created_at);
