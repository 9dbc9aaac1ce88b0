import { describe, expect, it } from "vitest";
import { formatMoney, productStatus, productTitle } from "./format";

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
});
