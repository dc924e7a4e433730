-- Incident control (issue 19): a version on the incident's roles (each role
-- change carries it; a stale one is a conflict), the notice shown when a
-- role holder was disabled, and archiving (off the list, kept whole).
ALTER TABLE "Incident" ADD COLUMN "rolesVersion" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Incident" ADD COLUMN "roleNotice" TEXT;
ALTER TABLE "Incident" ADD COLUMN "archivedAt" DATETIME;

-- One severity scale for incidents: SEV1–SEV4. Documents that say
-- CRITICAL/HIGH/MEDIUM/LOW map onto it (lib/incidents/severity.ts holds the
-- same table for imports). Findings keep the label their document gave them.
UPDATE "Incident" SET "severity" = CASE upper("severity")
  WHEN 'CRITICAL' THEN 'SEV1'
  WHEN 'HIGH' THEN 'SEV2'
  WHEN 'MEDIUM' THEN 'SEV3'
  WHEN 'LOW' THEN 'SEV4'
  ELSE "severity" END
WHERE upper("severity") IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW');
