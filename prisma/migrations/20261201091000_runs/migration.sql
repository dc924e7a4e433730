-- CreateTable
CREATE TABLE "PlaybookRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "playbookName" TEXT NOT NULL,
    "playbookHash" TEXT NOT NULL,
    "playbookSource" TEXT NOT NULL,
    "destructive" BOOLEAN NOT NULL,
    "params" TEXT NOT NULL,
    "dryRun" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "incidentId" TEXT,
    "requestedById" TEXT,
    "requestedBy" TEXT NOT NULL,
    "approvedById" TEXT,
    "timeoutMs" INTEGER NOT NULL,
    "cancelRequestedAt" DATETIME,
    "cancelRequestedBy" TEXT,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "message" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StepResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" INTEGER NOT NULL,
    "hostId" TEXT NOT NULL,
    "hostName" TEXT NOT NULL,
    "fingerprint" TEXT,
    "stepIndex" INTEGER NOT NULL,
    "stepId" TEXT NOT NULL,
    "stepName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "rollback" BOOLEAN NOT NULL DEFAULT false,
    "command" TEXT,
    "status" TEXT NOT NULL,
    "pgid" INTEGER,
    "exitCode" INTEGER,
    "signal" TEXT,
    "killOutcome" TEXT,
    "message" TEXT,
    "outputHead" TEXT NOT NULL DEFAULT '',
    "outputTail" TEXT NOT NULL DEFAULT '',
    "outputCut" INTEGER NOT NULL DEFAULT 0,
    "outputTotal" INTEGER NOT NULL DEFAULT 0,
    "intentSeq" INTEGER,
    "resultSeq" INTEGER,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "StepResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PlaybookRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HostLock" (
    "hostId" TEXT NOT NULL PRIMARY KEY,
    "runId" INTEGER NOT NULL,
    "lockedBy" TEXT NOT NULL,
    "lockedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "PlaybookRun_status_idx" ON "PlaybookRun"("status");

-- CreateIndex
CREATE INDEX "PlaybookRun_incidentId_idx" ON "PlaybookRun"("incidentId");

-- CreateIndex
CREATE INDEX "PlaybookRun_createdAt_idx" ON "PlaybookRun"("createdAt");

-- CreateIndex
CREATE INDEX "StepResult_runId_hostId_stepIndex_idx" ON "StepResult"("runId", "hostId", "stepIndex");

-- CreateIndex
CREATE INDEX "StepResult_status_idx" ON "StepResult"("status");
