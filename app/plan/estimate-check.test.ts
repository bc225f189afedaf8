import { describe, expect, it } from "vitest";

import { estimateFigures, estimateKey, secondLook } from "./estimate-check";

const e = (optimistic: number, likely: number, pessimistic: number) => ({ optimistic, likely, pessimistic });

describe("secondLook", () => {
  it("asks about a worst case more than ten times the likely figure (4000 typed for 40)", () => {
    expect(secondLook(e(1.25, 2.5, 4000))).toEqual({
      code: "spread",
      message:
        "The pessimistic 4,000 h is 1,600 times the likely 2.5 h; a worst case is usually two to three times the likely figure.",
    });
    // Exactly ten times is a wide range, not a typo.
    expect(secondLook(e(1, 4, 40))).toBeNull();
    expect(secondLook(e(1, 4, 40.5))?.code).toBe("spread");
    // No likely hours at all: the spread says nothing (a "maybe" item of 0 / 0 / 2 h).
    expect(secondLook(e(0, 0, 2))).toBeNull();
  });

  it("asks about an edit that moves the item's expected hours tenfold, by a week or more", () => {
    const before = e(1, 2, 4); // about 2.2 h
    expect(secondLook(e(20, 40, 80), before)).toEqual({
      code: "jump",
      message: "This takes the item from about 2 h to about 43 h, 20 times what it was.",
    });
    // Tenfold but small: 0.5 h to 8 h moves no total worth a question.
    expect(secondLook(e(4, 8, 16), e(0.25, 0.5, 1))).toBeNull();
    // Big but not tenfold: 30 h to 200 h.
    expect(secondLook(e(100, 200, 300), e(20, 30, 40))).toBeNull();
    // Down: 400 h typed as 4.
    expect(secondLook(e(2, 4, 8), e(200, 400, 800))).toEqual({
      code: "jump",
      message: "This takes the item from about 433 h to about 4 h, under a tenth of what it was.",
    });
  });

  it("asks once an item's worst case passes 500 h, not again on every edit of an item that big", () => {
    expect(secondLook(e(200, 300, 600))).toMatchObject({ code: "ceiling" });
    expect(secondLook(e(200, 300, 600), e(150, 280, 450))).toMatchObject({ code: "ceiling" });
    expect(secondLook(e(200, 300, 600), e(180, 290, 550))).toBeNull();
    expect(secondLook(e(200, 300, 500))).toBeNull();
  });

  it("lets the content's own shapes through: two to three times, sized up to the largest apps", () => {
    expect(secondLook(e(0.5, 1, 2.5))).toBeNull();
    expect(secondLook(e(16, 40, 120))).toBeNull();
    expect(secondLook(e(48, 120, 360), e(16, 40, 120))).toBeNull();
  });
});

describe("the tick's value and label", () => {
  it("stands for the figures to two decimals, as the fields take them", () => {
    expect(estimateKey(e(1.25, 2.5, 4000))).toBe("1.25,2.5,4000");
    expect(estimateKey(e(0.7 * 3, 2.5, 4000))).toBe("2.1,2.5,4000");
    expect(estimateFigures(e(1.25, 2.5, 4000))).toBe("1.25 / 2.5 / 4,000 h");
  });
});
