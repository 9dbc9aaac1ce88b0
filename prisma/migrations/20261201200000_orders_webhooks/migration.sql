-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sellerId" TEXT,
    "depopShopId" TEXT,
    "eventType" TEXT NOT NULL,
    "purchaseId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "payloadSealed" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "handledAt" DATETIME,
    CONSTRAINT "WebhookEvent_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "Seller" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "sellerId" TEXT NOT NULL,
    "purchaseId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "orderCreatedAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL,
    "detailsSealed" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("sellerId", "purchaseId"),
    CONSTRAINT "Order_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "Seller" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderSync" (
    "sellerId" TEXT NOT NULL PRIMARY KEY,
    "syncedUntil" DATETIME,
    "leaseUntil" DATETIME,
    "lastRunAt" DATETIME,
    "lastOutcome" TEXT,
    CONSTRAINT "OrderSync_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "Seller" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WebhookEvent_status_nextAttemptAt_idx" ON "WebhookEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_sellerId_receivedAt_idx" ON "WebhookEvent"("sellerId", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_purchaseId_idx" ON "WebhookEvent"("purchaseId");

-- CreateIndex
CREATE INDEX "Order_purchaseId_idx" ON "Order"("purchaseId");

-- CreateIndex
CREATE INDEX "Order_sellerId_status_idx" ON "Order"("sellerId", "status");

-- CreateIndex
CREATE INDEX "Order_sellerId_orderCreatedAt_idx" ON "Order"("sellerId", "orderCreatedAt");

