import { describe, expect, it } from "vitest";
import type { Transaction } from "../session";
import { checkCallback } from ".";

const now = 1_800_000_000_000;
const transaction: Transaction = {
  flow: "depop-connect/v1",
  state: "s".repeat(43),
  verifier: "v".repeat(43),
  scopes: ["shop_read", "products_read"],
  createdAt: now - 60_000,
};
const query = (value: string) => new URLSearchParams(value);

describe("callback checks before any token request", () => {
  it("accepts a code with the state this browser issued", () => {
    expect(checkCallback(query(`code=abc&state=${transaction.state}`), transaction, now)).toEqual({
      ok: true,
      transaction,
    });
  });

  it("refuses a state that does not match, or is missing", () => {
    expect(checkCallback(query(`code=abc&state=${"t".repeat(43)}`), transaction, now)).toEqual({
      ok: false,
      problem: "state_mismatch",
    });
    expect(checkCallback(query("code=abc"), transaction, now)).toMatchObject({ problem: "state_mismatch" });
  });

  it("refuses everything when this browser has no live transaction", () => {
    expect(checkCallback(query(`code=abc&state=${transaction.state}`), null, now)).toMatchObject({
      problem: "expired",
    });
    const old = { ...transaction, createdAt: now - 11 * 60_000 };
    expect(checkCallback(query(`code=abc&state=${transaction.state}`), old, now)).toMatchObject({ problem: "expired" });
  });

  it("checks the state before it looks at Depop's error", () => {
    expect(checkCallback(query("error=access_denied&state=forged"), transaction, now)).toMatchObject({
      problem: "state_mismatch",
    });
    expect(checkCallback(query(`error=access_denied&state=${transaction.state}`), transaction, now)).toMatchObject({
      problem: "denied",
    });
    expect(checkCallback(query(`error=server_error&state=${transaction.state}`), transaction, now)).toMatchObject({
      problem: "authorize_error",
    });
  });

  it("refuses duplicated, oversized or missing parameters", () => {
    expect(checkCallback(query(`code=a&code=b&state=${transaction.state}`), transaction, now)).toMatchObject({
      problem: "invalid_callback",
    });
    expect(checkCallback(query(`code=${"x".repeat(5000)}&state=${transaction.state}`), transaction, now)).toMatchObject(
      { problem: "invalid_callback" },
    );
    expect(checkCallback(query(`state=${transaction.state}`), transaction, now)).toMatchObject({
      problem: "invalid_callback",
    });
  });
});
