// A tier counts the later-phase work it waits for (decision 051): a launch-minimum item that waits
// for a hardening item cannot be delivered without it, so that item's hours are in the launch
// minimum's price and weeks (QA pass 3, finding 4).
import { describe, expect, it } from "vitest";

import type { Phase } from "./content/types";
import { planTotals, scheduleByWeek, type TotalsItem } from "./plan";
import { effectiveTiers, pertMean, simulate, type SimItem } from "./simulate";
import { suggestedMilestones } from "~/utils/payment-schedule";

const opts = { sigma: 0, teamSize: 1, weeklyCapacity: 30, focusFactor: 0.7, draws: 200 };
const fixed = (id: string, hours: number, phase: Phase, dependsOn: string[] = []): SimItem => ({
  id,
  estimate: { optimistic: hours, likely: hours, pessimistic: hours },
  dependsOn,
  phase,
});
const byId = (items: SimItem[]) => items.map((i) => i.id);
const tierOf = (items: SimItem[]) => {
  const tiers = effectiveTiers(items);
  return Object.fromEntries(byId(items).map((id, i) => [id, tiers[i]]));
};

describe("effective tiers", () => {
  it("counts a hardening item in the launch minimum when a launch item waits for it", () => {
    const items = [
      fixed("login", 10, "launch-blocker", ["staging"]),
      fixed("staging", 3, "hardening"),
      fixed("backups", 5, "hardening"),
    ];
    const r = simulate(items, opts);
    const [launch, hardening, scale] = r.tiers;
    expect(launch!.items).toBe(2);
    expect(launch!.hours.p50).toBeCloseTo(13, 9);
    expect(launch!.pulledForward).toEqual([{ id: "staging", phase: "hardening", hours: 3 }]);
    expect(hardening!.items).toBe(1);
    expect(hardening!.hours.p50).toBeCloseTo(5, 9);
    expect(hardening!.pulledForward).toEqual([]);
    expect(scale!.items).toBe(0);
    // Nothing is counted twice or lost: the tiers still add up to the total.
    expect(launch!.hours.mean + hardening!.hours.mean).toBeCloseTo(r.hours.mean, 9);
  });

  it("pulls forward through a chain: scale -> hardening -> launch, and scale -> hardening alone", () => {
    const items = [
      fixed("launch", 8, "launch-blocker", ["harden"]),
      fixed("harden", 4, "hardening", ["scale"]),
      fixed("scale", 2, "scale"),
      fixed("harden-2", 6, "hardening", ["scale-2"]),
      fixed("scale-2", 1, "scale"),
      fixed("scale-3", 9, "scale"),
    ];
    expect(tierOf(items)).toEqual({
      launch: 0,
      harden: 0,
      scale: 0,
      "harden-2": 1,
      "scale-2": 1,
      "scale-3": 2,
    });
    const [launch, hardening, scale] = simulate(items, opts).tiers;
    expect(launch!.hours.p50).toBeCloseTo(14, 9);
    expect(launch!.pulledForward.map((p) => [p.id, p.phase])).toEqual([
      ["harden", "hardening"],
      ["scale", "scale"],
    ]);
    expect(hardening!.hours.p50).toBeCloseTo(7, 9);
    expect(hardening!.pulledForward.map((p) => p.id)).toEqual(["scale-2"]);
    expect(scale!.items).toBe(1);
    expect(scale!.hours.p50).toBeCloseTo(9, 9);
  });

  it("ignores a prerequisite that is not among the items (out of scope)", () => {
    const items = [fixed("login", 10, "launch-blocker", ["staging"]), fixed("backups", 5, "hardening")];
    const [launch, hardening] = simulate(items, opts).tiers;
    expect(launch!.hours.p50).toBeCloseTo(10, 9);
    expect(launch!.pulledForward).toEqual([]);
    expect(hardening!.hours.p50).toBeCloseTo(5, 9);
  });

  it("never moves an item later: a later item waiting for an earlier one leaves both where they are", () => {
    const items = [fixed("a", 1, "launch-blocker"), fixed("b", 1, "scale", ["a"])];
    expect(tierOf(items)).toEqual({ a: 0, b: 2 });
  });

  it("ends on a dependency cycle (the earliest tier in it wins), and the simulation still refuses it", () => {
    const items = [
      fixed("a", 1, "scale", ["b"]),
      fixed("b", 1, "hardening", ["c"]),
      fixed("c", 1, "launch-blocker", ["a"]),
      fixed("d", 1, "scale", ["d"]),
    ];
    expect(tierOf(items)).toEqual({ a: 0, b: 0, c: 0, d: 2 });
    expect(() => simulate(items, opts)).toThrow(/dependency cycle/);
  });

  it("puts the pulled-forward item on the launch minimum's critical path", () => {
    // Ten people: weeks are the longest chain, staging (21 h) then login (21 h), at 21 focused h a week.
    const items = [fixed("login", 21, "launch-blocker", ["staging"]), fixed("staging", 21, "hardening")];
    const [launch, hardening] = simulate(items, { ...opts, teamSize: 10 }).tiers;
    expect(launch!.weeks.p50).toBeCloseTo(2, 9);
    expect(hardening!.weeks.p50).toBe(0);
  });
});

