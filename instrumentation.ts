/** Runs once when a server process starts: refuse to serve with a broken configuration. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigOrExit } = await import("./lib/startup");
    checkConfigOrExit();
  }
}
