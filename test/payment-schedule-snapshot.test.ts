// Decision 040 at the level of the snapshot: what buildSnapshot freezes, that a version published
// before payment schedules renders as it did (no schedule, no "terms" in the sign-off when it had
// none), and the PDF's schedule for the range (percents only) and for monthly billing.
import { beforeAll, describe, expect, it } from "vitest";

import type { ProposalSnapshot } from "../app/engine/plan-types";
import { getPlanState } from "../app/models/plan-state.server";
import { buildSnapshot } from "../app/models/snapshot.server";
import { renderProposalPdf } from "../app/pdf/rendering/render";
import { proposalView } from "../app/routes/engagements.$id.proposals.$n/proposal-view.server";

import { loadDemo } from "./support/demo";
import { pdfPages, pdfText } from "./support/pdf-text";

type Demo = Awaited<ReturnType<typeof loadDemo>>;
let demo: Demo;
beforeAll(async () => {
  demo = await loadDemo();
}, 60_000);

const MILESTONES = [
  { label: "On signing", percent: 30 },
  { label: "Launch minimum delivered", percent: 70 },
];

/** A version as published before decision 040, without terms of its own: no `payment`. */
function oldSnapshot(): ProposalSnapshot {
  const { payment: _payment, ...rest } = demo.snapshot;
  return { ...rest, terms: "", price: { model: "range" } };
}

/** The PDF page that holds the schedule, its text on one line, and the whole text. */
async function rendered(snapshot: ProposalSnapshot) {
  const pdf = await renderProposalPdf(snapshot, null);
  const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
  return { page: pages.find((p) => p.includes("Payment schedule")) ?? null, flat: (await pdfText(pdf)).flat };
}

describe("buildSnapshot", () => {
  it("freezes the schedule given at publish, and 'not stated' by default", async () => {
    const state = await getPlanState({ engagement: demo.engagement });
    const base = {
      state,
      engagement: demo.engagement,
      number: 9,
      publishedAt: Date.UTC(2026, 11, 5),
      preparedBy: { name: "Jonas Brandt", email: "jonas@example.com" },
      assumptions: "",
      exclusions: "",
    };
    expect(buildSnapshot(base).payment).toEqual({ plan: "none" });
    const payment = { plan: "milestones" as const, milestones: MILESTONES };
    expect(buildSnapshot({ ...base, payment }).payment).toEqual(payment);
  });
});

describe("the PDF's payment schedule", () => {
  it("is absent from a version published before it, whose sign-off still speaks of no terms", async () => {
    expect(proposalView(oldSnapshot()).payment).toBeNull();
    const { flat } = await pdfText(await renderProposalPdf(oldSnapshot(), null));
    expect(flat).not.toContain("Payment schedule");
    expect(flat).toContain("the scope, estimates, assumptions and exclusions in this proposal");
  }, 60_000);

  it("for the estimate range gives percents of the billed total, without amounts", async () => {
    const { page, flat } = await rendered({
      ...oldSnapshot(),
      payment: { plan: "milestones", milestones: MILESTONES },
    });
    expect(page).not.toBeNull();
    expect(page).toMatch(/Payment schedule MILESTONE PERCENT On signing 30% Launch minimum delivered 70%/i);
    expect(page).not.toMatch(/amount/i);
    expect(page).toContain("Each percent is of the total billed for the time spent.");
    // A stated schedule is terms: the sign-off says the signature agrees to them.
    expect(flat).toContain("assumptions, exclusions and terms in this proposal");
  }, 60_000);

  it("for monthly billing under a cap is one sentence", async () => {
    const { page } = await rendered({
      ...oldSnapshot(),
      price: { model: "capped", amount: 30_000 },
      payment: { plan: "monthly" },
    });
    expect(page).toContain(
      "Payment schedule Invoiced monthly in arrears for the time spent, up to the cap of €30,000 in all.",
    );
  }, 60_000);
});
