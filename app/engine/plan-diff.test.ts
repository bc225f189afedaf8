import { describe, expect, it } from "vitest";

import { diffProposals } from "./plan";
import type { PlanTotals, ProposalSnapshot, SnapshotItem } from "./plan-types";

const item = (id: string, likely = 5): SnapshotItem => ({
  id,
  taskId: null,
  title: `Item ${id}`,
  description: "",
  deliverables: [],
  acceptance: [],
  area: "auth",
  areaTitle: "Authentication",
  phase: "launch-blocker",
  owner: "partner",
  estimate: { optimistic: 2, likely, pessimistic: 12 },
  mean: (2 + 4 * likely + 12) / 6,
  dependsOn: [],
  estimateReason: null,
});
const totals = { items: 1 } as PlanTotals;
const settings: ProposalSnapshot["settings"] = {
  currency: "EUR",
  hourlyRate: 95,
  teamSize: 2,
  weeklyCapacity: 30,
  focusFactor: 0.7,
};
const version = (s: Partial<ProposalSnapshot["settings"]>, items = [item("a")]) => ({
  items,
  totals,
  settings: { ...settings, ...s },
});

describe("diffProposals: the settings a version is priced with", () => {
  it("names no setting when rate, currency, team and hours are the same", () => {
    const diff = diffProposals(version({}), version({}));
    expect(diff.settings.changed).toEqual([]);
    expect(diff.changed).toEqual([]);
  });

  it("lists a new hourly rate even when no item changed", () => {
    const diff = diffProposals(version({}), version({ hourlyRate: 60 }));
    expect(diff.settings.changed).toEqual(["hourlyRate"]);
    expect(diff.settings.before.hourlyRate).toBe(95);
    expect(diff.settings.after.hourlyRate).toBe(60);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
  });

  it("lists every pricing setting that changed, rate first, beside the items that changed", () => {
    const diff = diffProposals(
      version({ teamSize: 1, weeklyCapacity: 40, currency: "USD", hourlyRate: 110 }),
      version({ teamSize: 2, weeklyCapacity: 30, currency: "EUR", hourlyRate: 95 }, [item("a", 7)]),
    );
    expect(diff.settings.changed).toEqual(["hourlyRate", "currency", "teamSize", "weeklyCapacity"]);
    expect(diff.changed.map((c) => c.fields)).toEqual([["estimate"]]);
  });

  it("does not count the focus factor, which no one sets, as a change", () => {
    const diff = diffProposals(version({ focusFactor: undefined }), version({}));
    expect(diff.settings.changed).toEqual([]);
  });
});
