-- The programme list's eight indexes (migration 021) held an entry for every response, though only
-- a response shared with a programme is ever looked up through them: every query that uses them asks
-- for one programme (programme_id = ?) or for shared responses (programme_id IS NOT NULL). A response
-- is always submitted before it can be shared, so each submit rewrote four entries keyed on a NULL
-- programme (goal, precondition, completeness, knock-outs) that nothing reads, and each new test
-- added eight: about 0.3 ms of a submit's UPDATE at 100,000 responses, 0.06 ms without them.
-- Partial, they hold the shared responses only, and the planner still picks them for those queries.
DROP INDEX responses_programme_shared;
DROP INDEX responses_programme_name;
DROP INDEX responses_programme_goal;
DROP INDEX responses_programme_precondition;
DROP INDEX responses_programme_completeness;
DROP INDEX responses_programme_knockouts;
DROP INDEX responses_programme_status;
DROP INDEX responses_programme_area;
CREATE INDEX responses_programme_shared ON responses (programme_id, superseded_in_programme, shared_at, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_name ON responses (programme_id, superseded_in_programme, shared_name, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_goal ON responses (programme_id, superseded_in_programme, goal_score, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_precondition ON responses (programme_id, superseded_in_programme, precondition_score, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_completeness ON responses (programme_id, superseded_in_programme, completeness, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_knockouts ON responses (programme_id, superseded_in_programme, knockout_count, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_status ON responses (programme_id, superseded_in_programme, review_status, id) WHERE programme_id IS NOT NULL;
CREATE INDEX responses_programme_area ON responses (programme_id, superseded_in_programme, area, id) WHERE programme_id IS NOT NULL;
