import { describe, expect, it } from "vitest";

import { estimateTotals, rowExpected, shownEstimate, sumTenths, typedEstimate } from "./estimate-totals";

describe("typedEstimate", () => {
  it("reads plain decimals in order", () => {
    expect(typedEstimate("2", " 4.5 ", "10")).toEqual({ optimistic: 2, likely: 4.5, pessimistic: 10 });
    expect(typedEstimate("0", "0", "0.5")).toEqual({ optimistic: 0, likely: 0, pessimistic: 0.5 });
  });

  it("is null for what the server would refuse", () => {
    for (const [o, m, p] of [
      ["", "4", "10"],
      ["1e1", "20", "30"],
      ["-1", "4", "10"],
      ["0x10", "20", "30"],
      ["5", "4", "10"],
      ["2", "12", "10"],
      ["0", "0", "0"],
      ["Infinity", "1", "2"],
    ] as const) {
      expect(typedEstimate(o, m, p), `${o} ${m} ${p}`).toBeNull();
    }
  });
});

describe("estimateTotals", () => {
  it("adds the rows as they are shown and prices only the partner's rows", () => {
    // 5.83 + 4.62 + 7.0 shown as 5.8 + 4.6 + 7 (to the tenth, as the plan CSV states them)
    const rows = [
      { expected: 5.83, billable: true },
      { expected: 4.62, billable: false },
      { expected: 7.0, billable: true },
    ];
    expect(estimateTotals(rows, 100)).toEqual({ hours: 17.4, cost: 1280, invalid: 0 });
  });

  it("leaves out rows not valid yet and counts them", () => {
    const rows = [
      { expected: 10, billable: true },
      { expected: null, billable: true },
    ];
    expect(estimateTotals(rows, 95)).toEqual({ hours: 10, cost: 950, invalid: 1 });
  });
});

describe("rowExpected and the sums in tenths", () => {
  it("states a quarter-hour item as 0.3 h and counts it, from the figures as shown", () => {
    expect(rowExpected({ optimistic: 0.25, likely: 0.25, pessimistic: 0.5 })).toBe(0.3);
    // Float noise of a sizing is not a figure: 2.0999999999999996 reads 2.1.
    expect(shownEstimate({ optimistic: 2.0999999999999996, likely: 3, pessimistic: 4.005 })).toEqual({
      optimistic: 2.1,
      likely: 3,
      pessimistic: 4.01,
    });
    // 0.29 h of work: 0.3 h and 0.3 × 95 in the sums, not "0 h · €0" (QA pass 7, finding 7).
    expect(estimateTotals([{ expected: 0.2917, billable: true }], 95)).toEqual({
      hours: 0.3,
      cost: 28.5,
      invalid: 0,
    });
  });

  it("adds tenths without float drift", () => {
    expect(sumTenths([0.1, 0.2])).toBe(0.3);
    expect(sumTenths(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  });
});
