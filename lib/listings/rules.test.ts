import { describe, expect, it } from "vitest";
import { changedPrice, descriptionRule, priceChangeRule, priceRule, quantityRule, shippingCostRule } from "./rules";

const problem = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? undefined : result.error?.issues[0]?.message;

describe("description rule", () => {
  it("accepts 1000 characters with five hashtags", () => {
    const text = `${"a".repeat(1000 - 30)} #one #two #three #four #five`.slice(0, 1000);
    expect(descriptionRule.safeParse(text).success).toBe(true);
  });
  it("refuses 1001 characters, counting an emoji as one", () => {
    expect(problem(descriptionRule.safeParse("a".repeat(1001)))).toMatch(/1000 characters/);
    expect(descriptionRule.safeParse("😀".repeat(1000)).success).toBe(true);
  });
  it("refuses a sixth hashtag", () => {
    expect(problem(descriptionRule.safeParse("Nice #a #b #c #d #e #f"))).toMatch(/at most 5 hashtags/);
  });
  it("refuses an e-mail address anywhere", () => {
    expect(problem(descriptionRule.safeParse("Ask me at jo.bloggs+shop@example.co.uk"))).toMatch(/e-mail/);
  });
  it("refuses an empty description and trims the rest", () => {
    expect(problem(descriptionRule.safeParse("   "))).toMatch(/Write a description/);
    expect(descriptionRule.parse("  Jacket\r\nsize M  ")).toBe("Jacket\nsize M");
  });
});

describe("price rule", () => {
  it.each([
    ["1", "1.00"],
    ["1.00", "1.00"],
    ["12.5", "12.50"],
    ["£24.99", "24.99"],
    ["007.10", "7.10"],
  ])("accepts %s as %s", (input, output) => {
    expect(priceRule.parse(input)).toBe(output);
  });
  it.each([
    ["0.99", /at least 1.00/],
    ["12.345", /at most 2 decimals/],
    ["12,50", /at most 2 decimals/],
    ["-5", /at most 2 decimals/],
    ["", /Enter a price/],
    ["1e3", /at most 2 decimals/],
    ["200000", /at most 100000/],
  ])("refuses %s", (input, message) => {
    expect(problem(priceRule.safeParse(input))).toMatch(message);
  });
});

describe("quantity and shipping rules", () => {
  it("takes whole numbers from 1", () => {
    expect(quantityRule.parse("3")).toBe(3);
    for (const bad of ["0", "1.5", "-1", "abc", "10000"]) expect(quantityRule.safeParse(bad).success).toBe(false);
  });
  it("takes 0.00 as free shipping, refuses three decimals", () => {
    expect(shippingCostRule.parse("0")).toBe("0.00");
    expect(shippingCostRule.parse("3.5")).toBe("3.50");
    expect(shippingCostRule.safeParse("3.555").success).toBe(false);
  });
});

describe("bulk price changes", () => {
  it("takes 10% off to the cent, half up", () => {
    expect(changedPrice("24.99", { kind: "percent", value: -10 })).toEqual({ ok: true, price: "22.49" });
    expect(changedPrice("12.10", { kind: "percent", value: -10 })).toEqual({ ok: true, price: "10.89" });
    expect(changedPrice("10.05", { kind: "percent", value: -10 })).toEqual({ ok: true, price: "9.05" });
  });
  it("adds or removes a fixed amount", () => {
    expect(changedPrice("20.00", { kind: "amount", cents: -250 })).toEqual({ ok: true, price: "17.50" });
    expect(changedPrice("20.00", { kind: "amount", cents: 1 })).toEqual({ ok: true, price: "20.01" });
  });
  it("refuses a change that would go under 1.00 instead of clamping it", () => {
    expect(changedPrice("1.05", { kind: "percent", value: -10 })).toEqual({
      ok: false,
      problem: "The new price would be under 1.00.",
    });
  });
  it("reads the form's percentage or amount", () => {
    expect(priceChangeRule.parse({ change_kind: "percent", change_value: "-10" })).toEqual({
      kind: "percent",
      value: -10,
    });
    expect(priceChangeRule.parse({ change_kind: "amount", change_value: "−2.5" })).toEqual({
      kind: "amount",
      cents: -250,
    });
    expect(priceChangeRule.safeParse({ change_kind: "percent", change_value: "-95" }).success).toBe(false);
    expect(priceChangeRule.safeParse({ change_kind: "percent", change_value: "0" }).success).toBe(false);
    expect(priceChangeRule.safeParse({ change_kind: "percent", change_value: "ten" }).success).toBe(false);
  });
});
