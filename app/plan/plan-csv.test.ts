import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import type { Task } from "~/engine/content/types";
import type { PlanItem } from "~/models/plan.server";

import { planCsv, planCsvColumns } from "./plan-csv";

let nextPosition = 1;
function item(overrides: Partial<PlanItem> & Pick<PlanItem, "id">): PlanItem {
  return {
    engagementId: "e",
    taskId: null,
    title: overrides.id.toUpperCase(),
    description: "",
    area: "auth",
    phase: "launch-blocker",
    optimistic: 2,
    likely: 4,
    pessimistic: 8,
    estimateReason: null,
    estimateEdited: false,
    phaseEdited: false,
    scope: "included",
    scopeReason: null,
    stale: false,
    owner: "partner",
    status: "todo",
    actualHours: null,
    position: nextPosition++,
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    dependsOn: [],
    ...overrides,
  };
}

const TASK = {
  id: "auth-rls",
  title: "Row-level security",
  description: "Turn on row-level security.",
  deliverables: ["Policies for every table", "  ", "A test per policy"],
  acceptance: ["A signed-in user reads only their rows"],
} as Task;

/** The file as a tracker reads it: csv-parse (RFC 4180), the BOM skipped, rows keyed by column. */
function read(csv: string) {
  const [header, ...rows] = parse(csv, { bom: true }) as string[][];
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, n) => [h, r[n]!]))) };
}

function csvOf(
  items: PlanItem[],
  currency = "EUR",
  hourlyRate = 95,
  agreed: Parameters<typeof planCsv>[0]["agreed"] = null,
) {
  return planCsv({
    items,
    tasksById: new Map([[TASK.id, TASK]]),
    areaTitles: { auth: "Authentication & security" },
    hourlyRate,
    currency,
    agreed,
  });
}

