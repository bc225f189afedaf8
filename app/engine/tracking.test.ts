import { describe, expect, it } from "vitest";

import type { PlanTotals, ProposalSnapshot, SnapshotItem } from "./plan-types";
import {
  agreedVersion,
  loggedAgainstEstimate,
  progressAgainst,
  tracksProgress,
  type TrackedItem,
} from "./tracking";

describe("tracksProgress", () => {
  it("starts once any proposal is accepted", () => {
    expect(tracksProgress([])).toBe(false);
    expect(tracksProgress([{ acceptedAt: null }, { acceptedAt: null }])).toBe(false);
    expect(tracksProgress([{ acceptedAt: null }, { acceptedAt: 1_700_000_000_000 }])).toBe(true);
  });

  it("keeps tracking when a later version is published but not accepted yet", () => {
    expect(tracksProgress([{ acceptedAt: 1_700_000_000_000 }, { acceptedAt: null }])).toBe(true);
  });
});

describe("agreedVersion", () => {
  it("is the newest accepted version, not the newest published", () => {
    expect(agreedVersion([])).toBeNull();
    expect(agreedVersion([{ number: 1, acceptedAt: null }])).toBeNull();
    expect(
      agreedVersion([
        { number: 3, acceptedAt: null },
        { number: 2, acceptedAt: 2 },
        { number: 1, acceptedAt: 1 },
      ]),
    ).toBe(2);
  });
});

// Expected hours are the PERT mean (o + 4m + p) / 6: 2, 4, 6 → 4; 3, 6, 9 → 6; 1, 2, 3 → 2.
const agreedItem = (
  id: string,
  estimate: [number, number, number],
  extra: Partial<SnapshotItem> = {},
): SnapshotItem => ({
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
  estimate: { optimistic: estimate[0], likely: estimate[1], pessimistic: estimate[2] },
  mean: (estimate[0] + 4 * estimate[1] + estimate[2]) / 6,
  dependsOn: [],
  estimateReason: null,
  ...extra,
});

const version: Pick<ProposalSnapshot, "number" | "items" | "totals" | "settings"> = {
  number: 2,
  items: [
    agreedItem("a", [2, 4, 6]),
    agreedItem("b", [3, 6, 9]),
    agreedItem("c", [1, 2, 3], { phase: "hardening" }),
    // The founder's team does it: in the hours, not in the price.
    agreedItem("f", [2, 4, 6], { owner: "founder", phase: "hardening" }),
  ],
  totals: {
    items: 4,
    hours: { mean: 16, p10: 12, p50: 15, p80: 19, p90: 22 },
    weeks: { p50: 1, p90: 2 },
    cost: { currency: "EUR", rate: 95, p50: 1140, p90: 1520 },
    byPhase: {
      "launch-blocker": { items: 2, hours: 10, optimistic: 5, pessimistic: 15 },
      hardening: { items: 2, hours: 6, optimistic: 3, pessimistic: 9 },
      scale: { items: 0, hours: 0, optimistic: 0, pessimistic: 0 },
    },
    tiers: [
      { phase: "launch-blocker", hours: { p50: 11 } },
      { phase: "hardening", hours: { p50: 7 } },
    ] as PlanTotals["tiers"],
    sigma: 0.3,
    unpriced: { items: 1, hours: 4 },
  },
  settings: { currency: "EUR", hourlyRate: 95, teamSize: 1, weeklyCapacity: 30 },
};

const now = (id: string, status: TrackedItem["status"], actualHours: number | null, scope = "included") =>
  ({ id, scope, status, actualHours }) as TrackedItem;

