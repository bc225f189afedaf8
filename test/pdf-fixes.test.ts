// Fixes from the PDF audit (notes/audit-pdf.md), each read back from the rendered PDF: what a
// reader sees and what copying the text gives.
import { extractText, extractTextItems } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { hyphenate, registerPdfFonts, textWidth } from "../app/pdf/blocks/fonts";
import { PAGE_MARGIN } from "../app/pdf/blocks/styles";
import { renderProposalPdf, renderReportPdf } from "../app/pdf/rendering/render";
import type { ProposalAcceptance, ReportData } from "../app/pdf/types";
import type { ProposalSnapshot } from "../app/engine/plan-types";

import { loadDemo } from "./support/demo";
import { DEMO, demoEngagementId, login } from "./support/demo-server";
import { pdfPages, pdfText, unwrapped } from "./support/pdf-text";
import { Client, startServer, type TestServer } from "./support/server";

type Demo = Awaited<ReturnType<typeof loadDemo>>;

let demo: Demo;
beforeAll(async () => {
  demo = await loadDemo();
});

/** The demo report with only its first area answered: the others have no score yet. */
function partlyAnswered(report: ReportData): ReportData {
  return {
    ...report,
    areas: report.areas.map((a, i) =>
      i === 0
        ? a
        : {
            ...a,
            score: null,
            level: null,
            high: 0,
            medium: 0,
            blockers: 0,
            unsure: 0,
            answered: 0,
          },
    ),
  };
}

/** The page (0-based) whose text includes `needle`. */
async function pageWith(pdf: Uint8Array, needle: string): Promise<number> {
  const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
  const index = pages.findIndex((p) => p.includes(needle));
  expect(index, `no page with “${needle}”`).toBeGreaterThanOrEqual(0);
  return index;
}

describe("the report's readiness by area, with areas nobody has answered", () => {
  let pdf: Uint8Array;
  let page: number;
  beforeAll(async () => {
    pdf = await renderReportPdf(partlyAnswered(demo.report));
    page = await pageWith(pdf, "Readiness by area");
  }, 60_000);

  it("keeps every radar label inside the chart, none cut off at its edge", async () => {
    // The radar is 250 pt wide at the left margin; the list of areas starts 14 pt to its right.
    const left = PAGE_MARGIN;
    const right = PAGE_MARGIN + 250;
    const { items } = await extractTextItems(new Uint8Array(pdf));
    const onPage = items[page]!;
    const heading = onPage.find((item) => item.str === "Readiness by area")!;
    // what is drawn in the 214 pt tall panel under the heading, left of the list
    const labels = onPage.filter(
      (item) =>
        item.y < heading.y && item.y > heading.y - 240 && item.x < right + 10 && item.str.trim() !== "",
    );
    expect(labels.filter((item) => /answer/.test(item.str)).length).toBeGreaterThanOrEqual(5);
    const outside = labels
      .filter((item) => item.x < left - 0.5 || item.x + item.width > right + 0.5)
      .map((item) => `“${item.str}” at ${item.x.toFixed(1)}..${(item.x + item.width).toFixed(1)}`);
    expect(outside).toEqual([]);
  });

  it("says an unanswered area is not answered yet, not that it has no significant risks", async () => {
    const text = (await pdfPages(pdf))[page]!.replace(/\s+/g, " ");
    expect(text).not.toContain("No significant risks found");
    // five unanswered areas, in the list beside the chart (the chart's own labels are lower case)
    expect(text.match(/Not answered yet/g)?.length).toBe(5);
  });
});

