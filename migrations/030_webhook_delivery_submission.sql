-- The submission a webhook delivery is about (its payload's data.submission.id), so that withdrawing a
-- share (by the startup, by deleting its test, or by the programme) stops its deliveries still pending:
-- a `submission.shared` retried after the `submission.withdrawn` reached the receiver last, and left it
-- holding the name and scores of a startup that had withdrawn. Deliveries queued before this migration
-- have none and are sent as they were.
ALTER TABLE webhook_deliveries ADD COLUMN submission_id TEXT;
CREATE INDEX webhook_deliveries_submission ON webhook_deliveries (submission_id, state);
