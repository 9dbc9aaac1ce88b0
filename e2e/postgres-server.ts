import { createServer } from "node:http";
import { startCluster } from "../test/postgres-cluster";
import { E2E } from "./env";

/**
 * The e2e run's PostgreSQL: a throwaway cluster in its own temp directory, started by Playwright (webServer) before
 * the app and stopped after the run. It answers on its readiness port once the app's database exists; the specs
 * stop and start the server through its directory (e2e/fixtures/database.ts) to test outages.
 */
async function main() {
  const cluster = await startCluster({ port: E2E.postgres.port, directory: E2E.postgres.directory });
  await cluster.createDatabase(E2E.postgres.name);
  const ready = createServer((_request, response) => response.end("ready")).listen(E2E.postgres.readyPort, "127.0.0.1");

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    ready.close();
    cluster.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