describe("the plan CSV for trackers", () => {
  it("names its columns, the cost's for the currency", () => {
    const { header } = read(csvOf([item({ id: "a" })], "USD"));
    expect(header).toEqual(planCsvColumns("USD"));
    expect(header).toContain("Cost (USD)");
    expect(header.slice(0, 2)).toEqual(["ID", "Order"]);
  });

  it("keeps a title with commas, quotes and newlines intact through a CSV parser", () => {
    const title = 'Fix "checkout", refunds,\nand the "webhook"; retries\r\nsecond line';
    const { rows } = read(csvOf([item({ id: "a", title })]));
    expect(rows[0]!.Title).toBe(title);
  });

  it("gives dependencies by id, each naming a row's ID, beside their titles", () => {
    // Ids are base64url: one may start with "-", written as it is in both places (idCell).
    const plan = [
      item({ id: "-dash", title: "Sessions" }),
      item({ id: "b1", title: "Dup" }),
      item({ id: "b2", title: "Dup", phase: "hardening" }),
      item({ id: "c", title: "Webhooks", dependsOn: ["b2", "-dash", "b1"] }),
    ];
    const { rows } = read(csvOf(plan));
    const c = rows.find((r) => r.Title === "Webhooks")!;
    const ids = new Set(rows.map((r) => r.ID));
    const deps = c["Depends on IDs"]!.split("; ");
    expect(deps).toHaveLength(3);
    for (const d of deps) expect(ids.has(d), `${d} is a row's ID`).toBe(true);
    // Two items called "Dup" are told apart by id, not by title.
    expect(deps.map((d) => rows.find((r) => r.ID === d)!.Order)).toEqual(["1", "1", "2"]);
    expect(c["Depends on"]).toBe("Dup; Sessions; Dup");
    expect(rows.find((r) => r.Title === "Sessions")!.ID).toBe("-dash");
    expect(c["Depends on IDs"]).toBe("b2; -dash; b1");
  });

  it("numbers items in their phase as the plan page lists them", () => {
    const plan = [
      item({ id: "a" }),
      item({ id: "h1", phase: "hardening" }),
      item({ id: "b", scope: "excluded" }),
      item({ id: "h2", phase: "hardening" }),
      item({ id: "c" }),
    ];
    const { rows } = read(csvOf(plan));
    const order = Object.fromEntries(rows.map((r) => [r.ID, r.Order]));
    expect(order).toEqual({ a: "1", b: "2", c: "3", h1: "1", h2: "2" });
  });

  it("prices partner work at the rate and leaves the founder's team's work unpriced", () => {
    const plan = [
      // PERT mean (2 + 16 + 8) / 6 = 4.33 → 4.3 h, to the tenth → 4.3 × 95 = 408.50
      item({ id: "p", title: "Partner's", owner: "partner" }),
      item({ id: "f", title: "Founder's", owner: "founder" }),
    ];
    const { rows } = read(csvOf(plan));
    const byTitle = (t: string) => rows.find((r) => r.Title === t)!;
    expect(byTitle("Partner's")["Expected hours"]).toBe("4.3");
    expect(byTitle("Partner's")["Cost (EUR)"]).toBe("408.5");
    expect(byTitle("Founder's")["Cost (EUR)"]).toBe("");
    expect(byTitle("Founder's").Owner).toBe("Founder's team");
    expect(byTitle("Founder's")["Expected hours"]).toBe("4.3");
  });

  it("states the three points as stored, to the hundredth, and expected hours to the tenth", () => {
    // A sized estimate, with a sizing's float noise: 1.7 / 4.6 / 10.2 h (mean 5.05, 5.1 to the tenth,
    // as the estimates table states it: QA pass 7, findings 8 and 9).
    const sized = item({ id: "s", optimistic: 1.7000000000000002, likely: 4.6, pessimistic: 10.2 });
    const tiny = item({ id: "t", optimistic: 0, likely: 0.25, pessimistic: 0.5 });
    const { rows } = read(csvOf([sized, tiny], "EUR", 87.5));
    const s = rows.find((r) => r.ID === "s")!;
    expect([s["Optimistic hours"], s["Likely hours"], s["Pessimistic hours"], s["Expected hours"]]).toEqual([
      "1.7",
      "4.6",
      "10.2",
      "5.1",
    ]);
    expect(s["Cost (EUR)"]).toBe("446.25"); // 5.1 h × 87.50, to the cent
    // "Under 1 h" on the pages: its tenths as a figure (mean 0.25), never 0.
    expect(rows.find((r) => r.ID === "t")!["Expected hours"]).toBe("0.3");
  });

  it("gives the rate and currency the cost is at, and says it is today's rate", () => {
    const plan = [item({ id: "p" }), item({ id: "f", owner: "founder" })];
    const none = read(csvOf(plan, "USD", 150)).rows;
    for (const row of none) {
      expect(row["Hourly rate"]).toBe("150");
      expect(row.Currency).toBe("USD");
      expect(row["Rate note"]).toBe("Today's rate, from the project's settings");
    }
    // Cost = Expected × Hourly rate, in the sheet's own columns.
    const p = none.find((r) => r.ID === "p")!;
    expect(Number(p["Cost (USD)"])).toBeCloseTo(Number(p["Expected hours"]) * Number(p["Hourly rate"]), 2);
    const changed = read(csvOf(plan, "USD", 150, { number: 2, hourlyRate: 120, currency: "USD" })).rows;
    expect(changed[0]!["Rate note"]).toBe("Today's rate, not the $120 an hour version 2 was accepted at");
    expect(changed[0]!["Cost (USD)"]).toBe(p["Cost (USD)"]);
    const same = read(csvOf(plan, "USD", 150, { number: 3, hourlyRate: 150, currency: "USD" })).rows;
    expect(same[0]!["Rate note"]).toBe("Today's rate, the same as accepted version 3's");
  });

  it("lists a task's deliverables and when it is done, one per line", () => {
    const { rows } = read(csvOf([item({ id: "r", taskId: TASK.id }), item({ id: "x" })]));
    const r = rows.find((row) => row.ID === "r")!;
    expect(r["Done when"]).toBe("A signed-in user reads only their rows");
    expect(r.Deliverables).toBe("Policies for every table\nA test per policy");
    expect(r.Description).toBe("Turn on row-level security.");
    // A partner-added item has neither.
    expect(rows.find((row) => row.ID === "x")!.Deliverables).toBe("");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const plan = [
      item({ id: "f", title: '=HYPERLINK("http://evil")', description: "+1", scope: "excluded" }),
      item({ id: "g", title: "@SUM(A1)", description: "-2", scopeReason: "=cmd", scope: "deferred" }),
    ];
    const { rows } = read(csvOf(plan));
    expect(rows.find((r) => r.ID === "f")!.Title).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows.find((r) => r.ID === "g")!["Scope reason"]).toBe("'=cmd");
    for (const row of rows)
      for (const cell of Object.values(row))
        expect(cell, "no cell starts a formula").not.toMatch(/^[=+\-@\t\r]/);
  });
});
