import { describe, expect, it } from "vitest";

import { pieces } from "./primitives";

describe("pieces of a long line of free text", () => {
  it("leaves a short line whole", () => {
    expect(pieces("Payment: 40% on signing.")).toEqual(["Payment: 40% on signing."]);
  });

  it("breaks after a sentence where one ends in reach, and loses no word", () => {
    const sentence = "We fix defects found within 30 days of launch at no charge. ";
    const text = sentence.repeat(40).trim();
    const out = pieces(text, 200);
    expect(out.length).toBeGreaterThan(1);
    for (const piece of out) {
      expect(piece.length).toBeLessThanOrEqual(200);
      expect(piece.endsWith(".")).toBe(true);
    }
    expect(out.join(" ")).toBe(text);
  });

  it("breaks a run-on clause at a space, and one very long word at the limit", () => {
    const words = "NOT LIABLE FOR INDIRECT DAMAGES ".repeat(30).trim();
    expect(pieces(words, 100).join(" ")).toBe(words);
    expect(pieces(words, 100).every((p) => p.length <= 100)).toBe(true);
    const word = "x".repeat(250);
    expect(pieces(word, 100)).toEqual(["x".repeat(100), "x".repeat(100), "x".repeat(50)]);
  });
});
