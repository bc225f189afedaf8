import { describe, expect, it } from "vitest";

import { placeQuote, type QuotePosition } from "./quote-check";

// Shown as €8,000–€14,200 for the launch minimum and €21,900–€37,500 for everything.
const launch = { likely: 7_987, cautious: 14_163 };
const total = { likely: 21_912, cautious: 37_481 };
const at = (amount: number): QuotePosition => placeQuote({ amount, launch, total, rate: 95 }).position;

describe("placeQuote", () => {
  it("places a quote in each band, on the figures as the page shows them", () => {
    expect(at(3_000)).toBe("far-below");
    expect(at(3_999)).toBe("far-below");
    expect(at(4_000)).toBe("below-launch"); // half of the shown €8,000
    expect(at(7_999)).toBe("below-launch");
    expect(at(8_000)).toBe("launch"); // the shown likely, though the simulated one is €7,987
    expect(at(14_200)).toBe("launch"); // the shown cautious, though the simulated one is €14,163
    expect(at(14_201)).toBe("between");
    expect(at(21_899)).toBe("between");
    expect(at(21_900)).toBe("total");
    expect(at(37_500)).toBe("total");
    expect(at(37_501)).toBe("above");
    expect(at(75_000)).toBe("above");
    expect(at(75_001)).toBe("far-above");
  });

  it("says what the quote buys in hours at the engagement's rate, rounded down", () => {
    expect(placeQuote({ amount: 12_000, launch, total, rate: 95 }).hours).toBe(126);
    expect(placeQuote({ amount: 12_000, launch, total, rate: 0 }).hours).toBe(0);
  });

  it("skips 'between' when the launch minimum's cautious cost reaches the total's likely one", () => {
    const wide = { likely: 10_000, cautious: 30_000 };
    const near = { likely: 20_000, cautious: 40_000 };
    const place = (amount: number) => placeQuote({ amount, launch: wide, total: near, rate: 100 }).position;
    expect(place(25_000)).toBe("launch");
    expect(place(30_001)).toBe("total");
  });

  it("reads every quote as above the launch minimum when it has no work", () => {
    const none = { likely: 0, cautious: 0 };
    const place = (amount: number) => placeQuote({ amount, launch: none, total, rate: 95 }).position;
    expect(place(1)).toBe("between");
    expect(place(30_000)).toBe("total");
  });
});
