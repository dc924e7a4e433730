-- What the public sees of an incident (issue 18 (2)): its own title and
-- summary, never the internal document's. Null until someone writes them;
-- the status page then shows a neutral title.
ALTER TABLE "Incident" ADD COLUMN "publicTitle" TEXT;
ALTER TABLE "Incident" ADD COLUMN "publicSummary" TEXT;
