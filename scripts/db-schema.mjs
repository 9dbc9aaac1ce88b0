#!/usr/bin/env node
// One schema, two providers. prisma/schema.prisma (SQLite, the embedded default) is the only schema anyone edits;
// this writes prisma/postgres/schema.prisma from it, changing only the provider and the client's output folder.
// `--check` (run by `npm run lint`) fails when the generated file is stale, so the two can never drift.
import { readFileSync, writeFileSync } from "node:fs";

const SOURCE = "prisma/schema.prisma";
const TARGET = "prisma/postgres/schema.prisma";

export function postgresSchema(source) {
  const replace = (text, pattern, replacement) => {
    if (!pattern.test(text)) throw new Error(`${SOURCE} has no ${pattern}: update scripts/db-schema.mjs`);
    return text.replace(pattern, replacement);
  };
  let schema = replace(source, /provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  schema = replace(
    schema,
    /output(\s*)=\s*"\.\.\/lib\/generated\/prisma"/,
    'output$1= "../../lib/generated/prisma-postgres"',
  );
  return `// GENERATED from ${SOURCE} by scripts/db-schema.mjs: do not edit (edit ${SOURCE}, then run npm run db:schema).\n${schema}`;
}

const expected = postgresSchema(readFileSync(SOURCE, "utf8"));
if (process.argv.includes("--check")) {
  let actual = "";
  try {
    actual = readFileSync(TARGET, "utf8");
  } catch {}
  if (actual !== expected) {
    console.error(`${TARGET} is stale: run \`npm run db:schema\` and commit the result.`);
    process.exit(1);
  }
} else {
  writeFileSync(TARGET, expected);
}
