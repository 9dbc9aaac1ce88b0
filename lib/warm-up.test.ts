import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { WARM_UP_TOKEN } from "../scripts/warm-up.mjs";
import { productStatus } from "./format";
import { isWarmUpRequest, WARM_UP_SELLER_ID, warmUpConnection, warmUpInProgress, warmUpProducts } from "./warm-up";

// Where the launcher puts the token while a worker warms up.
const TOKEN_KEY = WARM_UP_TOKEN;
const setToken = (value: unknown) => Reflect.set(globalThis, TOKEN_KEY, value);

afterEach(() => {
  Reflect.deleteProperty(globalThis, TOKEN_KEY);
});

describe("npm start's warm-up requests", () => {
  it("are recognised only by this process's token while it warms up", () => {
    const token = randomBytes(32).toString("base64url");
    expect(warmUpInProgress()).toBe(false);
    expect(isWarmUpRequest(token)).toBe(false);

    setToken(token);
    expect(warmUpInProgress()).toBe(true);
    expect(isWarmUpRequest(token)).toBe(true);
    expect(isWarmUpRequest(null)).toBe(false);
    expect(isWarmUpRequest("")).toBe(false);
    expect(isWarmUpRequest(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBe(false);
    expect(isWarmUpRequest(token.slice(0, -1))).toBe(false);
    expect(isWarmUpRequest(`${token}x`)).toBe(false);

    // The launcher deletes it before the port opens: the same header is then nobody's.
    Reflect.deleteProperty(globalThis, TOKEN_KEY);
    expect(warmUpInProgress()).toBe(false);
    expect(isWarmUpRequest(token)).toBe(false);
  });

  it("never match a token too short to be the launcher's, or one that is not a string", () => {
    setToken("short");
    expect(warmUpInProgress()).toBe(false);
    expect(isWarmUpRequest("short")).toBe(false);
    setToken(12345);
    expect(isWarmUpRequest("12345")).toBe(false);
  });

  it("render a full, varied page of a shop no seller has", () => {
    const page = warmUpProducts(24);
    expect(page.data).toHaveLength(24);
    expect(page.meta.has_more).toBe(true);
    const tones = new Set(page.data.map((product) => productStatus(product.status).tone));
    expect(tones).toEqual(new Set(["onsale", "sold", "gone"]));
    expect(page.data.some((product) => product.current_price !== undefined)).toBe(true);
    expect(page.data.every((product) => product.pictures.length === 1)).toBe(true);

    const connection = warmUpConnection();
    expect(connection.sellerId).toBe(WARM_UP_SELLER_ID);
    expect(connection.status).toBe("active");
    expect(connection.scopes).toContain("products_write");
  });
});
