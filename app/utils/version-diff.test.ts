import { describe, expect, it } from "vitest";

import type { PlanTotals, SnapshotItem } from "~/engine/plan-types";

import { textChanges, valueChanges, versionDiffView } from "./version-diff";

const item = (id: string, title: string, dependsOn: string[] = []): SnapshotItem => ({
  id,
  taskId: null,
  title,
  description: "",
  deliverables: [],
  acceptance: [],
  area: "database",
  areaTitle: "Database",
  phase: "launch-blocker",
  owner: "partner",
  estimate: { optimistic: 2, likely: 5, pessimistic: 12 },
  mean: 5.67,
  dependsOn,
  estimateReason: null,
});

const totals = {
  items: 2,
  hours: { p50: 100, p90: 150 },
  cost: { currency: "EUR", rate: 95, p50: 9500, p90: 14250 },
} as PlanTotals;

type Side = Parameters<typeof versionDiffView>[0];

const version = (over: Partial<Side> = {}): Side => ({
  number: 3,
  items: [
    item("mig", "Change the database through versioned migrations"),
    item("con", "Let the database refuse bad data", ["mig"]),
  ],
  outOfScope: [],
  totals,
  settings: { currency: "EUR", hourlyRate: 95, teamSize: 2, weeklyCapacity: 30 },
  price: { model: "fixed", amount: 21000 },
  payment: { plan: "monthly", dueDays: 14 },
  validUntil: "2026-12-31",
  terms: "Changes are priced at the hourly rate.\n\nWarranty: 30 days.",
  assumptions: "- Access to the repository\n- One contact person",
  exclusions: "Hosting fees.",
  ...over,
});

describe("valueChanges: the terms with one value (QA 3, finding 7a)", () => {
  it("names a moved validity date, as the page writes dates", () => {
    expect(valueChanges(version(), version({ number: 4, validUntil: "2027-01-05" }))).toEqual([
      { key: "validUntil", subject: "The “valid until” date", from: "31 Dec 2026", to: "5 Jan 2027" },
    ]);
  });

  it("names a date set or removed: no date means the version never expires", () => {
    expect(valueChanges(version({ validUntil: undefined }), version())[0]).toMatchObject({
      from: "no end date",
      to: "31 Dec 2026",
    });
    expect(valueChanges(version(), version({ validUntil: undefined }))[0]).toMatchObject({
      from: "31 Dec 2026",
      to: "no end date",
    });
  });

  it("says nothing when price, schedule, date and settings are the same", () => {
    expect(valueChanges(version(), version({ number: 4 }))).toEqual([]);
  });

  it("lists price, schedule, due days, rate and date in that order", () => {
    const changes = valueChanges(
      version(),
      version({
        price: { model: "range" },
        payment: { plan: "milestones", milestones: [{ label: "On signing", percent: 100 }], dueDays: 0 },
        validUntil: "2027-01-05",
        settings: { currency: "EUR", hourlyRate: 110, teamSize: 2, weeklyCapacity: 30 },
      }),
    );
    expect(changes.map((c) => `${c.subject} changed from ${c.from} to ${c.to}`)).toEqual([
      "The price changed from a fixed price of €21,000 to the estimate range (time and materials)",
      "The payment schedule changed from monthly in arrears for the time spent to milestones (On signing 100%)",
      "When invoices are due changed from “Each invoice is due within 14 days.” to “Each invoice is due on receipt.”",
      "The hourly rate changed from €95 to €110",
      "The “valid until” date changed from 31 Dec 2026 to 5 Jan 2027",
    ]);
  });

  it("reads a version from before prices and schedules as the range, not stated", () => {
    const old = version({ price: undefined, payment: undefined });
    expect(valueChanges(old, version({ price: { model: "range" }, payment: { plan: "none" } }))).toEqual([]);
  });
});

describe("textChanges: terms, assumptions and exclusions as typed", () => {
  it("names the points added and removed", () => {
    const changes = textChanges(
      version(),
      version({
        terms: "Changes are priced at the hourly rate.\n\nWarranty: 60 days.",
        assumptions: "- Access to the repository\n- One contact person\n- Staging environment",
        exclusions: "",
      }),
    );
    expect(changes).toEqual([
      {
        key: "terms",
        subject: "The terms",
        added: ["Warranty: 60 days."],
        removed: ["Warranty: 30 days."],
        reordered: false,
      },
      {
        key: "assumptions",
        subject: "The assumptions",
        added: ["Staging environment"],
        removed: [],
        reordered: false,
      },
      {
        key: "exclusions",
        subject: "What is not included",
        added: [],
        removed: ["Hosting fees."],
        reordered: false,
      },
    ]);
  });

  it("is no change when only line endings, blank lines or spaces around them differ", () => {
    const same = version({
      terms: "Changes are priced at the hourly rate.\r\n\r\n\r\n  Warranty: 30 days.  ",
      assumptions: "- Access to the repository\r\n- One contact person\r\n",
    });
    expect(textChanges(version(), same)).toEqual([]);
  });

  it("says when the same points only moved", () => {
    const moved = version({ assumptions: "- One contact person\n- Access to the repository" });
    expect(textChanges(version(), moved)).toEqual([
      { key: "assumptions", subject: "The assumptions", added: [], removed: [], reordered: true },
    ]);
  });

  it("reads terms absent from an old version as none", () => {
    expect(textChanges(version({ terms: undefined }), version({ terms: "" }))).toEqual([]);
    expect(textChanges(version({ terms: undefined }), version())[0]).toMatchObject({
      key: "terms",
      removed: [],
    });
  });
});

describe("versionDiffView: an item whose prerequisite left the scope (QA 3, finding 7b)", () => {
  const v1 = version({ number: 1 });
  const v2 = version({
    number: 2,
    items: [{ ...item("con", "Let the database refuse bad data"), waitsOutside: ["mig"] }],
    outOfScope: [
      {
        id: "mig",
        title: "Change the database through versioned migrations",
        area: "database",
        areaTitle: "Database",
        phase: "launch-blocker",
        scope: "excluded",
        reason: "Done by the founder's team.",
        mean: 5.67,
      },
    ],
  });

  it("lists the exclusion, with what still waits for it, and calls nothing else changed", () => {
    const diff = versionDiffView(v1, v2);
    expect(diff.removed.map((r) => r.line)).toEqual([
      "Moved to “Out of scope”: Change the database through versioned migrations (Let the database refuse bad data still waits for it)",
    ]);
    expect(diff.changed).toEqual([]);
  });

  it("names an item brought back as back in scope, and not its dependants as changed", () => {
    const diff = versionDiffView(v2, { ...v1, number: 3 });
    expect(diff.added.map((a) => a.line)).toEqual([
      "Back in scope (was out of scope): Change the database through versioned migrations",
    ]);
    expect(diff.changed).toEqual([]);
  });

  it("says only “Removed” for an item deleted from the plan", () => {
    const diff = versionDiffView(
      v1,
      version({ number: 2, items: [item("con", "Let the database refuse bad data")] }),
    );
    expect(diff.removed.map((r) => r.line)).toEqual([
      "Removed: Change the database through versioned migrations",
    ]);
  });

  it("names a field an item changed in words, and each version's totals in its currency", () => {
    const edited = version({
      number: 2,
      items: [v1.items[0]!, { ...v1.items[1]!, dependsOn: [], title: "Let the database refuse bad data" }],
    });
    const diff = versionDiffView(v1, edited);
    expect(diff.changed).toEqual([{ title: "Let the database refuse bad data", fields: ["dependencies"] }]);
    expect(diff.before).toBe("100–150 h, €9,500–€14,300");
  });
});
