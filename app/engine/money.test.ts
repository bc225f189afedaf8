import { describe, expect, it } from "vitest";
import { formatMoney, formatMoneyRange, isCurrencyCode } from "./money";

describe("formatMoney", () => {
  it("formats whole units in the currency and locale", () => {
    expect(formatMoney(12345.6, "USD")).toBe("$12,346");
    expect(formatMoney(12345.4, "EUR", "de-DE")).toBe("12.345\u00a0€");
    expect(formatMoney(1000, "GBP", "en-GB")).toBe("£1,000");
    expect(formatMoney(150000, "JPY", "ja-JP")).toMatch(/150,000/);
    expect(formatMoney(99, "usd")).toBe("$99");
  });

  it("formats ranges", () => {
    expect(formatMoneyRange(1000, 2500.4, "USD")).toBe("$1,000 – $2,500");
  });

  it("knows currency codes", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("QQQ")).toBe(false);
    expect(isCurrencyCode("EURO")).toBe(false);
  });
});
