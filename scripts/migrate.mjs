#!/usr/bin/env node
// `npm run db:migrate` (and `npm start`'s prestart, `npm run dev`): apply pending migrations to DATABASE_URL's
// database with `prisma migrate deploy`, quietly. Prisma 6.19 warns on every run that the schema's `url` is unused
// with a driver adapter; the schema must keep it (without it this offline CLI tries to download an engine), so the
// warning says nothing a user can act on and is left out. Everything else Prisma prints is passed through.
import { spawnSync } from "node:child_process";

const prepared = spawnSync(process.execPath, ["scripts/prepare-db.mjs"], { stdio: "inherit" });
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const result = spawnSync("node_modules/.bin/prisma", ["migrate", "deploy"], { encoding: "utf8" });
const quiet = (text) =>
  text
    .replace(/WARNING: Your schema specifies the following datasource properties[\s\S]*?driver adapters\.\n?/, "")
    .replace(/^Prisma config detected, skipping environment variable loading\.\n?/m, "")
    .replace(/^Loaded Prisma config from prisma\.config\.ts\.\n?/m, "")
    .replace(/\n{3,}/g, "\n\n");
process.stdout.write(quiet(result.stdout ?? ""));
process.stderr.write(quiet(result.stderr ?? "").trimStart());
if (result.error) console.error(`could not run prisma migrate deploy: ${result.error.message}`);
process.exit(result.status ?? 1);
