import { describe, expect, it } from "vitest";

import {
  aboutWeeks as pdfAboutWeeks,
  formatWeeks as pdfFormatWeeks,
  weeksLikelyCautious as pdfWeeksLikelyCautious,
  weeksRange as pdfWeeksRange,
} from "~/pdf/blocks/format";

import {
  aboutHours,
  aboutWeeks,
  estimateHours,
  estimateRange,
  formatHours,
  formatWeeks,
  hoursRange,
  quarterHours,
  sumOfShownHours,
  weeksLikelyCautious,
  weeksLikelyCautiousParts,
  weeksRange,
} from "./format";

describe("weeksRange", () => {
  it("gives one figure when both ends round alike, on the page and in the PDFs", () => {
    // 2.1 and 2.2 weeks both round to 2: "2–2 weeks" would read as a typo.
    for (const range of [weeksRange, pdfWeeksRange]) {
      expect(range(2.1, 2.2)).toBe("2 weeks");
      expect(range(0.3, 0.7)).toBe("under a week");
      expect(range(2, 3.5)).toBe("2–3.5 weeks");
      expect(range(1, 1.1)).toBe("1 week");
      expect(range(11.4, 19.6)).toBe("11–20 weeks");
    }
  });
});

describe("weeks under one", () => {
  it("read “under a week”, never “0 weeks” (QA 2 #8), on the page and in the PDFs alike", () => {
    // 2–4 h of work at 2 engineers × 30 h × 70%: a tenth of a week, which rounded to "0 weeks".
    for (const weeks of [formatWeeks, pdfFormatWeeks]) {
      expect(weeks(0.1)).toBe("under a week");
      expect(weeks(0.5)).toBe("under a week");
      expect(weeks(0.74)).toBe("under a week");
      expect(weeks(0.75)).toBe("1 week");
      expect(weeks(1.3)).toBe("1.5 weeks");
      expect(weeks(12.4)).toBe("12 weeks");
      // nothing to do at all is no time, not "under a week"
      expect(weeks(0)).toBe("0 weeks");
    }
  });

  it("are said once when both ends are under a week, and named when only one is", () => {
    for (const likelyCautious of [weeksLikelyCautious, pdfWeeksLikelyCautious]) {
      expect(likelyCautious(0.1, 0.2)).toBe("under a week");
      expect(likelyCautious(0.4, 1.6)).toBe("under a week likely, 1.5 weeks cautious");
      expect(likelyCautious(6.2, 11)).toBe("6 weeks likely, 11 weeks cautious");
      // equal ends of a week or more still say which is which
      expect(likelyCautious(3, 3.1)).toBe("3 weeks likely, 3 weeks cautious");
    }
    expect(weeksLikelyCautiousParts(0.1, 0.2)).toEqual(["under a week"]);
    expect(weeksLikelyCautiousParts(0.1, 2)).toEqual(["under a week likely", "2 weeks cautious"]);
    for (const range of [weeksRange, pdfWeeksRange]) {
      expect(range(0.1, 2)).toBe("up to 2 weeks");
      expect(range(0, 2)).toBe("up to 2 weeks");
      expect(range(0, 0.2)).toBe("under a week");
    }
    for (const about of [aboutWeeks, pdfAboutWeeks]) {
      expect(about(0.2)).toBe("under a week");
      expect(about(4.2)).toBe("about 4 weeks");
    }
  });
});

describe("estimateRange", () => {
  it("rounds to the half hour under 10 h and to whole hours from there", () => {
    expect(estimateHours(1.7)).toBe(1.5);
    expect(estimateHours(0.9)).toBe(1);
    expect(estimateHours(4.5)).toBe(4.5);
    expect(estimateHours(2.0999999999999996)).toBe(2);
    expect(estimateHours(9.8)).toBe(10);
    expect(estimateHours(10.2)).toBe(10);
    expect(estimateHours(11.7)).toBe(12);
    expect(estimateRange({ optimistic: 1.7, pessimistic: 10.2 })).toBe("1.5–10 h");
    expect(estimateRange({ optimistic: 0.9, pessimistic: 4.5 })).toBe("1–4.5 h");
    expect(estimateRange({ optimistic: 3, pessimistic: 12 })).toBe("3–12 h");
    expect(estimateRange({ optimistic: 1200, pessimistic: 2400 })).toBe("1,200–2,400 h");
  });

  it("gives one figure when both ends round alike", () => {
    expect(estimateRange({ optimistic: 0.4, pessimistic: 0.6 })).toBe("0.5 h");
  });

  it("keeps a quarter hour under an hour, never 0 (QA 7 #7)", () => {
    // 0.25–0.5 h read "0.5 h": the best case vanished
    expect(estimateRange({ optimistic: 0.25, pessimistic: 0.5 })).toBe("0.25–0.5 h");
    expect(estimateHours(0.25)).toBe(0.25);
    expect(estimateHours(0.75)).toBe(0.75);
    expect(estimateHours(0.1)).toBe(0.25);
    expect(estimateHours(0)).toBe(0);
  });

  it('keeps the whole-hour "about N h" beside it inside the range shown, to the hour', () => {
    // o ≤ mean ≤ p, and both roundings keep order; only the whole hours of "about" can step past a
    // half-hour end ("1.5 h, about 1 h"), never by a whole hour.
    for (let o = 0; o <= 20; o += 0.1) {
      for (const spread of [1, 2, 3.5, 6]) {
        const p = o * spread + 0.1;
        const mean = (o + 4 * ((o + p) / 2) + p) / 6;
        const low = estimateHours(o);
        const high = estimateHours(p);
        const about = Math.round(mean);
        expect(low).toBeLessThanOrEqual(high);
        expect(about).toBeGreaterThanOrEqual(Math.floor(low));
        expect(about).toBeLessThanOrEqual(Math.ceil(high));
      }
    }
  });
});

