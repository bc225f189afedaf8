import { describe, expect, it } from "vitest";
import { formatBilled, formatEstimate, formatMoney, isCurrencyCode, roundEstimate } from "./money";

describe("formatMoney", () => {
  it("formats whole units in the currency and locale", () => {
    expect(formatMoney(12345.6, "USD")).toBe("$12,346");
    expect(formatMoney(12345.4, "EUR", "de-DE")).toBe("12.345\u00a0€");
    expect(formatMoney(1000, "GBP", "en-GB")).toBe("£1,000");
    expect(formatMoney(150000, "JPY", "ja-JP")).toMatch(/150,000/);
    expect(formatMoney(99, "usd")).toBe("$99");
  });
});

describe("formatEstimate", () => {
  it("rounds an estimate to what it can claim: 10 under 1,000, 100 under 100,000, 1,000 above", () => {
    expect(roundEstimate(994)).toBe(990);
    expect(roundEstimate(995)).toBe(1000);
    expect(roundEstimate(7647)).toBe(7600);
    expect(roundEstimate(13585)).toBe(13600);
    expect(roundEstimate(99_949)).toBe(99_900);
    expect(roundEstimate(125_400)).toBe(125_000);
    expect(roundEstimate(0)).toBe(0);
    expect(formatEstimate(7647, "EUR")).toBe("€7,600");
  });

  it("keeps three significant figures for amounts of millions, in every currency (QA 7 #12)", () => {
    // the same as before up to a million: the euro and dollar figures the pages already show
    expect(roundEstimate(999_400)).toBe(999_000);
    expect(roundEstimate(42_949)).toBe(42_900);
    expect(roundEstimate(248_400)).toBe(248_000);
    // past it, no more than three: "¥11,061,000" claimed five
    expect(roundEstimate(11_061_000)).toBe(11_100_000);
    expect(roundEstimate(26_142_000)).toBe(26_100_000);
    expect(roundEstimate(4_521_000)).toBe(4_520_000);
    expect(roundEstimate(1_000_000)).toBe(1_000_000);
    expect(roundEstimate(9_996_000)).toBe(10_000_000);
    expect(roundEstimate(123_456_789)).toBe(123_000_000);
    expect(formatEstimate(1_234_567, "JPY", "ja-JP")).toMatch(/1,230,000/);
    expect(formatEstimate(26_142_000, "JPY")).toBe("¥26,100,000");
    expect(formatEstimate(1_234_567, "EUR")).toBe("€1,230,000");
  });

  it("agrees with whole hours × a rate, where to-the-unit money did not", () => {
    // 78.8 h likely at €95: the page says "79 h" and, to the euro, "€7,486"; 79 × 95 = €7,505.
    expect(formatEstimate(78.8 * 95, "EUR")).toBe(formatEstimate(79 * 95, "EUR"));
  });

  it("knows currency codes", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("QQQ")).toBe(false);
    expect(isCurrencyCode("EURO")).toBe(false);
  });
});

describe("formatBilled", () => {
  it("gives time billed to the cent, in the currency's own minor units", () => {
    expect(formatBilled(308.75, "EUR")).toBe("€308.75");
    expect(formatBilled(332.5, "eur")).toBe("€332.50");
    expect(formatBilled(1234.5, "JPY")).toBe("¥1,235");
  });
});