describe("progressAgainst: the plan measured against the accepted version", () => {
  it("counts the agreed items done, and their logged hours against their agreed expected hours", () => {
    const p = progressAgainst(version, [
      now("a", "done", 5),
      now("b", "in-progress", 2),
      now("c", "todo", null),
      now("f", "todo", null),
    ]);
    expect(p).toMatchObject({
      version: 2,
      done: 1,
      items: 4,
      doneExpected: 4,
      doneLogged: 5,
      loggedAgreed: 7,
      logged: 7,
      agreedHours: 15,
      added: { items: 0, logged: 0 },
      leftOut: { items: 0, logged: 0 },
    });
  });

  it("keeps the agreed estimates whatever the plan says now", () => {
    // The plan items carry no estimate at all: the baseline can only come from the version.
    const p = progressAgainst(version, [now("a", "done", 5), now("b", "done", 9)]);
    expect(p.doneExpected).toBe(10);
    expect(p.agreedHours).toBe(15);
  });

  it("shows hours on items added since the agreement apart, and counts them in all", () => {
    const p = progressAgainst(version, [
      now("a", "done", 5),
      now("new-1", "in-progress", 2),
      now("new-2", "done", 1.5),
      now("new-3", "todo", null),
    ]);
    expect(p.added).toEqual({ items: 2, logged: 3.5 });
    expect(p.loggedAgreed).toBe(5);
    expect(p.logged).toBe(8.5);
    // Not agreed items: neither done among them nor priced.
    expect(p.done).toBe(1);
    expect(p.money?.logged).toBe(5 * 95);
  });

  it("still counts the hours of an agreed item deferred or excluded since", () => {
    const p = progressAgainst(version, [
      now("a", "in-progress", 3, "deferred"),
      now("b", "todo", 1, "excluded"),
      now("c", "todo", null, "deferred"),
    ]);
    expect(p.leftOut).toEqual({ items: 2, logged: 4 });
    expect(p.loggedAgreed).toBe(4);
    expect(p.logged).toBe(4);
  });

  it("prices hours logged at the rate frozen in the version, leaving the founder's items out", () => {
    const p = progressAgainst(version, [now("a", "done", 4), now("f", "done", 10)]);
    // 4 h × €95; the founder's 10 h are hours, not money.
    expect(p.money).toEqual({
      logged: 380,
      agreed: 1140,
      rate: 95,
      currency: "EUR",
      price: { model: "range" },
    });
    expect(p.loggedAgreed).toBe(14);
    expect(p.unpricedItems).toBe(1);
  });

  it("prices nothing when the version has no price", () => {
    const free = { ...version, settings: { ...version.settings, hourlyRate: 0 } };
    free.totals = { ...version.totals, cost: { ...version.totals.cost, rate: 0, p50: 0, p90: 0 } };
    expect(progressAgainst(free, [now("a", "done", 4)]).money).toBeNull();
  });

  it("counts an agreed item no longer in the plan as not done, with no hours", () => {
    const p = progressAgainst(version, [now("a", "done", 4)]);
    expect(p.items).toBe(4);
    expect(p.done).toBe(1);
  });

  it("gives each phase of the agreement its likely hours, logged hours and items done", () => {
    const p = progressAgainst(version, [
      now("a", "done", 5),
      now("b", "todo", 1),
      now("c", "done", 2),
      now("f", "todo", 3),
    ]);
    expect(p.phases).toEqual([
      { phase: "launch-blocker", agreedHours: 11, logged: 6, done: 1, items: 2 },
      { phase: "hardening", agreedHours: 7, logged: 5, done: 1, items: 2 },
    ]);
    // A version from before tiers: the phase's expected hours.
    const old = { ...version, totals: { ...version.totals, tiers: undefined } };
    expect(progressAgainst(old, []).phases.map((ph) => ph.agreedHours)).toEqual([10, 6]);
  });

  it("measures an item the launch minimum waits for in the launch minimum's row, where it was priced", () => {
    // Decision 051: "c" (hardening) is counted in the launch minimum's agreed hours.
    const tiers = [
      {
        id: "launch",
        phase: "launch-blocker",
        hours: { p50: 13 },
        pulledForward: [{ id: "c", phase: "hardening", hours: 2 }],
      },
      { id: "hardening", phase: "hardening", hours: { p50: 5 } },
    ] as PlanTotals["tiers"];
    const pulled = { ...version, totals: { ...version.totals, tiers } };
    const p = progressAgainst(pulled, [now("a", "done", 5), now("c", "done", 2), now("f", "todo", 3)]);
    expect(p.phases).toEqual([
      { phase: "launch-blocker", agreedHours: 13, logged: 7, done: 2, items: 3 },
      { phase: "hardening", agreedHours: 5, logged: 3, done: 0, items: 1 },
    ]);
  });
});

describe("loggedAgainstEstimate: one item's hours against its estimate", () => {
  // The plan's estimate now: re-estimated since the agreement (version 2 agreed 1, 2, 3 for "c").
  const planItem = (
    id: string,
    actualHours: number | null,
    estimate: [number, number, number] = [2, 5, 20],
  ) => ({
    id,
    actualHours,
    estimate: { optimistic: estimate[0], likely: estimate[1], pessimistic: estimate[2] },
    mean: (estimate[0] + 4 * estimate[1] + estimate[2]) / 6,
  });

  it("holds an agreed item to the version's estimate, and says by how much it is past the worst case", () => {
    expect(loggedAgainstEstimate(planItem("c", 30.5), version)).toEqual({
      logged: 30.5,
      estimate: { optimistic: 1, likely: 2, pessimistic: 3 },
      mean: 2,
      agreedIn: 2,
      over: 27.5,
    });
  });

  it("is not over at the worst case itself, nor below it", () => {
    expect(loggedAgainstEstimate(planItem("c", 3), version).over).toBe(0);
    expect(loggedAgainstEstimate(planItem("c", 1.5), version).over).toBe(0);
    expect(loggedAgainstEstimate(planItem("c", null), version)).toMatchObject({ logged: 0, over: 0 });
    // A derived pessimistic carries float noise: not an overrun of a ten-millionth of an hour.
    const derived = planItem("x", 4.9, [1, 2, 4.8999999999]);
    expect(loggedAgainstEstimate(derived, null).over).toBe(0);
  });

  it("holds an item added since the agreement, or with no agreement, to the plan's estimate", () => {
    expect(loggedAgainstEstimate(planItem("new", 21), version)).toMatchObject({
      estimate: { optimistic: 2, likely: 5, pessimistic: 20 },
      mean: 7,
      agreedIn: null,
      over: 1,
    });
    expect(loggedAgainstEstimate(planItem("c", 21), null)).toMatchObject({ agreedIn: null, over: 1 });
  });
});
