import { describe, expect, it } from "vitest";

import { estimateTotals, typedEstimate } from "./estimate-totals";

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
    // 5.8 + 4.6 + 7.0 shown as 6 + 5 + 7
    const rows = [
      { expected: 5.8, billable: true },
      { expected: 4.6, billable: false },
      { expected: 7.0, billable: true },
    ];
    expect(estimateTotals(rows, 100)).toEqual({ hours: 18, cost: 1300, invalid: 0 });
  });

  it("leaves out rows not valid yet and counts them", () => {
    const rows = [
      { expected: 10, billable: true },
      { expected: null, billable: true },
    ];
    expect(estimateTotals(rows, 95)).toEqual({ hours: 10, cost: 950, invalid: 1 });
  });
});
