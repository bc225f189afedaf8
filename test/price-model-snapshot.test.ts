// Decision 035 at the level of the snapshot: what buildSnapshot freezes (the price and the
// publisher's company), and that a version published before either still renders, on the page's
// view and in the PDF, as it did: the range, Finishline's name, no "Made with Finishline".
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

const COMPANY = {
  company: "Brandt Engineering GmbH",
  website: "https://brandt.example",
  addressLine: "Torstraße 1, Berlin",
  taxNote: "Prices exclude VAT.",
};

/** Finishline's name as the PDF sets it, letter-spaced (text extraction may space the letters). */
const FINISHLINE = /F\s?I\s?N\s?I\s?S\s?H\s?L\s?I\s?N\s?E/;

/** A version as published before decision 035: neither field. */
function oldSnapshot(): ProposalSnapshot {
  const { price: _price, partner: _partner, ...rest } = demo.snapshot;
  return rest;
}

describe("buildSnapshot", () => {
  it("freezes the price and the publisher's company given at publish, and the range without a company by default", async () => {
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
    const plain = buildSnapshot(base);
    expect(plain.price).toEqual({ model: "range" });
    expect("partner" in plain).toBe(false);

    const fixed = buildSnapshot({ ...base, price: { model: "fixed", amount: 24_000 }, partner: COMPANY });
    expect(fixed.price).toEqual({ model: "fixed", amount: 24_000 });
    expect(fixed.partner).toEqual(COMPANY);
    // A copy, not the caller's object: a later change to the profile object cannot reach it.
    expect(JSON.parse(JSON.stringify(fixed)).partner).toEqual(COMPANY);
  });
});

describe("a version published before price models and partner profiles", () => {
  it("reads as the range, from no company, on the page's view", () => {
    const v = proposalView(oldSnapshot());
    expect(v.price.headline).toBeNull();
    expect(v.price.clause).toBeNull();
    expect(v.price.taxNote).toBeNull();
    expect(v.partner).toBeNull();
    expect(v.whole.value).toMatch(/^€[\d,]+–€[\d,]+$/);
  });

  it("renders its PDF as before: Finishline's name on the cover and in the headers, no headline price", async () => {
    const pdf = await renderProposalPdf(oldSnapshot(), null);
    const { flat } = await pdfText(pdf);
    const pages = await pdfPages(pdf);
    expect(pages[0]).toMatch(FINISHLINE);
    expect(pages[2]).toMatch(FINISHLINE);
    expect(flat).toContain("Production readiness for AI-built products");
    expect(flat).not.toContain("Made with Finishline");
    expect(flat).not.toContain("Fixed price");
    expect(flat).not.toContain("Our estimate:");
  }, 60_000);

  it("with a capped price and a company, the PDF leads with them instead", async () => {
    const snapshot = {
      ...oldSnapshot(),
      price: { model: "capped" as const, amount: 30_000 },
      partner: COMPANY,
    };
    const pdf = await renderProposalPdf(snapshot, null);
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    expect(pages[0]).toContain(COMPANY.company);
    expect(pages[0]).toContain("brandt.example · Torstraße 1, Berlin");
    expect(pages[0]).toContain("Up to €30,000 (billed on time)");
    expect(pages[0]).toContain("Made with Finishline");
    expect(pages[0]).not.toMatch(FINISHLINE);
    expect(pages[1]).toContain(COMPANY.company); // the running header
    expect(pages[1]).toContain("PRICE Up to €30,000 (billed on time) Our estimate:");
    expect(pages[1]).toContain(COMPANY.taxNote);
  }, 60_000);
});
