// npm start's warm-up of a worker (scripts/start.mjs): requests the worker serves itself on a private loopback port
// before it opens the shared one, so that V8 has compiled and optimised the render path before the first seller.
// They take turns between the home page and the dashboard. The dashboard renders a made-up shop for them, and only
// for them (lib/warm-up.ts): they carry a random token this process holds in memory while it warms up, deleted before
// this function returns, so that no request the worker serves afterwards can be one.
import { randomBytes } from "node:crypto";
import { Agent, request } from "node:http";
import { gunzipSync } from "node:zlib";

const CONCURRENCY = 4;
const PATHS = ["/", "/dashboard"];
const TIMEOUT_MS = 10_000;
// The header and the registered symbol lib/warm-up.ts reads (the e2e startup test fails if the two drift apart).
export const WARM_UP_HEADER = "x-depop-connect-warm-up";
export const WARM_UP_TOKEN = Symbol.for("depop-connect.warm-up-token");
/** What the made-up shop's dashboard shows (lib/warm-up.ts): the shop's name, and its first product. */
const MADE_UP_SHOP = ["@<!-- -->warm_up", "Warm-up product 1:"];

/**
 * `count` requests to the server at `port` (127.0.0.1), a few at a time. A failure ends the warm-up, never the
 * worker; anything that did not warm what it should (an answer other than 200, a first dashboard without the made-up
 * shop) is reported through `log`, once, at the end.
 */
export async function warmUp(port, count, log = console.error) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const unexpected = new Set();
  let checked = false;
  let stopped = false;
  let sent = 0;
  try {
    globalThis[WARM_UP_TOKEN] = randomBytes(32).toString("base64url");
    const headers = { accept: "text/html", "accept-encoding": "gzip", [WARM_UP_HEADER]: globalThis[WARM_UP_TOKEN] };
    const one = (path) =>
      new Promise((resolve, reject) => {
        const outgoing = request({ host: "127.0.0.1", port, path, agent, headers }, (response) => {
          if (response.statusCode !== 200) unexpected.add(`${path} answered ${response.statusCode}`);
          const check = path === "/dashboard" && response.statusCode === 200 && !checked;
          if (check) checked = true;
          const chunks = [];
          response.on("data", (chunk) => {
            if (check) chunks.push(chunk);
          });
          response.on("end", () => {
            if (check && !rendersMadeUpShop(Buffer.concat(chunks), response.headers["content-encoding"])) {
              unexpected.add("/dashboard did not render the made-up shop");
            }
            resolve();
          });
          response.on("error", reject);
        });
        outgoing.on("error", reject);
        outgoing.setTimeout(TIMEOUT_MS, () => outgoing.destroy(new Error("warm-up request timed out")));
        outgoing.end();
      });
    const lane = async () => {
      while (!stopped && sent < count) {
        sent++;
        await one(PATHS[sent % PATHS.length]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  } catch (error) {
    log(`depop-connect: warm-up stopped early (${error.message}); serving anyway`);
  } finally {
    stopped = true;
    delete globalThis[WARM_UP_TOKEN];
    agent.destroy();
  }
  if (unexpected.size > 0) log(`depop-connect: warm-up: ${[...unexpected].join(", ")}`);
}

function rendersMadeUpShop(body, encoding) {
  try {
    const html = (encoding === "gzip" ? gunzipSync(body) : body).toString("utf8");
    return MADE_UP_SHOP.every((text) => html.includes(text));
  } catch {
    return false;
  }
}
