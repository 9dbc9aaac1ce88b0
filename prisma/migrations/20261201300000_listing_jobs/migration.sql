-- CreateTable
CREATE TABLE "ListingJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sellerId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "priceChange" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ListingJob_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "Seller" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ListingJobItem" (
    "jobId" TEXT NOT NULL,
    "productId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "error" TEXT,
    "detail" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("jobId", "productId"),
    CONSTRAINT "ListingJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ListingJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ListingJob_sellerId_createdAt_idx" ON "ListingJob"("sellerId", "createdAt");

-- CreateIndex
CREATE INDEX "ListingJob_status_idx" ON "ListingJob"("status");

-- CreateIndex
CREATE INDEX "ListingJobItem_jobId_status_idx" ON "ListingJobItem"("jobId", "status");

