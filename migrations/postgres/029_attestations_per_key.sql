-- PostgreSQL twin of migrations/029_attestations_per_key.sql.
-- One statement per report content and signing key, not per content alone. A statement whose key has
-- been revoked no longer verifies, so its report gets a new one, signed with the key that signs now,
-- the next time it is shown (docs/verification.md). With one statement per content (015) the revoked
-- one kept the place: the new statement could not be stored, and the report handed out a signature the
-- published keys no longer cover, for good.
DROP INDEX attestations_content;
CREATE UNIQUE INDEX attestations_content ON attestations (response_id, locale, report_sha256, kid);
