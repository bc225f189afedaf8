import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { idCell, safeCell } from "./plan-csv";
import { timeCsv } from "./time-csv.server";
import {
  correctedText,
  costsOf,
  hoursText,
  monthLabel,
  monthParam,
  timeByMonth,
  type TimeRow,
} from "./time-report";

const row = (day: string, hours: number, extra: Partial<TimeRow> = {}): TimeRow => ({
  day,
  itemId: "i1",
  item: "Map who may see and change what",
  hours,
  note: "",
  by: "Jonas Brandt",
  rate: 95,
  currency: "EUR",
  billable: true,
  ...extra,
});

describe("timeByMonth", () => {
  it("adds up each calendar month, newest first, each entry at its own rate and the unpriced apart", () => {
    const months = timeByMonth([
      row("2026-11-27", 3.5),
      row("2026-12-02", 2, { rate: 120 }),
      row("2026-12-04", 1.25, { billable: false }),
      row("2025-12-31", 1, { currency: "USD", rate: 100 }),
    ]);
    expect(months).toEqual([
      { month: "2026-12", label: "December 2026", hours: 3.25, costs: { EUR: 240 } },
      { month: "2026-11", label: "November 2026", hours: 3.5, costs: { EUR: 332.5 } },
      { month: "2025-12", label: "December 2025", hours: 1, costs: { USD: 100 } },
    ]);
  });

  it("totals the cents of each line, so the page and the CSV agree at a rate with cents", () => {
    const quarters = [0, 1, 2, 3].map(() => row("2026-11-10", 0.25, { rate: 99.99 }));
    // Each line is 25.00 (24.9975 to the cent); the month is their sum, not 1 h × 99.99.
    expect(costsOf(quarters)).toEqual({ EUR: 100 });
    expect(timeByMonth(quarters)[0]!.costs).toEqual({ EUR: 100 });
    expect(hoursText(1.1 + 1.1)).toBe("2.2 h");
  });
});

describe("monthParam", () => {
  it("reads a real month and nothing else", () => {
    const of = (q: string) => monthParam(new URL(`http://x/plan/time${q}`));
    expect(of("?month=2026-12")).toBe("2026-12");
    expect(of("")).toBeNull();
    for (const bad of ["2026-13", "2026-1", "26-12", "2026-12-01", "'; drop"])
      expect(of(`?month=${bad}`)).toBeNull();
    expect(monthLabel("2027-01")).toBe("January 2027");
  });
});

describe("correctedText", () => {
  it("names who corrected an entry and the day (UTC), nothing for one never corrected", () => {
    expect(correctedText({ by: "Piet Partner", at: Date.UTC(2026, 11, 6, 23, 30) })).toBe(
      "Corrected by Piet Partner on 6 Dec 2026",
    );
    // An account with no name (or since anonymised to none): still said, without a name.
    expect(correctedText({ by: "", at: Date.UTC(2026, 11, 6) })).toBe("Corrected by someone on 6 Dec 2026");
    expect(correctedText(null)).toBeNull();
    expect(correctedText(undefined)).toBeNull();
  });
});

describe("timeCsv", () => {
  it("lists the entries oldest first with the rate each was logged at, the founder's team's unpriced, formulas kept as text", () => {
    const csv = timeCsv([
      row("2026-12-04", 1.25, {
        note: '=HYPERLINK("http://x")',
        rate: 99.99,
        // Corrected on 6 Dec 2026 at 23:30 UTC: the day in UTC, as every date shown.
        corrected: { by: "=Piet Partner", at: Date.UTC(2026, 11, 6, 23, 30) },
      }),
      row("2026-11-27", 3.5, { item: "+cmd", by: "@me" }),
      row("2026-12-02", 2, { billable: false }),
      row("2026-12-03", 1.1, { note: "Logged before dated entries", corrected: null }),
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      [
        "Date",
        "Item ID",
        "Item",
        "Hours",
        "Note",
        "Logged by",
        "Rate",
        "Currency",
        "Cost",
        "Corrected by",
        "Corrected on",
      ],
      ["2026-11-27", "i1", "'+cmd", "3.5", "", "'@me", "95", "EUR", "332.50", "", ""],
      [
        "2026-12-02",
        "i1",
        "Map who may see and change what",
        "2",
        "",
        "Jonas Brandt",
        "95",
        "EUR",
        "",
        "",
        "",
      ],
      [
        "2026-12-03",
        "i1",
        "Map who may see and change what",
        "1.1",
        "Logged before dated entries",
        "Jonas Brandt",
        "95",
        "EUR",
        "104.50",
        "",
        "",
      ],
      [
        "2026-12-04",
        "i1",
        "Map who may see and change what",
        "1.25",
        '\'=HYPERLINK("http://x")',
        "Jonas Brandt",
        "99.99",
        "EUR",
        "124.99",
        // A name is a cell like the others: formula-protected.
        "'=Piet Partner",
        "2026-12-06",
      ],
    ]);
  });

  it("writes an item id that starts with a dash as the plan's CSV does and the item's URL has it", () => {
    // The app's own ids are written as they are (idCell, QA pass 7, finding 17): the two files, and
    // the item's URL, join on them.
    const [, entry] = parse(timeCsv([row("2026-12-01", 1, { itemId: "-nsWIHXMbcy9" })]), { bom: true });
    expect(entry![1]).toBe("-nsWIHXMbcy9");
    expect(entry![1]).toBe(idCell("-nsWIHXMbcy9"));
    // Anything not an id of the app's alphabet is guarded like any other cell.
    const [, odd] = parse(timeCsv([row("2026-12-01", 1, { itemId: "=1+1" })]), { bom: true });
    expect(odd![1]).toBe(safeCell("=1+1"));
  });
});