describe("sumOfShownHours", () => {
  it("adds the rows as they are shown, each in whole hours, or tenths under an hour", () => {
    // 5.8 + 4.6 + 7.0 = 17.4 h, shown as 6 + 5 + 7: the total says 18 h, as the rows add up.
    expect(sumOfShownHours([5.8, 4.6, 7.0])).toBe(18);
    expect(sumOfShownHours([0.4, 1.25, 2.5])).toBe(4.4);
    expect(formatHours(sumOfShownHours([0.4, 1.25, 2.5]))).toBe("4 h");
    expect(sumOfShownHours([])).toBe(0);
    // quarter-hour items were each "0 h", so their total too (QA 7 #7)
    expect(sumOfShownHours([0.29])).toBe(0.3);
    expect(sumOfShownHours([0.1, 0.2])).toBe(0.3);
    expect(formatHours(sumOfShownHours([0.29, 0.29]))).toBe("0.6 h");
  });
});

describe("hours under one (QA 7 #7)", () => {
  it("show to the tenth, never “0 h” for work that has hours", () => {
    // a 0.25 / 0.25 / 0.5 h item costing €30–€50 read "0–0 h", "likely 0 h", "0 h to 0 h"
    expect(formatHours(0.29)).toBe("0.3 h");
    expect(formatHours(0.25)).toBe("0.3 h");
    expect(formatHours(0.5)).toBe("0.5 h");
    expect(formatHours(0.04)).toBe("0.1 h");
    expect(formatHours(0.94)).toBe("0.9 h");
    expect(formatHours(0.95)).toBe("1 h");
    expect(formatHours(1.4)).toBe("1 h");
    expect(formatHours(0)).toBe("0 h");
    expect(hoursRange(0.25, 0.5)).toBe("0.3–0.5 h");
    expect(hoursRange(0.4, 3.2)).toBe("0.4–3 h");
    expect(hoursRange(85.2, 149.4)).toBe("85–149 h");
  });

  it("read “under 1 h” as an item's expected hours, until they show as 1 h", () => {
    expect(aboutHours(0.29)).toBe("under 1 h");
    expect(aboutHours(0.7)).toBe("under 1 h");
    expect(aboutHours(0)).toBe("under 1 h");
    expect(aboutHours(0.95)).toBe("about 1 h");
    expect(aboutHours(5.6)).toBe("about 6 h");
  });
});

describe("thousands (QA 7 #10)", () => {
  it("are grouped on both ends of a range, and in every hours figure", () => {
    // "1080–2,614 h" on one surface, "1,080 h" on another
    expect(hoursRange(1080.4, 2614.2)).toBe("1,080–2,614 h");
    expect(formatHours(1080.4)).toBe("1,080 h");
    expect(aboutHours(1234.4)).toBe("about 1,234 h");
    expect(estimateRange({ optimistic: 1200, pessimistic: 2400 })).toBe("1,200–2,400 h");
  });
});

describe("quarterHours", () => {
  it("shows hours logged to the quarter hour", () => {
    expect(quarterHours(4.5)).toBe(4.5);
    expect(quarterHours(4.25)).toBe(4.25);
    expect(quarterHours(4.33)).toBe(4.25);
    expect(quarterHours(4.4)).toBe(4.5);
    expect(quarterHours(0.1 + 0.2)).toBe(0.25);
    expect(quarterHours(7)).toBe(7);
  });
});