describe("plan totals and timeline", () => {
  const settings = {
    hourlyRate: 100,
    currency: "EUR",
    teamSize: 1,
    weeklyCapacity: 30,
    focusFactor: 0.7,
    sigma: 0,
  };
  const item = (id: string, hours: number, phase: Phase, dependsOn: string[] = []): TotalsItem => ({
    id,
    phase,
    estimate: { optimistic: hours / 2, likely: hours, pessimistic: hours * 2 },
    dependsOn,
  });
  const plan = [
    item("login", 20, "launch-blocker", ["staging"]),
    item("roles", 10, "launch-blocker"),
    item("backups", 12, "hardening"),
    item("staging", 4, "hardening"),
    item("cache", 30, "scale"),
  ];

  it("prices the launch minimum with what it waits for, and says which items those are", () => {
    const totals = planTotals(plan, settings);
    const [launch, hardening, scale] = totals.tiers!;
    const mean = (h: number) => pertMean({ optimistic: h / 2, likely: h, pessimistic: h * 2 });
    expect(launch!.tasks).toBe(3);
    // Simulated means: within a fraction of an hour of the PERT sum.
    expect(launch!.hours.mean).toBeCloseTo(mean(20) + mean(10) + mean(4), 0);
    expect(launch!.cost.mean).toBeCloseTo(launch!.hours.mean * 100, 6);
    expect(launch!.pulledForward).toEqual([{ id: "staging", phase: "hardening", hours: mean(4) }]);
    expect(hardening!.tasks).toBe(1);
    expect(hardening!.pulledForward).toBeUndefined();
    expect(scale!.pulledForward).toBeUndefined();
    // The per-phase sums stay by each item's own phase; the tiers say what moved.
    expect(totals.byPhase.hardening.items).toBe(2);
  });

  it("suggests milestones on the tiers as priced, the launch minimum with its prerequisite", () => {
    const totals = planTotals(plan, settings);
    const without = planTotals(
      plan.map((i) => ({ ...i, dependsOn: [] })),
      settings,
    );
    const share = (t: typeof totals) =>
      suggestedMilestones(t).find((m) => m.label === "Launch minimum delivered")!.percent;
    expect(share(totals)).toBeGreaterThan(share(without));
    const launchMean = totals.tiers![0]!.cost.mean;
    const all = totals.tiers!.reduce((s, t) => s + t.cost.mean, 0);
    expect(Math.abs(share(totals) - (70 * launchMean) / all)).toBeLessThanOrEqual(1);
  });

  it("runs the prerequisite with the launch minimum, before hardening items listed ahead of it", () => {
    const schedule = scheduleByWeek(plan, settings);
    const order = schedule.map((s) => s.itemId);
    expect(order.indexOf("staging")).toBeLessThan(order.indexOf("backups"));
    expect(order.indexOf("staging")).toBeLessThan(order.indexOf("login"));
    expect(order.slice(0, 3).sort()).toEqual(["login", "roles", "staging"]);
  });
});
