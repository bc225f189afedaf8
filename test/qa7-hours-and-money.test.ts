// QA pass 7, findings 7, 10 and 12, read back from a rendered proposal PDF: a quarter-hour item
// printed "0–0 h" and "0 h to 0 h" beside €30–€50; hours ranges lost their thousands separator on
// one end; yen amounts were given to five significant figures.
import { beforeAll, describe, expect, it } from "vitest";

import { planTotals, scheduleByWeek } from "../app/engine/plan";
import type { ProposalSnapshot, SnapshotItem } from "../app/engine/plan-types";
import { pertMean } from "../app/engine/simulate";
import { renderProposalPdf } from "../app/pdf/rendering/render";
import { versionDiffView } from "../app/utils/version-diff";

import { loadDemo } from "./support/demo";
import { pdfText } from "./support/pdf-text";

type Demo = Awaited<ReturnType<typeof loadDemo>>;
let demo: Demo;
beforeAll(async () => {
  demo = await loadDemo();
}, 60_000);

/** The demo's proposal with only `items`, its totals simulated from them as a published one's. */
function withItems(
  items: SnapshotItem[],
  settings: Partial<ProposalSnapshot["settings"]> = {},
): ProposalSnapshot {
  const start = demo.snapshot;
  const s = { ...start.settings, ...settings };
  const engine = { ...s, focusFactor: 0.7, sigma: 0.45 };
  const totalsItems = items.map((i) => ({ id: i.id, phase: i.phase, estimate: i.estimate, dependsOn: [] }));
  return {
    ...start,
    settings: s,
    items,
    outOfScope: [],
    open: { questions: 0, tasks: 0 },
    totals: planTotals(totalsItems, engine),
    schedule: scheduleByWeek(totalsItems, engine),
  };
}

function item(id: string, optimistic: number, likely: number, pessimistic: number): SnapshotItem {
  const estimate = { optimistic, likely, pessimistic };
  return {
    id,
    taskId: null,
    title: `Tiny quarter-hour fix ${id}`,
    description: "",
    deliverables: [],
    acceptance: [],
    area: "auth",
    areaTitle: "Authentication & security",
    phase: "launch-blocker",
    owner: "partner",
    estimate,
    mean: pertMean(estimate),
    dependsOn: [],
    estimateReason: null,
  };
}

describe("a quarter-hour item in the proposal PDF (QA 7 #7)", () => {
  it("gives its hours to the tenth, never “0 h” beside a cost", async () => {
    const snapshot = withItems([item("a", 0.25, 0.25, 0.5)], { currency: "EUR", hourlyRate: 95 });
    const { flat } = await pdfText(await renderProposalPdf(snapshot, null));
    expect(flat).not.toMatch(/\b0–0 h|\b0 h to 0 h|likely 0 h/);
    // the item's own range keeps its quarter hour
    expect(flat).toContain("0.25–0.5 h");
    // the launch minimum's hours as the summary and the tier table state them
    const { p50, p90 } = snapshot.totals.hours;
    expect(p50).toBeGreaterThan(0);
    expect(p90).toBeLessThan(1);
    expect(flat).toMatch(/estimated at 0\.\d–0\.\d h \(likely to cautious\)/);
    expect(flat).not.toMatch(/\s0 h\s/);
  }, 60_000);
});

describe("thousands and significant figures (QA 7 #10, #12)", () => {
  it("group both ends of the totals line in “What changed”, and give yen to three figures", () => {
    // 1,080–2,614 h as in the QA pass's Big Unsure project
    const big = (hours: number) => ({ ...demo.snapshot.totals.hours, p50: hours, p90: hours * 2.42 });
    const before: ProposalSnapshot = {
      ...demo.snapshot,
      totals: { ...demo.snapshot.totals, hours: big(1080.3) },
    };
    const after: ProposalSnapshot = {
      ...demo.snapshot,
      number: demo.snapshot.number + 1,
      settings: { ...demo.snapshot.settings, currency: "JPY", hourlyRate: 10_000 },
      totals: {
        ...demo.snapshot.totals,
        hours: big(1080.3),
        cost: { ...demo.snapshot.totals.cost, currency: "JPY", p50: 10_799_000, p90: 26_142_000 },
      },
    };
    const text = JSON.stringify(versionDiffView(before, after));
    expect(text).toContain("1,080–2,614 h");
    expect(text).not.toContain("1080–2614 h");
    expect(text).toContain("¥10,800,000–¥26,100,000");
    expect(text).not.toContain("¥26,142,000");
  });
});