describe("the cover of a proposal that came with an imported file", () => {
  const at = Date.UTC(2026, 11, 5, 9, 30);
  const accepted: ProposalAcceptance = {
    name: "",
    email: "",
    at,
    imported: { statedBy: "Maya Okafor", by: "Jonas Brandt", importedAt: Date.UTC(2026, 11, 6) },
  };

  it("says it was accepted elsewhere and imported, as the proposal page does, not dated like a sign-off here", async () => {
    const pdf = await renderProposalPdf(demo.snapshot, accepted, { imported: true });
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    const cover = pages[0]!;
    expect(cover).toMatch(/accepted elsewhere · imported/i);
    expect(cover).not.toMatch(/accepted 5 dec 2026/i);
    expect(cover).toContain("(as stated in an imported file)");
    // the sign-off page still says what the file states
    expect(pages.find((p) => p.includes("Sign-off"))).toContain("Version 1: accepted elsewhere");
  }, 60_000);

  it("marks an imported version that awaits acceptance as imported, and one accepted here with its date", async () => {
    const open = (await pdfPages(await renderProposalPdf(demo.snapshot, null, { imported: true })))[0]!;
    expect(open.replace(/\s+/g, " ")).toMatch(/awaiting acceptance · imported/i);
    const here = { name: "Maya Okafor", email: "founder@demo.finishline.test", at };
    const signed = (await pdfPages(await renderProposalPdf(demo.snapshot, here)))[0]!;
    expect(signed.replace(/\s+/g, " ")).toMatch(/accepted 5 dec 2026/i);
    expect(signed).not.toMatch(/imported/i);
  }, 60_000);
});

/**
 * How many timeline rows each page of the proposal's timeline holds: the item numbers in the "#"
 * column, from the page the timeline starts on to the one the terms start on (above their title),
 * and on which of those pages (0 = the first) the terms start.
 */
async function timelineRowsPerPage(pdf: Uint8Array): Promise<{ counts: number[]; termsPage: number }> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  const { items } = await extractTextItems(new Uint8Array(pdf));
  const start = text.findIndex((t) => t.includes("When each item runs"));
  const end = text.findIndex((t, i) => i >= start && t.includes("Assumptions and exclusions"));
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThanOrEqual(start);
  const counts: number[] = [];
  for (let page = start; page <= end; page++) {
    const terms = items[page]!.find((item) => item.str === "Assumptions and exclusions");
    const rows = items[page]!.filter(
      (item) => /^\d+$/.test(item.str) && item.x < PAGE_MARGIN + 24 && (!terms || item.y > terms.y),
    );
    if (rows.length > 0 || page < end) counts.push(rows.length);
  }
  return { counts, termsPage: end - start };
}

