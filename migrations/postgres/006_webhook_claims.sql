-- PostgreSQL twin of migrations/006_webhook_claims.sql. The claim columns stay: a claim that lapses
-- hands a dead instance's deliveries to another one; FOR UPDATE SKIP LOCKED only decides who claims.
ALTER TABLE webhook_deliveries ADD COLUMN claimed_by TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN claimed_until TEXT;
