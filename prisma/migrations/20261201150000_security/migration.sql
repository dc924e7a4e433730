-- Issue 15: SSO identities, per-session ids, sign-in throttle counters,
-- the per-incident public page switch, and an append-only audit table.

-- SSO: (issuer, subject) identifies the person at the provider; an email
-- match alone never links an account (an admin allows it first).
ALTER TABLE "User" ADD COLUMN "ssoIssuer" TEXT;
ALTER TABLE "User" ADD COLUMN "ssoSubject" TEXT;
ALTER TABLE "User" ADD COLUMN "ssoLinkAllowed" BOOLEAN NOT NULL DEFAULT false;
CREATE UNIQUE INDEX "User_ssoIssuer_ssoSubject_key" ON "User"("ssoIssuer", "ssoSubject");

-- One row per signed-in browser: sign-out ends that one, not the person's others.
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "UserSession_userId_idx" ON "UserSession"("userId");

-- Counted before the password is checked, with one conditional UPDATE per attempt.
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAt" DATETIME NOT NULL,
    "succeededAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

ALTER TABLE "Incident" ADD COLUMN "publicPageDisabled" BOOLEAN NOT NULL DEFAULT false;

-- The audit log is append-only for everyone who goes through SQLite without
-- dropping these first; someone who does is caught by the chain and the
-- signed head (lib/audit/anchor.ts).
CREATE TRIGGER "AuditEntry_no_update"
BEFORE UPDATE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused');
END;

CREATE TRIGGER "AuditEntry_no_delete"
BEFORE DELETE ON "AuditEntry"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused');
END;
