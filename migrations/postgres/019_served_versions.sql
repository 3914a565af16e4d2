-- Issue 17 (serving versions): every request for the questionnaires reads which versions are published.
-- This index answers that from the index alone, without touching the rows (their documents are ~250 KB).
CREATE INDEX questionnaire_versions_served ON questionnaire_versions (status, questionnaire_id, version, hash);
