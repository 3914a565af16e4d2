-- Several server processes may share one database (issue 10, item 12): each delivery is claimed by one
-- process before it is sent. claimed_by names the process's queue; claimed_until is when the claim
-- lapses, so the deliveries of a process that died are taken up by another once it has run out.
-- (In PostgreSQL the claim becomes SELECT … FOR UPDATE SKIP LOCKED inside the same UPDATE.)
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until TEXT;
