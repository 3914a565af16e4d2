-- PostgreSQL twin of migrations/027_cohort_places.sql.
CREATE TABLE cohort_places (
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  area TEXT NOT NULL,
  shared_at TEXT NOT NULL,
  step INTEGER NOT NULL,
  PRIMARY KEY (programme_id, id, shared_at)
);
