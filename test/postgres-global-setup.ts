import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";
import { startCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { adminUrl: string; template: string };
  }
}

/**
 * The PostgreSQL unit tests' server: one throwaway cluster for the run, with a template database that the real
 * `prisma migrate deploy` has migrated. Each test file gets its own copy of it (test/database.ts).
 */
export default async function setup(project: TestProject) {
  const cluster = await startCluster();
  const template = "depop_connect_template";
  await cluster.createDatabase(template);
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: cluster.url(template) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("postgres", { adminUrl: cluster.url("postgres"), template });
  return () => cluster.destroy();
}
