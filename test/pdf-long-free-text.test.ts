// Security review 2 (finding 1): what a founder signs must be whole in the proposal PDF. A block of
// several lines is a list, and a bullet was kept on one page (wrap={false}); a bullet taller than a
// page (a long clause, within the terms' 5,000-character limit) was cut at the foot of the page, and
// the rest of it was missing from the signed document. The same held for assumptions and exclusions.
import { beforeAll, describe, expect, it } from "vitest";

import { renderProposalPdf } from "../app/pdf/rendering/render";

import { loadDemo } from "./support/demo";
import { pdfText } from "./support/pdf-text";

type Demo = Awaited<ReturnType<typeof loadDemo>>;
let demo: Demo;

beforeAll(async () => {
  demo = await loadDemo();
}, 60_000);

/** A clause in capitals, as contracts write them: one line of about 4,900 characters. */
function clause(label: string) {
  const parts: string[] = [];
  while (parts.join(" ").length < 4850)
    parts.push(`${label} WILL NOT BE LIABLE FOR INDIRECT DAMAGES (${label}_${parts.length + 1})`);
  return { text: `${parts.join(" ")} END OF ${label}`, count: parts.length };
}

/**
 * How many of the clause's numbered parts the PDF shows, in order from the first. Each number is one
 * word ("(TERMS_17)"), so no line or page break falls inside it; compared without spaces, as the
 * text extractor joins lines of separate text blocks with or without one.
 */
function partsShown(flat: string, label: string): number {
  const text = flat.replace(/\s+/g, "");
  let shown = 0;
  while (text.includes(`(${label}_${shown + 1})`)) shown += 1;
  return shown;
}

describe("long lines of free text in the proposal PDF", () => {
  it("keep every word of a clause longer than a page, in the terms, assumptions and exclusions", async () => {
    const terms = clause("TERMS");
    const assumptions = clause("ASSUMED");
    const exclusions = clause("EXCLUDED");
    const pdf = await renderProposalPdf(
      {
        ...demo.snapshot,
        terms: `Payment: 40% on signing.\n${terms.text}`,
        assumptions: `Access in week one.\n${assumptions.text}`,
        exclusions: `Redesign.\n${exclusions.text}`,
      },
      null,
    );
    const { flat } = await pdfText(pdf);
    expect(flat).toContain("Payment: 40% on signing.");
    expect(partsShown(flat, "TERMS")).toBe(terms.count);
    expect(flat.replace(/\s+/g, "")).toContain("ENDOFTERMS");
    expect(partsShown(flat, "ASSUMED")).toBe(assumptions.count);
    expect(flat.replace(/\s+/g, "")).toContain("ENDOFASSUMED");
    expect(partsShown(flat, "EXCLUDED")).toBe(exclusions.count);
    expect(flat.replace(/\s+/g, "")).toContain("ENDOFEXCLUDED");
  }, 60_000);

  it("keeps every word of terms written as one long paragraph", async () => {
    const terms = clause("TERMS");
    const { flat } = await pdfText(await renderProposalPdf({ ...demo.snapshot, terms: terms.text }, null));
    expect(partsShown(flat, "TERMS")).toBe(terms.count);
    expect(flat.replace(/\s+/g, "")).toContain("ENDOFTERMS");
  }, 60_000);
});
