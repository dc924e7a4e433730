-- Two-person approval of destructive runs, bound to the dry run's digest.
CREATE TABLE "ApprovalRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "playbookName" TEXT NOT NULL,
    "playbookHash" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "dryRun" TEXT NOT NULL,
    "incidentId" TEXT,
    "checklistItemId" TEXT,
    "requestedById" TEXT,
    "requestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ttlMs" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "decidedById" TEXT,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "reason" TEXT,
    "runId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE INDEX "ApprovalRequest_status_idx" ON "ApprovalRequest"("status");
CREATE INDEX "ApprovalRequest_incidentId_idx" ON "ApprovalRequest"("incidentId");

-- A run records the approval it consumed and the checklist item it is evidence for.
ALTER TABLE "PlaybookRun" ADD COLUMN "approvalId" TEXT;
ALTER TABLE "PlaybookRun" ADD COLUMN "checklistItemId" TEXT;

-- A checklist item ticked by a run carries that run and its evidence line.
ALTER TABLE "ChecklistItem" ADD COLUMN "runId" INTEGER;
ALTER TABLE "ChecklistItem" ADD COLUMN "evidence" TEXT;

-- The requester can never decide their own request: enforced by the database
-- itself, so no code path (admin, CLI, a future script) can get around it.
CREATE TRIGGER "ApprovalRequest_no_self_decision"
BEFORE UPDATE OF "decidedById", "decidedBy" ON "ApprovalRequest"
WHEN NEW."decidedBy" IS NOT NULL
  AND (NEW."decidedBy" = OLD."requestedBy" OR NEW."decidedById" = OLD."requestedById")
BEGIN
  SELECT RAISE(ABORT, 'self-approval: the requester cannot decide their own approval request');
END;
