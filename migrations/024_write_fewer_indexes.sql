-- Two indexes that every submit wrote, for look-ups that do as well without them.
--
-- responses_questionnaire_status (questionnaire_id, status, submitted_at), from the first release:
-- no query looks responses up by questionnaire; each one is found by its id, its predecessor or its
-- programme. Yet starting a test added an entry and submitting one moved it: a submit's UPDATE took
-- 45 µs with it and 29 µs without (SQLite, 40,000 responses).
--
-- attestations_basis (response_id, locale, basis, issued_at): the look-up of a report's statement by
-- the fingerprint of its inputs. attestations_content (response_id, locale, report_sha256) starts
-- with the same two columns, so that look-up reads the response's statements in one language
-- through it and picks the one with the fingerprint: one to a few rows (a statement is made only
-- when the report's content changes, after submit). The second index cost each statement an insert
-- into one more B-tree at a random place: with 10,000 statements stored, inserting one took 143 µs
-- with it and 88 µs without (SQLite).
DROP INDEX responses_questionnaire_status;
DROP INDEX attestations_basis;
