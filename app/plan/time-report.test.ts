import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { monthLabel, monthParam, timeByMonth, timeCsv, type TimeRow } from "./time-report";

const row = (day: string, hours: number, extra: Partial<TimeRow> = {}): TimeRow => ({
  day,
  itemId: "i1",
  item: "Map who may see and change what",
  hours,
  note: "",
  by: "Jonas Brandt",
  billable: true,
  ...extra,
});

describe("timeByMonth", () => {
  it("adds up each calendar month, newest first, with the billable hours apart", () => {
    const months = timeByMonth([
      row("2026-11-27", 3.5),
      row("2026-12-02", 2),
      row("2026-12-04", 1.25, { billable: false }),
      row("2025-12-31", 1),
    ]);
    expect(months).toEqual([
      { month: "2026-12", label: "December 2026", hours: 3.25, billableHours: 2 },
      { month: "2026-11", label: "November 2026", hours: 3.5, billableHours: 3.5 },
      { month: "2025-12", label: "December 2025", hours: 1, billableHours: 1 },
    ]);
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

describe("timeCsv", () => {
  it("lists the entries oldest first, priced at the rate, the founder's team's unpriced, formulas kept as text", () => {
    const csv = timeCsv(
      [
        row("2026-12-04", 1.25, { note: '=HYPERLINK("http://x")' }),
        row("2026-11-27", 3.5, { item: "+cmd", by: "@me" }),
        row("2026-12-02", 2, { billable: false }),
      ],
      { rate: 95, currency: "EUR" },
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      ["Date", "Item ID", "Item", "Hours", "Note", "Logged by", "Cost (EUR)"],
      ["2026-11-27", "i1", "'+cmd", "3.5", "", "'@me", "332.5"],
      ["2026-12-02", "i1", "Map who may see and change what", "2", "", "Jonas Brandt", ""],
      [
        "2026-12-04",
        "i1",
        "Map who may see and change what",
        "1.25",
        '\'=HYPERLINK("http://x")',
        "Jonas Brandt",
        "118.75",
      ],
    ]);
  });
});
