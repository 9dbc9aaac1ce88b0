/**
 * `cookies()` and `headers()` of next/headers for unit tests: one browser's cookie jar, sent back as a raw Cookie
 * header the way a browser would. Use with `vi.mock("next/headers", async () => (await import("…")).nextHeaders)`.
 */
// Kept on globalThis: a test that resets its modules (to re-read the configuration) still has one browser.
const shared = globalThis as typeof globalThis & {
  unitBrowser?: { jar: Map<string, string>; extra: string[]; headers: { userAgent: string } };
};
shared.unitBrowser ??= {
  jar: new Map(),
  extra: [],
  headers: { userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" },
};
export const cookieJar = shared.unitBrowser.jar;
/** Extra raw Cookie header text appended after the jar (e.g. a duplicate name planted by an attacker). */
export const extraCookies = shared.unitBrowser.extra;
export const requestHeaders = shared.unitBrowser.headers;

export const nextHeaders = {
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) ?? "" } : undefined),
    set: (name: string, value: string, options?: { maxAge?: number }) => {
      if (value === "" || options?.maxAge === 0) cookieJar.delete(name);
      else cookieJar.set(name, value);
    },
  }),
  headers: async () => {
    const cookie = [...[...cookieJar].map(([name, value]) => `${name}=${value}`), ...extraCookies].join("; ");
    return new Headers({ ...(cookie ? { cookie } : {}), "user-agent": requestHeaders.userAgent });
  },
};
