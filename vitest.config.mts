import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests run on SQLite; the ones that touch the database (`*.db.test.ts`) run once more on PostgreSQL, against
// a throwaway cluster the run starts and stops itself (test/postgres-global-setup.ts). `*.sqlite.test.ts` and
// `*.postgres.test.ts` are about one provider only.
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React Server Components; unit tests run lib code directly.
      "server-only": fileURLToPath(new URL("./test/server-only.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["lib/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.postgres.test.ts", "**/node_modules/**"],
          env: { TEST_DATABASE: "sqlite" },
        },
      },
      {
        extends: true,
        test: {
          name: "postgresql",
          include: ["lib/**/*.db.test.ts", "test/**/*.db.test.ts", "**/*.postgres.test.ts"],
          exclude: ["**/node_modules/**"],
          env: { TEST_DATABASE: "postgresql" },
          globalSetup: ["test/postgres-global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
