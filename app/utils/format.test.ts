import { describe, expect, it } from "vitest";

import { weeksRange as pdfWeeksRange } from "~/pdf/blocks/format";

import { weeksRange } from "./format";

describe("weeksRange", () => {
  it("gives one figure when both ends round alike, on the page and in the PDFs", () => {
    // 0.3 and 0.7 weeks both round to half a week: "0.5–0.5 weeks" would read as a typo.
    for (const range of [weeksRange, pdfWeeksRange]) {
      expect(range(0.3, 0.7)).toBe("0.5 weeks");
      expect(range(2, 3.5)).toBe("2–3.5 weeks");
      expect(range(1, 1.1)).toBe("1 week");
      expect(range(11.4, 19.6)).toBe("11–20 weeks");
    }
  });
});
