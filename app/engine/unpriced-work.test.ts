// Items the founder's own team does (owner "founder") are in the plan's hours and weeks but not in
// the partner's price: a quote that charged the partner's rate for the client's own work looked padded
// (partner audit, finding 4).
import { describe, expect, it } from "vitest";

import { planTotals, type TotalsItem } from "./plan";
import { pertMean, simulate } from "./simulate";

const settings = {
  hourlyRate: 100,
  currency: "EUR",
  teamSize: 1,
  weeklyCapacity: 30,
  focusFactor: 0.7,
  sigma: 0.2,
};
const item = (id: string, likely: number, extra: Partial<TotalsItem> = {}): TotalsItem => ({
  id,
  phase: "launch-blocker",
  estimate: { optimistic: likely / 2, likely, pessimistic: likely * 2 },
  dependsOn: [],
  ...extra,
});

describe("work the founder's team does is not priced", () => {
  it("leaves everything as it was when every item is the partner's", () => {
    const items = [item("a", 10), item("b", 20, { phase: "hardening" })];
    const totals = planTotals(items, settings);
    expect(totals.unpriced).toBeUndefined();
    expect(totals.cost.p50).toBeCloseTo(totals.hours.p50 * 100, 6);
    for (const tier of totals.tiers!) expect(tier.cost.p50).toBeCloseTo(tier.hours.p50 * 100, 6);
    // The same simulation with the flag spelled out as true: identical figures, no separate sum.
    const marked = planTotals(
      items.map((i) => ({ ...i, billable: true })),
      settings,
    );
    expect(marked).toEqual(totals);
  });

  it("keeps the founder's items in hours and weeks, and prices only the partner's", () => {
    const partnerOnly = planTotals([item("a", 10)], settings);
    const both = planTotals([item("a", 10), item("b", 20, { billable: false })], settings);
    // Hours and weeks count both items.
    expect(both.hours.p50).toBeGreaterThan(partnerOnly.hours.p50 + 10);
    expect(both.weeks.p50).toBeGreaterThan(partnerOnly.weeks.p50);
    // The price is item a's in the same draws: each item has its own random stream, so its draws
    // do not change when another item joins, and with one tier the priced sum is exactly a's.
    expect(both.cost.p50).toBeCloseTo(partnerOnly.cost.p50, 6);
    expect(both.cost.p90).toBeCloseTo(partnerOnly.cost.p90, 6);
    expect(both.tiers![0]!.cost.p50).toBeCloseTo(partnerOnly.tiers![0]!.cost.p50, 6);
    expect(both.cost.p50).toBeLessThan(both.hours.p50 * 100);
    expect(both.unpriced).toEqual({
      items: 1,
      hours: pertMean({ optimistic: 10, likely: 20, pessimistic: 40 }),
    });
  });

  it("prices each tier by its own partner items", () => {
    const totals = planTotals(
      [
        item("a", 10),
        item("b", 20, { phase: "hardening", billable: false }),
        item("c", 8, { phase: "hardening" }),
      ],
      settings,
    );
    const [launch, hardening, scale] = totals.tiers!;
    // The launch minimum has no founder items: priced as its hours.
    expect(launch!.cost.p50).toBeCloseTo(launch!.hours.p50 * 100, 6);
    // Hardening holds b and c; only c is priced.
    expect(hardening!.cost.p50).toBeLessThan(hardening!.hours.p50 * 100 * 0.6);
    expect(hardening!.cost.p50).toBeGreaterThan(0);
    expect(scale!.cost.p50).toBe(0);
  });

  it("prices nothing when the founder's team does everything", () => {
    const totals = planTotals(
      [item("a", 10, { billable: false }), item("b", 5, { billable: false })],
      settings,
    );
    expect(totals.hours.p50).toBeGreaterThan(0);
    expect(totals.cost.p50).toBe(0);
    expect(totals.cost.p90).toBe(0);
    expect(totals.unpriced?.items).toBe(2);
  });

  it("reports the priced hours of the same draws from the simulation itself", () => {
    const sim = simulate(
      [
        { id: "a", estimate: { optimistic: 5, likely: 10, pessimistic: 20 }, dependsOn: [] },
        { id: "b", estimate: { optimistic: 5, likely: 10, pessimistic: 20 }, dependsOn: [], billable: false },
      ],
      { sigma: 0, teamSize: 1, weeklyCapacity: 30, draws: 2000 },
    );
    expect(sim.billed).toBeDefined();
    // Two items alike: the priced half is about half the hours, and never more than all of them.
    expect(sim.billed!.mean / sim.hours.mean).toBeGreaterThan(0.45);
    expect(sim.billed!.mean / sim.hours.mean).toBeLessThan(0.55);
    expect(sim.billed!.p90).toBeLessThanOrEqual(sim.hours.p90);
    expect(sim.tiers[0]!.billed!.mean).toBeCloseTo(sim.billed!.mean, 6);
  });
});
