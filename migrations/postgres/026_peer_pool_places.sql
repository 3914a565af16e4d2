-- PostgreSQL twin of migrations/026_peer_pool_places.sql.
CREATE TABLE peer_pool_places (
  id TEXT PRIMARY KEY,
  area TEXT NOT NULL,
  major_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  step INTEGER NOT NULL
);
CREATE INDEX peer_pool_places_group ON peer_pool_places (area, major_version, created_at);
