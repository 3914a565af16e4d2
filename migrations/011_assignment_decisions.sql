-- Assignment, quorum and decisions (issue 14, item 4).
--  * programmes.reviews_needed: how many SUBMITTED reviews a submission needs before its managers see
--    the reviews side by side and may record a decision (1..10, default 2).
--  * programmes.show_decision: 1 when the startup is shown the decision and its rationale on its
--    report page (never who reviewed or how they scored); off by default.
--  * review_assignments: who is asked to review which submission in which programme. Assessors may
--    still review what is not assigned to them; the list drives their to-do list and the balance of
--    round-robin assignment.
--  * decisions: every decision recorded, never updated; the current one is the latest per
--    (response, programme), so a changed decision keeps the earlier ones (and each is audited).
ALTER TABLE programmes ADD COLUMN reviews_needed INTEGER NOT NULL DEFAULT 2 CHECK (reviews_needed BETWEEN 1 AND 10);
ALTER TABLE programmes ADD COLUMN show_decision INTEGER NOT NULL DEFAULT 0 CHECK (show_decision IN (0, 1));

CREATE TABLE review_assignments (
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  assessor_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  assigned_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (response_id, programme_id, assessor_id)
) STRICT;
CREATE INDEX review_assignments_assessor ON review_assignments (assessor_id, programme_id);
CREATE INDEX review_assignments_programme ON review_assignments (programme_id, response_id);

CREATE TABLE decisions (
  id TEXT PRIMARY KEY,
  response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  programme_id TEXT NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  -- 1 for the first decision on this submission in this programme, then 2, 3, …: the order of the
  -- history, and two managers deciding at the same moment cannot both write the same version.
  version INTEGER NOT NULL CHECK (version >= 1),
  outcome TEXT NOT NULL CHECK (outcome IN ('fund', 'fund_with_conditions', 'decline')),
  rationale TEXT NOT NULL,
  decided_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  decided_at TEXT NOT NULL,
  UNIQUE (response_id, programme_id, version)
) STRICT;
