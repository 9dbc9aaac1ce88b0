-- AlterTable
ALTER TABLE "Connection" ADD COLUMN "rateLimitedUntil" DATETIME;

