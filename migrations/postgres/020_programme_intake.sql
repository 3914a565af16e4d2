-- Issue 17, programme part: what a programme takes in besides the scored test.
-- accepted_versions: JSON object, per area {"minimum": "x.y.z"} or {"majors": [n, ...]}; an area that is
-- absent accepts any version (as before this migration). questions: JSON array of the programme's own
-- unscored questions (at most 10, validated by server/services/programme-intake.ts).
ALTER TABLE programmes ADD COLUMN accepted_versions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE programmes ADD COLUMN questions TEXT NOT NULL DEFAULT '[]';
-- The startup's answers to those questions, given when it shares: JSON {"programmeId", "answers"}. Kept
-- apart from the scored answers so scoring and reports never see them.
ALTER TABLE responses ADD COLUMN programme_answers TEXT;
