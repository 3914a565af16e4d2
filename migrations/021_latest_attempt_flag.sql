-- The assessor's list shows each team's latest attempt in the programme. Deciding that per row (is
-- there a later attempt of the same team shared with the same programme?) cost a lookup in
-- response_scores and the team index for every submission of the programme, on every page and for
-- its count: 10-13 ms a page at 10,000 submissions on SQLite, seconds for deep pages on PostgreSQL.
-- The answer is now kept on the row, recomputed for the team whenever one of its attempts is shared,
-- withdrawn, deleted or given its team (server/repositories/latest-attempts.ts), and the list's
-- indexes start with it, so the latest attempts are one index range in any sort order.
ALTER TABLE responses ADD COLUMN superseded_in_programme INTEGER NOT NULL DEFAULT 0;
UPDATE responses SET superseded_in_programme = CASE WHEN EXISTS (
    SELECT 1 FROM response_scores s, response_scores s2, responses r2
    WHERE s.response_id = responses.id AND s2.team_id = s.team_id AND r2.id = s2.response_id
      AND r2.programme_id = responses.programme_id
      AND (s2.attempt > s.attempt OR (s2.attempt = s.attempt AND s2.response_id > s.response_id))
  ) THEN 1 ELSE 0 END
WHERE programme_id IS NOT NULL;
DROP INDEX responses_programme_shared;
DROP INDEX responses_programme_name;
DROP INDEX responses_programme_goal;
DROP INDEX responses_programme_precondition;
DROP INDEX responses_programme_completeness;
DROP INDEX responses_programme_knockouts;
DROP INDEX responses_programme_status;
DROP INDEX responses_programme_area;
CREATE INDEX responses_programme_shared ON responses (programme_id, superseded_in_programme, shared_at, id);
CREATE INDEX responses_programme_name ON responses (programme_id, superseded_in_programme, shared_name, id);
CREATE INDEX responses_programme_goal ON responses (programme_id, superseded_in_programme, goal_score, id);
CREATE INDEX responses_programme_precondition ON responses (programme_id, superseded_in_programme, precondition_score, id);
CREATE INDEX responses_programme_completeness ON responses (programme_id, superseded_in_programme, completeness, id);
CREATE INDEX responses_programme_knockouts ON responses (programme_id, superseded_in_programme, knockout_count, id);
CREATE INDEX responses_programme_status ON responses (programme_id, superseded_in_programme, review_status, id);
CREATE INDEX responses_programme_area ON responses (programme_id, superseded_in_programme, area, id);
