-- Every audit entry names its actor: a user's email, or a named actor
-- (system:startup, system:cadence-watch, system:webhooks, system:reconciler,
-- cli:<unix user>). lib/audit/actor.ts is the rule; this makes the database
-- refuse a nameless entry too. Older entries are left exactly as they were
-- (their hashes cover the stored fields), so the chain still verifies.
CREATE TRIGGER "AuditEntry_actor_named"
BEFORE INSERT ON "AuditEntry"
WHEN NEW."actorEmail" IS NULL OR NEW."actorEmail" = ''
BEGIN
  SELECT RAISE(ABORT, 'audit entry without an actor');
END;
