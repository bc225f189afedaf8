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

describe("diffProposals: what an item waits for", () => {
  const waits = (id: string, dependsOn: string[]): SnapshotItem => ({ ...item(id), dependsOn });

  it("does not call an item changed when its prerequisite left the scope (QA 3, finding 7b)", () => {
    // v1: the constraints item waits for the migrations item. v2: migrations excluded, so the
    // snapshot keeps no in-scope prerequisite for constraints; nobody edited constraints.
    const diff = diffProposals(
      version({}, [item("migrations"), waits("constraints", ["migrations"])]),
      version({}, [{ ...waits("constraints", []), waitsOutside: ["migrations"] }]),
    );
    expect(diff.removed.map((i) => i.id)).toEqual(["migrations"]);
    expect(diff.changed).toEqual([]);
  });

  it("does not call an item changed when its prerequisite came back into scope", () => {
    const diff = diffProposals(
      version({}, [{ ...waits("constraints", []), waitsOutside: ["migrations"] }]),
      version({}, [item("migrations"), waits("constraints", ["migrations"])]),
    );
    expect(diff.added.map((i) => i.id)).toEqual(["migrations"]);
    expect(diff.changed).toEqual([]);
  });

  it("still reports a prerequisite added or dropped between items in scope in both versions", () => {
    const diff = diffProposals(
      version({}, [item("a"), item("b"), waits("c", ["a"])]),
      version({}, [item("a"), item("b"), waits("c", ["b"])]),
    );
    expect(diff.changed.map((c) => [c.after.id, c.fields])).toEqual([["c", ["dependsOn"]]]);
  });

  it("keeps a real edit of the same item beside a knock-on one, naming only the edit", () => {
    const diff = diffProposals(
      version({}, [item("migrations"), waits("constraints", ["migrations"])]),
      version({}, [{ ...waits("constraints", []), estimate: { optimistic: 2, likely: 9, pessimistic: 12 } }]),
    );
    expect(diff.changed.map((c) => c.fields)).toEqual([["estimate"]]);
  });

  it("reads the prerequisites as a set: the same ones in another order are no change", () => {
    const diff = diffProposals(
      version({}, [item("a"), item("b"), waits("c", ["a", "b"])]),
      version({}, [item("a"), item("b"), waits("c", ["b", "a"])]),
    );
    expect(diff.changed).toEqual([]);
  });
});
