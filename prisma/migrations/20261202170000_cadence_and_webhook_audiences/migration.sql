-- Issue 18 (3), (4): audiences on cadences and webhooks, and the webhook delivery outbox.

-- A cadence is kept by updates of one audience. Existing cadences come from
-- communication plans ("Status update every 15 minutes" under "Notify users"),
-- which are promises to the people affected: public.
ALTER TABLE "Cadence" ADD COLUMN "audience" TEXT NOT NULL DEFAULT 'public';

-- Every webhook received every update before audiences existed: 'all' keeps
-- that, so nothing changes silently; the webhook list says which it is.
ALTER TABLE "IncidentWebhook" ADD COLUMN "audience" TEXT NOT NULL DEFAULT 'all';

CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "updateId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "IncidentWebhook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_updateId_key" ON "WebhookDelivery"("webhookId", "updateId");
CREATE INDEX "WebhookDelivery_webhookId_requestedAt_idx" ON "WebhookDelivery"("webhookId", "requestedAt");
CREATE INDEX "WebhookDelivery_updateId_idx" ON "WebhookDelivery"("updateId");
