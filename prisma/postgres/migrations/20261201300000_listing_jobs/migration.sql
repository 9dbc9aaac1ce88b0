-- CreateTable
CREATE TABLE "ListingJob" (
    "id" TEXT NOT NULL,
    "sellerId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "priceChange" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ListingJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListingJobItem" (
    "jobId" TEXT NOT NULL,
    "productId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMP(3),
    "error" TEXT,
    "detail" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ListingJobItem_pkey" PRIMARY KEY ("jobId","productId")
);

-- CreateIndex
CREATE INDEX "ListingJob_sellerId_createdAt_idx" ON "ListingJob"("sellerId", "createdAt");

-- CreateIndex
CREATE INDEX "ListingJob_status_idx" ON "ListingJob"("status");

-- CreateIndex
CREATE INDEX "ListingJobItem_jobId_status_idx" ON "ListingJobItem"("jobId", "status");

-- AddForeignKey
ALTER TABLE "ListingJob" ADD CONSTRAINT "ListingJob_sellerId_fkey" FOREIGN KEY ("sellerId") REFERENCES "Seller"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListingJobItem" ADD CONSTRAINT "ListingJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "ListingJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

