// The words under a tier that counts later-phase work it waits for (decision 051), and the phase
// headings beside it, as the plan page, the proposal page and the PDFs take them from tierViews.
import { describe, expect, it } from "vitest";

import type { TierEstimate } from "~/engine/assessment-types";
import { PHASES } from "~/engine/content/types";
import { TIER_TEXT } from "~/engine/tiers";

import { phaseHours, tierViews } from "./estimate-view";

const tier = (
  id: TierEstimate["id"],
  p50: number,
  pulledForward?: TierEstimate["pulledForward"],
): TierEstimate => {
  const phase = PHASES[["launch", "hardening", "scale"].indexOf(id)]!;
  const money = {
    currency: "EUR",
    rate: 100,
    mean: p50 * 100,
    p10: 0,
    p50: p50 * 100,
    p80: 0,
    p90: p50 * 150,
  };
  return {
    id,
    phase,
    ...TIER_TEXT[id],
    tasks: 1,
    hours: { mean: p50, p10: 0, p50, p80: 0, p90: p50 * 1.5 },
    weeks: { mean: 1, p10: 1, p50: 1, p80: 1, p85: 1, p90: 1 },
    cost: money,
    ...(pulledForward ? { pulledForward } : {}),
  };
};
const total = {
  tasks: 3,
  hours: { mean: 1, p50: 1, p90: 1 },
  weeks: { p50: 1, p90: 1 },
  cost: { p50: 1, p90: 1, currency: "EUR" },
};
const titles: Record<string, string> = { staging: "Set up a staging copy", cache: "Cache the catalogue" };
const titleOf = (id: string) => titles[id];

describe("a tier that counts later-phase work", () => {
  const tiers = [
    tier("launch", 40, [
      { id: "staging", phase: "hardening", hours: 3.2 },
      { id: "cache", phase: "scale", hours: 6.6 },
    ]),
    tier("hardening", 20, [{ id: "gone", phase: "scale", hours: 1 }]),
    tier("scale", 10),
  ];

  it("names it under the tier, with its phase and hours", () => {
    const { tiers: views, total: whole } = tierViews(tiers, total, "plan", titleOf);
    expect(views.map((v) => v.includes)).toEqual([
      "The launch minimum includes “Set up a staging copy” (Hardening, about 3 h) and “Cache the catalogue” (Scale later, about 7 h), because launch-minimum work waits for them.",
      "Hardening includes an item (Scale later, about 1 h), because hardening work waits for it.",
      null,
    ]);
    expect(whole.includes).toBeNull();
  });

  it("says nothing for tiers without any, as every assessment's", () => {
    const plain = [tier("launch", 40), tier("hardening", 20), tier("scale", 10)];
    expect(tierViews(plain, total).tiers.map((v) => v.includes)).toEqual([null, null, null]);
  });

  it("says beside each phase's hours which of its items count elsewhere, and what it counts from later", () => {
    const totals = {
      tiers,
      byPhase: {
        "launch-blocker": { hours: 30 },
        hardening: { hours: 25 },
        scale: { hours: 18 },
      },
    };
    expect(phaseHours(totals, "launch-blocker")).toBe(
      "likely 40 h (including 1 Hardening item and 1 Scale later item it waits for)",
    );
    expect(phaseHours(totals, "hardening")).toBe(
      "likely 20 h (including 1 Scale later item it waits for; 1 item here counted in the launch minimum, which waits for it)",
    );
    expect(phaseHours(totals, "scale")).toBe(
      "likely 10 h (1 item here counted in the launch minimum, which waits for it; 1 item here counted in hardening, which waits for it)",
    );
  });
});
