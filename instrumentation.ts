/**
 * Runs once when a server process starts, before it serves: refuse to serve with a broken configuration, then warm
 * the database path every page takes (the driver's connection, Prisma's query compiler and the session read's
 * plan), so the first sellers after a start or a cold serverless instance do not pay for it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigOrExit, warmUp } = await import("./lib/startup");
    checkConfigOrExit();
    await warmUp();
  }
}
