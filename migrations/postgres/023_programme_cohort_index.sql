-- The cohort figures read, for each response shared with a programme, its id, area, name, times,
-- profile, dimension scores and review status. This index holds exactly those columns. In SQLite
-- (where it matters most: the columns sit after the answers' overflow pages in each row) the query
-- then never reads the rows; PostgreSQL can answer from it alone where its visibility map allows, and
-- keeps it for the same schema on both engines. Partial like the list's indexes (migration 022): only
-- shared responses have entries, and a response is shared only after it is submitted, so starting,
-- saving and submitting a test never write it.
CREATE INDEX responses_programme_cohort ON responses (programme_id, area, id, shared_name, submitted_at, shared_at, profile, goal_score, precondition_score, review_status) WHERE programme_id IS NOT NULL;