describe("the proposal's timeline across pages", () => {
  it("never leaves a row alone on a page", async () => {
    const withItems = (n: number): ProposalSnapshot => ({
      ...demo.large,
      items: demo.large.items.slice(0, n),
    });
    // How many rows the timeline's first page holds, then one item more than that.
    const [first] = (await timelineRowsPerPage(await renderProposalPdf(withItems(60), null))).counts;
    expect(first).toBeGreaterThan(20);
    const { counts, termsPage } = await timelineRowsPerPage(
      await renderProposalPdf(withItems(first! + 1), null),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(first! + 1);
    expect(counts.length).toBe(2);
    // the last rows go over together, never one alone…
    expect(Math.min(...counts), `rows per page: ${counts.join(", ")}`).toBeGreaterThanOrEqual(3);
    // …and the terms follow them on that page instead of leaving it nearly empty
    expect(termsPage).toBe(counts.length - 1);
  }, 120_000);
});

describe("line breaks in Chinese text and in addresses", () => {
  const CHINESE =
    "独立咖啡烘焙商的在线商店，使用Bolt.new构建。客户可以在网上订购咖啡豆和订阅服务，并通过Stripe付款。";
  const URL = `https://example.com/${"a".repeat(200)}`;
  const LINK = "https://status.example.com/incidents/2026/database-restore-drill/runbook.html";
  let text: string;
  beforeAll(async () => {
    const { snapshot } = demo;
    const [first, second, ...rest] = snapshot.items;
    const pdf = await renderProposalPdf(
      {
        ...snapshot,
        engagement: { ...snapshot.engagement, description: `${CHINESE}${CHINESE}` },
        items: [{ ...first!, title: URL }, { ...second!, title: `Restore drill, as in ${LINK}` }, ...rest],
      },
      null,
    );
    text = (await pdfPages(pdf)).join("\n");
  }, 60_000);

  /** The text with its line breaks taken out, and nothing else: what a reader copies, unwrapped. */
  const joined = () => text.replace(/\n/g, "");

  it("breaks Chinese between characters, without a hyphen", () => {
    expect(text.includes(CHINESE), "the description wraps").toBe(false);
    expect(joined().includes(`${CHINESE}${CHINESE}`), "nothing added where it broke").toBe(true);
    expect(/\p{Script=Han}-\n|-\n\p{Script=Han}|Bolt\.new-\n/u.test(text), "no hyphen at a break").toBe(
      false,
    );
  });

  it("breaks a URL without adding characters, so a copied URL is the same URL", () => {
    expect(text.includes(URL), "the URL wraps").toBe(false);
    expect(joined().includes(URL), "nothing added where it broke").toBe(true);
    expect(/a-\n/.test(text), "no hyphen at a break").toBe(false);
    expect(joined().includes(LINK), "the link in a title").toBe(true);
  });

  it("gives react-pdf break points without a hyphen there: an empty part between two parts", () => {
    const noHyphen = (word: string) =>
      hyphenate(word).filter(
        (part, i, parts) => part !== "" && parts[i + 1] !== undefined && parts[i + 1] !== "",
      );
    expect(hyphenate("使用Bolt.new构建。")).toEqual(["使", "", "用", "", "Bolt.new", "", "构", "", "建。"]);
    // closing punctuation never starts a line, opening brackets never end one
    expect(hyphenate("商店，（测试）")).toEqual(["商", "", "店，", "", "（测", "", "试）"]);
    for (const word of [
      CHINESE,
      URL,
      LINK,
      "ops@example-company-with-a-long-name.com",
      "/var/lib/finishline/pdf-cache/proposal/v3",
    ]) {
      expect(hyphenate(word).join("")).toBe(word);
      expect(noHyphen(word), word).toEqual([]);
      expect(hyphenate(word).length).toBeGreaterThan(1);
    }
    expect(hyphenate("https://example.com/docs/runbooks/restore.html")).toEqual([
      "https://",
      "",
      "example",
      "",
      ".com",
      "",
      "/docs",
      "",
      "/runbooks",
      "",
      "/restore",
      "",
      ".html",
    ]);
    // a long string that is neither still splits into chunks, with a hyphen where the line breaks
    expect(noHyphen("a".repeat(40)).length).toBeGreaterThan(0);
  });
});

describe("what each item covers, in the proposal a founder signs", () => {
  it("follows the scope table in the PDF: every item's description, under its number and title", async () => {
    const { snapshot } = demo;
    const pdf = await renderProposalPdf(snapshot, null);
    const raw = await pdfPages(pdf);
    // A description is run-in text and may go on over a page break (by design): read the pages
    // without their running header (first line) and footer (last line), so it reads as one.
    const body = unwrapped(raw.map((p) => p.split("\n").slice(1, -1).join("\n")).join("\n"));
    const pages = raw.map((p) => p.replace(/\s+/g, " "));
    const scope = pages.findIndex((p) => p.includes("Scope of work"));
    const covers = pages.findIndex((p) => p.includes("What each item covers"));
    const timeline = pages.findIndex((p) => p.includes("When each item runs"));
    expect(covers).toBeGreaterThanOrEqual(scope);
    expect(covers).toBeLessThan(timeline);
    const described = snapshot.items.filter((i) => i.description.trim() !== "");
    expect(described.length).toBe(snapshot.items.length);
    const absent = described.filter(
      (i) => !body.includes(`${i.title} — ${i.description.trim().replace(/\s+/g, " ")}`),
    );
    expect(absent.map((i) => i.title)).toEqual([]);
  }, 60_000);
});

describe("a partner-added item's description, on the proposal page and in its PDF", () => {
  const DESCRIPTION =
    "Move every product image to the CDN, keep the originals in the bucket, and rewrite the image URLs in the catalogue; done when the product pages load no image from the app server.";
  let server: TestServer;
  let partner: Client;
  let founder: Client;
  let id: string;
  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: "true" });
    id = demoEngagementId(server);
    partner = await login(server, DEMO.partner.email);
    founder = await login(server, DEMO.founder.email);
    expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
    const custom = await partner.post(`/engagements/${id}/plan`, {
      intent: "custom",
      title: "Migrate images to a CDN",
      description: DESCRIPTION,
      area: "performance",
      phase: "scale",
      "estimate.optimistic": "2",
      "estimate.likely": "4",
      "estimate.pessimistic": "8",
    });
    expect(custom.status).toBe(302);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("is on both, in full", async () => {
    const published = await partner.post(`/engagements/${id}/proposals`, { assumptions: "", exclusions: "" });
    expect(published.status).toBe(302);
    const number = published.headers.get("Location")!.split("/").pop();
    const html = (await (await founder.get(`/engagements/${id}/proposals/${number}`)).text()).replace(
      /&#x27;/g,
      "'",
    );
    // Folded under the title on the page, and in full on the item's own page the fold opens.
    const row = html.slice(html.lastIndexOf("<tr", html.indexOf("Migrate images to a CDN")));
    const itemPath = /href="([^"]+\/items\/[^"]+)"/.exec(row.slice(0, row.indexOf("</td>")))![1]!;
    const page = (await (await founder.get(itemPath)).text()).replace(/&#x27;/g, "'");
    expect(page).toContain(`<p class="item-details__description">${DESCRIPTION}</p>`);

    const res = await founder.get(`/engagements/${id}/proposals/${number}.pdf`);
    expect(res.status).toBe(200);
    const body = unwrapped((await pdfText(new Uint8Array(await res.arrayBuffer()))).text);
    expect(body).toContain(`Migrate images to a CDN — ${DESCRIPTION}`);
  }, 120_000);
});

