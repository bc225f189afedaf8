import { describe, expect, it } from "vitest";

import { colors } from "../../blocks/styles";

import { scoreColor } from "./radar";

describe("scoreColor", () => {
  it("colours a score by its readiness level, as the web pages do", () => {
    expect([0, 23, 39, 40, 69, 70, 90, 100].map(scoreColor)).toEqual([
      colors.danger,
      colors.danger,
      colors.danger,
      colors.caution,
      colors.caution,
      colors.brand,
      colors.brand,
      colors.brand,
    ]);
  });
});
