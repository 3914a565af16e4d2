-- The submissions list orders the same as on SQLite (server/db/dialect.ts, listOrder): text byte by
-- byte (COLLATE "C"), whatever collation the database was made with — a database made with a
-- language's collation would put "apple" before "Banana" and skip "_" — and a NULL (no score yet) as
-- the lowest value, where PostgreSQL's default is the highest. The list's indexes are declared in
-- that order, so a page still comes from one index range, ascending or (scanned backwards)
-- descending. Names sort by their folded key (case and accents), as on SQLite.
DROP INDEX responses_programme_shared;
DROP INDEX responses_programme_name;
DROP INDEX responses_programme_goal;
DROP INDEX responses_programme_precondition;
DROP INDEX responses_programme_completeness;
DROP INDEX responses_programme_knockouts;
DROP INDEX responses_programme_status;
DROP INDEX responses_programme_area;
CREATE INDEX responses_programme_shared ON responses (programme_id, superseded_in_programme, shared_at COLLATE "C" NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_name ON responses (programme_id, superseded_in_programme, shared_name_key COLLATE "C" NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_goal ON responses (programme_id, superseded_in_programme, goal_score NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_precondition ON responses (programme_id, superseded_in_programme, precondition_score NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_completeness ON responses (programme_id, superseded_in_programme, completeness NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_knockouts ON responses (programme_id, superseded_in_programme, knockout_count NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_status ON responses (programme_id, superseded_in_programme, review_status COLLATE "C" NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_area ON responses (programme_id, superseded_in_programme, area COLLATE "C" NULLS FIRST, id COLLATE "C" NULLS FIRST) WHERE programme_id IS NOT NULL;
