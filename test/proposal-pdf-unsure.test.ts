// A proposal's "What we found" for an area answered "I'm not sure": it scores 0 with no risk to list,
// and "No significant risks found" beside that 0 told a founder the opposite (QA pass 2). Versions
// published before the snapshot recorded the count keep what they always said.
import { beforeAll, describe, expect, it } from "vitest";

import type { ProposalSnapshot } from "../app/engine/plan-types";
import { renderProposalPdf } from "../app/pdf/rendering/render";

import { loadDemo } from "./support/demo";
import { pdfText, unwrapped } from "./support/pdf-text";

let demo: Awaited<ReturnType<typeof loadDemo>>;
beforeAll(async () => {
  demo = await loadDemo();
}, 60_000);

/** The demo's proposal with one area answered only "I'm not sure" (or, with `unsure` undefined, as a version from before). */
function withUnsureArea(unsure: number | undefined): { snapshot: ProposalSnapshot; title: string } {
  const { snapshot } = demo;
  const areas = snapshot.readiness.areas;
  const target = areas.find((a) => a.applicable)!;
  return {
    title: target.title,
    snapshot: {
      ...snapshot,
      readiness: {
        ...snapshot.readiness,
        blockers: snapshot.readiness.blockers.filter(
          (b) => !target.findings.some((f) => f.blocker && f.prompt === b.title),
        ),
        areas: areas.map((a) =>
          a.id === target.id ? { ...a, score: 0, high: 0, medium: 0, findings: [], unsure } : a,
        ),
      },
    },
  };
}

describe("a proposal's findings for an area answered “not sure”", () => {
  it("records each area's unsure answers when it is published", () => {
    const published = demo.snapshot.readiness.areas;
    expect(published.map((a) => a.unsure)).toEqual(demo.assessment.areas.map((a) => a.unsure.length));
    expect(published.some((a) => (a.unsure ?? 0) > 0)).toBe(true);
  });

  it("says the answers are not sure, in the area's findings and its readiness line", async () => {
    const { snapshot, title } = withUnsureArea(3);
    const flat = unwrapped((await pdfText(await renderProposalPdf(snapshot, null))).flat);
    expect(flat).toContain("3 answers not sure: scored as gaps until someone checks.");
    expect(flat).not.toContain("No significant risks found in this area.");
    expect(flat).toContain(title);
  }, 60_000);

  it("keeps the old words for a version published before the count was recorded", async () => {
    const { snapshot } = withUnsureArea(undefined);
    const flat = unwrapped((await pdfText(await renderProposalPdf(snapshot, null))).flat);
    expect(flat).toContain("No significant risks found in this area.");
  }, 60_000);
});
