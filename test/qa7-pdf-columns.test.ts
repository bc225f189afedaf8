// QA pass 7, finding 6: in the proposal and report PDFs the tier table's Total row printed
// "¥10,799,000¥26,142,000", the likely and cautious costs run together. Rendered here with amounts of
// 9 to 11 characters and more (yen, a currency Intl writes as a code), read back with pdf.js: each
// cost must be its own text, right of the column before it with a gap.
import { mkdirSync, writeFileSync } from "node:fs";

import { extractTextItems } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";

import { formatEstimate } from "../app/engine/money";
import type { ProposalSnapshot } from "../app/engine/plan-types";
import { renderProposalPdf, renderReportPdf } from "../app/pdf/rendering/render";
import type { ReportData } from "../app/pdf/types";
import type { TierView } from "../app/utils/estimate-view";

import { loadDemo } from "./support/demo";
import { pdfPages } from "./support/pdf-text";
import { largeSnapshot } from "./support/proposal-snapshot";

type Demo = Awaited<ReturnType<typeof loadDemo>>;
let demo: Demo;
beforeAll(async () => {
  demo = await loadDemo();
}, 60_000);

/** Where the PDFs go for a look (pdftoppm -r 60): set QA7_PDF_DIR. */
function keep(name: string, pdf: Uint8Array) {
  const dir = process.env.QA7_PDF_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${name}.pdf`, pdf);
}

/** The demo's 150-item proposal priced in `currency` at `rate` an hour. */
function pricedIn(currency: string, hourlyRate: number): ProposalSnapshot {
  const start = demo.snapshot;
  return largeSnapshot({ ...start, settings: { ...start.settings, currency, hourlyRate } });
}

/** The demo report with every tier's cost multiplied, in `currency`. */
function reportIn(report: ReportData, currency: string, factor: number): ReportData {
  const scale = (t: TierView): TierView => ({
    ...t,
    cost: { likely: t.cost.likely * factor, cautious: t.cost.cautious * factor, currency },
  });
  return {
    ...report,
    effort: {
      ...report.effort,
      tiers: report.effort.tiers.map(scale),
      total: scale(report.effort.total),
    },
  };
}

/**
 * The two amounts (as shown) side by side in a table row: each a text item of its own, on one line,
 * the cautious one starting at least `gap` points right of where the likely one ends, and never
 * written as one run ("¥10,799,000¥26,142,000").
 */
async function expectApart(pdf: Uint8Array, likely: string, cautious: string, gap = 4) {
  const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
  for (const page of pages) expect(page).not.toContain(`${likely}${cautious}`);
  const { items } = await extractTextItems(new Uint8Array(pdf));
  const pairs = items.flatMap((onPage) => {
    const a = onPage.filter((i) => i.str.trim() === likely);
    const b = onPage.filter((i) => i.str.trim() === cautious);
    return a.flatMap((x) => b.filter((y) => Math.abs(y.y - x.y) < 2).map((y) => [x, y] as const));
  });
  expect(pairs.length, `${likely} and ${cautious} as items of their own on one line`).toBeGreaterThan(0);
  for (const [x, y] of pairs) expect(y.x - (x.x + x.width)).toBeGreaterThanOrEqual(gap);
}

describe("the tier table's costs in the PDFs (QA 7 #6)", () => {
  it("keeps the Total row's likely and cautious costs apart in a yen proposal", async () => {
    const snapshot = pricedIn("JPY", 10_000);
    const pdf = await renderProposalPdf(snapshot, null);
    keep("proposal-jpy", pdf);
    const total = snapshot.totals;
    const likely = formatEstimate(total.cost.p50, "JPY");
    const cautious = formatEstimate(total.cost.p90, "JPY");
    // amounts of the length the QA pass saw, or longer
    expect(likely.length).toBeGreaterThanOrEqual(10);
    expect(cautious.length).toBeGreaterThanOrEqual(11);
    await expectApart(pdf, likely, cautious);
  }, 60_000);

  it("keeps them apart in the report's Effort range, for 9 to 11 characters in several currencies", async () => {
    const total = demo.report.effort.total;
    for (const [currency, factor] of [
      ["JPY", 120],
      ["EUR", 40],
      ["KRW", 1_200],
    ] as const) {
      const report = reportIn(demo.report, currency, factor);
      const pdf = await renderReportPdf(report);
      keep(`report-${currency}`, pdf);
      const likely = formatEstimate(total.cost.likely * factor, currency);
      const cautious = formatEstimate(total.cost.cautious * factor, currency);
      expect(cautious.length).toBeGreaterThanOrEqual(9);
      await expectApart(pdf, likely, cautious);
    }
  }, 120_000);
});
