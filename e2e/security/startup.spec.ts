import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { WARM_UP_HEADER } from "../../scripts/warm-up.mjs";
import { E2E } from "../env";
import { expect, test } from "../fixtures";

// ASVS V14.1 / V13.3 (configuration and secrets): production refuses to start on bad configuration, and says
// which variable is wrong without printing its value.

/** Runs a command to its end (or kills it after `timeoutMs`) and returns its exit code and everything it printed. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function startApp(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  // `npm start`'s own launcher with two workers: a worker that cannot start stops the whole server.
  const merged: Record<string, string | undefined> = {
    ...process.env,
    ...E2E.appEnv,
    PORT: String(E2E.port(3199)),
    WEB_CONCURRENCY: "2",
    ...env,
  };
  const childEnv: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    ...Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)),
  };
  return run(process.execPath, ["scripts/start.mjs", "--port", String(E2E.port(3199))], childEnv, 30_000);
}

const cases: { name: string; env: Record<string, string | undefined>; variable: string; value?: string }[] = [
  { name: "a missing SESSION_SECRET", env: { SESSION_SECRET: undefined }, variable: "SESSION_SECRET" },
  {
    name: "a short SESSION_SECRET",
    env: { SESSION_SECRET: "short-but-secret-9f2" },
    variable: "SESSION_SECRET",
    value: "short-but-secret-9f2",
  },
  {
    name: "a malformed TOKEN_ENCRYPTION_KEY",
    env: { TOKEN_ENCRYPTION_KEY: "bm90LTMyLWJ5dGVzLWxvbmc=" },
    variable: "TOKEN_ENCRYPTION_KEY",
    value: "bm90LTMyLWJ5dGVzLWxvbmc=",
  },
  { name: "a missing DEPOP_CLIENT_SECRET", env: { DEPOP_CLIENT_SECRET: undefined }, variable: "DEPOP_CLIENT_SECRET" },
  {
    name: "a plain-http APP_URL that is not localhost",
    env: { APP_URL: "http://connect.example.com" },
    variable: "APP_URL",
    value: "connect.example.com",
  },
];

test.describe("startup validation", () => {
  for (const { name, env, variable, value } of cases) {
    test(`production refuses to start on ${name}`, async () => {
      const { code, output } = await startApp(env);
      expect(code).not.toBe(0);
      expect(output).toContain("cannot start");
      expect(output).toContain(variable);
      if (value) expect(output).not.toContain(value);
    });
  }
});

test("npm start with no configuration stops once, before migrating, naming every missing variable", async () => {
  const database = `.e2e/unconfigured-${Date.now()}.db`;
  const result = await run(
    "npm",
    ["start"],
    {
      NODE_ENV: "production",
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: `file:./${database}`,
    },
    60_000,
  );
  expect(result.code).not.toBe(0);
  expect(result.output.match(/cannot start/g)).toHaveLength(1);
  for (const variable of [
    "APP_URL",
    "DEPOP_CLIENT_ID",
    "DEPOP_CLIENT_SECRET",
    "SESSION_SECRET",
    "TOKEN_ENCRYPTION_KEY",
  ]) {
    expect(result.output).toContain(variable);
  }
  expect(result.output).not.toContain("Ready");
  expect(existsSync(database)).toBe(false);
});

test.describe("npm start's launcher", () => {
  test("refuses an argument next start would not take, and a WARM_UP_REQUESTS that is not a count", async () => {
    const unknown = await run(process.execPath, ["scripts/start.mjs", "--prot", "3199"], { ...process.env }, 30_000);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toContain("--prot");
    expect(unknown.output).toContain("-p/--port");
    const warmUp = await startApp({ WARM_UP_REQUESTS: "lots" });
    expect(warmUp.code).toBe(1);
    expect(warmUp.output).toContain("WARM_UP_REQUESTS must be a whole number");
    expect(warmUp.output).not.toContain("Ready");
  });

  test("a worker opens its port only after it has served its own warm-up requests", async () => {
    const port = E2E.port(3199);
    const child = spawn(process.execPath, ["scripts/start.mjs", "--port", String(port)], {
      env: { ...process.env, ...E2E.appEnv, NODE_ENV: "production", WEB_CONCURRENCY: "1", WARM_UP_REQUESTS: "800" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    try {
      // The first answer the port gives comes after the worker has logged that it is ready, which it does once its
      // 800 warm-up requests are served (seconds): a port opened before the warm-up would answer long before that.
      let answered = false;
      const deadline = Date.now() + 60_000;
      while (!answered && Date.now() < deadline) {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        if (response) {
          expect(response.status).toBe(200);
          await response.text();
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(output, "the port answered before the worker logged Ready").toContain("Ready in");
          answered = true;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      }
      expect(answered).toBe(true);
      expect(output).toMatch(/Ready in \d+ms .*warmed with 800 requests/);
      expect(output).not.toContain("warm-up stopped early");
      // Every warm-up request was answered 200: the dashboard rendered its made-up shop (the launcher names any
      // other answer, such as the redirect home a request without a session gets).
      expect(output).not.toContain("depop-connect: warm-up:");

      // Once the worker serves, the warm-up header is nobody's: a guess of the token's shape gets no made-up shop.
      const guess = await fetch(`http://127.0.0.1:${port}/dashboard`, {
        headers: { [WARM_UP_HEADER]: randomBytes(32).toString("base64url") },
        redirect: "manual",
      });
      const body = await guess.text();
      expect(guess.status).toBe(307);
      expect(new URL(guess.headers.get("location") ?? "", `http://127.0.0.1:${port}`).pathname).toBe("/");
      expect(body).not.toContain("warm_up");
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});