describe("shortened titles in the timeline", () => {
  it("are cut to fit their column, never squeezed into it with narrower spaces", async () => {
    await registerPdfFonts();
    const pdf = await renderProposalPdf(demo.snapshot, null);
    const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
    const { items } = await extractTextItems(new Uint8Array(pdf));
    const start = text.findIndex((t) => t.includes("When each item runs"));
    const titles = items
      .slice(start)
      .flat()
      .filter((item) => item.str.endsWith("…") && Math.abs(item.x - (PAGE_MARGIN + 28)) < 1);
    expect(titles.length).toBeGreaterThan(5);
    // drawn at their natural width: the spaces of a squeezed line are narrower
    const squeezed = titles
      .filter((item) => Math.abs(item.width - textWidth(item.str, 7.5)) > 0.5)
      .map(
        (item) =>
          `“${item.str}”: ${item.width.toFixed(1)} pt, ${textWidth(item.str, 7.5).toFixed(1)} pt natural`,
      );
    expect(squeezed).toEqual([]);
  }, 60_000);
});

describe("the report's answers, area by area", () => {
  it("never leaves an area's heading at the foot of a page without its first answer", async () => {
    // The heading asked for 80 pt after it, but an answer is never split and is often taller (its
    // "Why it matters" text): where 80 pt was left, the heading stayed and its answer moved on.
    // Trimming the first section moves the next heading down the page, through that gap.
    const [first, second] = demo.report.sections;
    const next = {
      ...second!,
      questions: second!.questions.map((q, i) =>
        i === 0 ? { ...q, help: `${q.help ?? ""} `.repeat(4) } : q,
      ),
    };
    const orphaned: string[] = [];
    for (let n = 1; n <= first!.questions.length; n++) {
      const report = {
        ...demo.report,
        sections: [{ ...first!, questions: first!.questions.slice(0, n) }, next],
      };
      const pages = (await pdfPages(await renderReportPdf(report))).map((p) => p.replace(/\s+/g, " "));
      // The heading (title, then summary) whole on one page, and an answer after it there.
      const heading = `${next.title} ${next.summary.replace(/\s+/g, " ").slice(0, 40)}`;
      const at = pages.findIndex((p) => p.includes(heading));
      if (at === -1 || !pages[at]!.slice(pages[at]!.indexOf(heading)).includes("Answer"))
        orphaned.push(`with ${n} answers before it`);
    }
    expect(orphaned).toEqual([]);
  }, 180_000);
});
