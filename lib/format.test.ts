import { describe, expect, it } from "vitest";
import {
  conditionLabel,
  descriptionBody,
  formatMoney,
  humanize,
  moneyLocale,
  productStatus,
  productTitle,
  sizeLabel,
} from "./format";

describe("display helpers", () => {
  it("uses the first non-empty line of the description as the title", () => {
    expect(productTitle({ description: "\n  Vintage Nike windbreaker  \n\nMore text", slug: "x-1" })).toBe(
      "Vintage Nike windbreaker",
    );
    expect(productTitle({ description: "", slug: "vintage-nike-tee-123" })).toBe("vintage nike tee");
  });

  it("formats decimal-string prices in their currency", () => {
    expect(formatMoney("25.99", "GBP")).toBe("£25.99");
    expect(formatMoney("1200.00", "USD")).toBe("US$1,200.00");
  });

  it("turns Depop statuses into readable labels", () => {
    expect(productStatus("STATUS_ONSALE").label).toBe("On sale");
    expect(productStatus("STATUS_MARKED_AS_SOLD").tone).toBe("sold");
    expect(productStatus("STATUS_SOMETHING_NEW").label).toBe("Other");
  });

  it("formats money by the browser's language and the shop's country", () => {
    expect(moneyLocale("en-GB,en;q=0.9", "US")).toBe("en-US");
    expect(formatMoney("66.00", "USD", moneyLocale("en-GB", "US"))).toBe("$66.00");
    expect(formatMoney("66.00", "GBP", moneyLocale("en-US", "GB"))).toBe("£66.00");
    expect(formatMoney("66.00", "EUR", moneyLocale("fr-FR,fr;q=0.9", "FR"))).toMatch(/^66,00\s€$/);
    expect(moneyLocale(null, undefined)).toBe("en");
    expect(moneyLocale("*;q=0.5, <script>", "ZZ")).toBe("en-ZZ");
    expect(moneyLocale("xx-invalid-tag-that-is-long", "G1")).toBe("en-GB");
  });

  it("shows Depop's values in words, and the description without its title line", () => {
    expect(conditionLabel("used_excellent")).toBe("Used, excellent");
    expect(conditionLabel("something_else")).toBe("Something else");
    expect(humanize("y2_k")).toBe("Y2K");
    expect(humanize("avant_garde")).toBe("Avant garde");
    expect(sizeLabel(301, 73)).toBe("Depop size 301 (size chart 73)");
    expect(descriptionBody({ description: "\nTitle line\nSecond\nThird" })).toBe("Second\nThird");
    expect(descriptionBody({ description: "Only a title" })).toBe("");
  });
});
