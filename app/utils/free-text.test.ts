import { describe, expect, it } from "vitest";

import { freeTextBlocks } from "./free-text";

describe("freeTextBlocks", () => {
  it("reads lines as a list and a lone line as a paragraph, blank lines separating blocks", () => {
    expect(
      freeTextBlocks("Access in week one.\nNew features are quoted separately.\n\nAnswers are accurate."),
    ).toEqual([
      { kind: "list", items: ["Access in week one.", "New features are quoted separately."] },
      { kind: "paragraph", text: "Answers are accurate." },
    ]);
  });

  it("drops the markers a partner typed, and reads a single marked line as a list", () => {
    expect(freeTextBlocks("- one\r\n* two\r\n• three\n1. four\n2) five")).toEqual([
      { kind: "list", items: ["one", "two", "three", "four", "five"] },
    ]);
    expect(freeTextBlocks("– only one")).toEqual([{ kind: "list", items: ["only one"] }]);
  });

  it("has no block for empty or blank text", () => {
    expect(freeTextBlocks("")).toEqual([]);
    expect(freeTextBlocks(" \n\n \n")).toEqual([]);
  });
});
