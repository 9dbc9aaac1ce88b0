import { optionsFromEnv } from "./config";
import { startStub } from "./server";

/** CLI entry (`npm run stub`): settings come from STUB_* variables, see README.md. */
async function main(): Promise<void> {
  const stub = await startStub(optionsFromEnv(process.env));
  // The only line the stub ever prints: no request logging, so no secrets can end up in output.
  console.log(`Stub Depop: consent ${stub.wwwUrl}/settings/oauth/apps/  api ${stub.apiUrl}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    stub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`Stub Depop failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
