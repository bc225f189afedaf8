import { describe, expect, it } from "vitest";

import {
  FALLBACK_REASONS,
  launchWaitsOnLater,
  launchWorkLeftOut,
  outOfScopeGroups,
  outOfScopeItems,
  type OutCandidate,
} from "./out-of-scope";

const base = { area: "perf", scopeReason: null, estimate: { optimistic: 1, likely: 4, pessimistic: 13 } };
const items: OutCandidate[] = [
  { ...base, id: "a", title: "In scope", phase: "launch-blocker", scope: "included" },
  { ...base, id: "b", title: "Load tests", phase: "scale", scope: "deferred" },
  { ...base, id: "c", title: "Undecided", phase: "scale", scope: "proposed" },
  {
    ...base,
    id: "d",
    title: "Backups",
    phase: "launch-blocker",
    scope: "excluded",
    scopeReason: " Founder's team ",
  },
  { ...base, id: "e", title: "Caching", phase: "hardening", scope: "excluded", scopeReason: "   " },
];

describe("out of scope", () => {
  it("lists excluded and deferred items by phase, each with a reason and its expected hours", () => {
    const out = outOfScopeItems(items, { perf: "Performance" });
    expect(out.map((i) => i.id)).toEqual(["d", "e", "b"]);
    expect(out[0]).toEqual({
      id: "d",
      title: "Backups",
      area: "perf",
      areaTitle: "Performance",
      phase: "launch-blocker",
      scope: "excluded",
      reason: "Founder's team",
      mean: 5,
    });
    // No reason (or only spaces): a plain one by phase, never empty.
    expect(out[1]!.reason).toBe(FALLBACK_REASONS.excluded.hardening);
    expect(out[2]!.reason).toBe("Not needed before launch; revisit once real users arrive.");
  });

  it("groups them under Out of scope and Later, and handles snapshots published before them", () => {
    const groups = outOfScopeGroups(outOfScopeItems(items, {}));
    expect(groups.map((g) => [g.heading, g.items.length, g.hours])).toEqual([
      ["Out of scope", 2, 10],
      ["Later", 1, 5],
    ]);
    expect(outOfScopeGroups(undefined)).toEqual([]);
  });
});

describe("launch-minimum work left out", () => {
  it("names launch-minimum items left for later or out of scope, and nothing else", () => {
    const plan = [
      { title: "Lock down RLS", scope: "deferred", phase: "launch-blocker" },
      { title: "Verify webhooks", scope: "excluded", phase: "launch-blocker" },
      { title: "Back up the database", scope: "included", phase: "launch-blocker" },
      { title: "Add a status page", scope: "deferred", phase: "hardening" },
      { title: "Shard the queue", scope: "excluded", phase: "scale" },
      { title: "Undecided", scope: "proposed", phase: "launch-blocker" },
    ] as const;
    expect(launchWorkLeftOut(plan)).toEqual([
      "Lock down RLS (left for later)",
      "Verify webhooks (out of scope)",
    ]);
    expect(launchWorkLeftOut(plan.filter((i) => i.phase !== "launch-blocker"))).toEqual([]);
  });
});

describe("launchWaitsOnLater", () => {
  it("names launch-minimum items in scope that wait for in-scope work of a later phase", () => {
    const plan = [
      {
        id: "a",
        title: "Map who may see what",
        scope: "included",
        phase: "launch-blocker",
        dependsOn: ["s", "b"],
      },
      { id: "b", title: "Lock down RLS", scope: "included", phase: "launch-blocker", dependsOn: [] },
      { id: "s", title: "Set up a staging copy", scope: "included", phase: "hardening", dependsOn: [] },
      // Waits for later work, but is itself later: its phase runs after it anyway.
      { id: "h", title: "Load tests", scope: "included", phase: "scale", dependsOn: ["s"] },
      // Waits for later work that is out of scope: waitsOnLeftOut's to say, not this.
      { id: "c", title: "Verify webhooks", scope: "included", phase: "launch-blocker", dependsOn: ["x"] },
      { id: "x", title: "Queue", scope: "excluded", phase: "scale", dependsOn: [] },
      // Out of scope itself: no price to be wrong.
      { id: "d", title: "Backups", scope: "deferred", phase: "launch-blocker", dependsOn: ["s"] },
    ] as const;
    expect(launchWaitsOnLater(plan)).toEqual([
      { title: "Map who may see what", waitsFor: ["Set up a staging copy"] },
    ]);
    expect(launchWaitsOnLater(plan.filter((i) => i.id !== "s"))).toEqual([]);
  });
});
