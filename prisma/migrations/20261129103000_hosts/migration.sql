-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 22,
    "username" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "serviceManager" TEXT NOT NULL DEFAULT 'systemd',
    "privateKeyEncrypted" TEXT NOT NULL,
    "passphraseEncrypted" TEXT,
    "publicKey" TEXT,
    "hostKeyPin" TEXT,
    "hostKeyType" TEXT,
    "pinnedAt" DATETIME,
    "pinnedById" TEXT,
    "lastTestAt" DATETIME,
    "lastTestStatus" TEXT,
    "lastTestResult" TEXT,
    "lastTestMs" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Host_pinnedById_fkey" FOREIGN KEY ("pinnedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");
