import { describe, expect, it } from "vitest";

import { inWaitWords } from "./wait-words";

describe("inWaitWords", () => {
  it.each([
    [0, "in a few seconds"],
    [1, "in a few seconds"],
    [10, "in a few seconds"],
    [11, "in less than a minute"],
    [59.2, "in a minute"],
    [60, "in a minute"],
    [61, "in 2 minutes"],
    [15 * 60, "in 15 minutes"],
    [49 * 60, "in 49 minutes"],
    [49 * 60 + 1, "in about an hour"],
    [3582, "in about an hour"],
    [3600, "in about an hour"],
    [90 * 60, "in about an hour"],
    [24 * 60 * 60, "in about 24 hours"],
  ])("%s s reads %s", (seconds, words) => {
    expect(inWaitWords(seconds)).toBe(words);
  });
});
