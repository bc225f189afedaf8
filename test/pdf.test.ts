// PDFs: the proposal and the assessment report rendered by the same functions the workers run,
// read back as text; the worker pool's mechanics; and the download routes on the real server.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { PHASES } from "../app/engine/content/types";
import { formatEstimate } from "../app/engine/money";
import { FALLBACK_REASONS } from "../app/engine/out-of-scope";
import type { ProposalSnapshot } from "../app/engine/plan-types";
import { hyphenate, planFonts } from "../app/pdf/blocks/fonts";
import { missingChars, printable, REPLACEMENT } from "../app/pdf/blocks/text";
import { PdfCache } from "../app/pdf/rendering/cache.server";
import {
  PdfBusyError,
  PdfOwnerBusyError,
  PdfPool,
  PdfRenderError,
  PdfTimeoutError,
} from "../app/pdf/rendering/pool.server";
import { renderProposalPdf, renderReportPdf } from "../app/pdf/rendering/render";
import type { PdfJob } from "../app/pdf/types";
import { formatDate, formatHours, formatWeeks } from "../app/utils/format";
import { AGAINST_A_QUOTE, midSentence } from "../app/utils/estimate-view";

import { loadDemo } from "./support/demo";
import { DEMO, demoEngagementId, login } from "./support/demo-server";
import { missing, overflowingItems, pdfPages, pdfText, unwrapped } from "./support/pdf-text";
import { ACCENTED, LONG_WORD, NO_FONT } from "./support/proposal-snapshot";
import { Client, signup, startServer, type TestServer } from "./support/server";

type Demo = Awaited<ReturnType<typeof loadDemo>>;

const PROPOSAL_HEADINGS = [
  "Executive summary",
  "Readiness by area",
  "What we found",
  "Scope of work",
  "Timeline",
  "Assumptions and exclusions",
  "How the estimate was made",
  "Sign-off",
];
const REPORT_HEADINGS = [
  "Readiness at a glance",
  "Readiness by area",
  "Launch blockers",
  "Effort range",
  "Your answers",
  "How the estimate was made",
];

let demo: Demo;
beforeAll(async () => {
  demo = await loadDemo();
});

describe("text that fits the font and the cells", () => {
  it("keeps words whole, but splits very long unbroken words into chunks", () => {
    expect(hyphenate("Supabase")).toEqual(["Supabase"]);
    expect(hyphenate("Ångström-Łukasiewicz")).toEqual(["Ångström-Łukasiewicz"]);
    const parts = hyphenate(LONG_WORD);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join("")).toBe(LONG_WORD);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(12);
  });

  it("replaces characters the font cannot draw and drops invisible ones", async () => {
    await renderReportPdf(demo.report); // registers the fonts in this thread
    expect(printable("Zoë Ångström-Łukasiewicz, Ωμέγα, Привет")).toBe(
      "Zoë Ångström-Łukasiewicz, Ωμέγα, Привет",
    );
    // with DejaVu Sans alone; a document's fallback fonts cover more (test/pdf-scripts.test.ts)
    expect(printable("李雷")).toBe(`${REPLACEMENT}${REPLACEMENT}`);
    expect(printable("a\u200bb\u0007c\td\u200ee\ufe0f")).toBe("abc de");
    // the joiners stay: Persian spelling needs ZWNJ ("می‌خواهم"), emoji sequences ZWJ
    const persian = "می\u200cخواهم";
    expect(printable(persian, (await planFonts(missingChars([persian]))).covers)).toBe(persian);
  });
});

describe("rendering", () => {
  it("renders both documents without a React warning (the page layout keys its fragments)", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await renderProposalPdf(demo.snapshot, null, { snapshotHash: demo.proposal.snapshotHash });
      await renderReportPdf(demo.report);
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("proposal PDF of the demo engagement", () => {
  let pdf: Uint8Array;
  let snapshot: ProposalSnapshot;
  beforeAll(async () => {
    snapshot = demo.snapshot;
    pdf = await renderProposalPdf(snapshot, null, { snapshotHash: demo.proposal.snapshotHash });
  });

  it("has every section, on a sane number of pages", async () => {
    const { pages, flat } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(5);
    // 19 since the content audit: the demo gained two launch blockers and four medium findings; 24
    // since each item lists its deliverables and "Done when" (partner audit #5); 25 with the
    // partner's terms page before the sign-off (decision 033).
    expect(pages).toBeLessThanOrEqual(25);
    expect(missing(flat, PROPOSAL_HEADINGS)).toEqual([]);
    expect(missing(flat, [`Page 2 of ${pages}`])).toEqual([]);
  });

  it("says what it leaves out for open questions, and the pace its weeks assume", async () => {
    const { flat } = await pdfText(pdf);
    const { questions, tasks } = snapshot.open!;
    expect(questions).toBeGreaterThan(1);
    const left = `Not in this proposal: the ${tasks} tasks that the ${questions} questions still unanswered could call for`;
    expect(flat.split(left).length).toBeGreaterThanOrEqual(2);
    expect(flat).not.toContain("Beside this bottom-up estimate");
    expect(flat).toContain("at 30 hours a week, 70% of it on task work.");
  });

  it("puts what the client decides on first, and the assessment behind it in appendices after the sign-off", async () => {
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    const first = (needle: string) => pages.findIndex((p) => p.includes(needle));
    const order = [
      "Executive summary",
      "Scope of work",
      "Timeline",
      "Assumptions and exclusions",
      "Sign-off",
      "Each item of the scope, by its number", // Appendix A: what each item covers
      "What we found", // Appendix B
      "How the estimate was made",
    ].map(first);
    expect(order.every((page) => page > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Partner audit #18: the sign-off was on page 19 of 25, after six pages of findings.
    expect(first("Sign-off")).toBeLessThan(pages.length / 2);
    expect(pages.join(" ")).toContain("What each item covers, delivers and is accepted against: Appendix A");
  });

  it("starts the findings under the readiness panel, not on a page of their own", async () => {
    // The readiness panel fills a third of a page; with a break before the findings, the demo's
    // page 3 was two thirds empty.
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    const page = pages.find((p) => p.includes("Readiness by area"));
    expect(page).toContain("What we found");
    expect(page).toContain("launch blockers: fix before real customers rely on the product");
  });

  it("prints the snapshot's numbers, formatted as the app formats them", async () => {
    const { flat } = await pdfText(pdf);
    const { totals, readiness } = snapshot;
    expect(
      missing(flat, [
        formatHours(totals.hours.p50),
        formatHours(totals.hours.p90),
        formatWeeks(totals.weeks.p50),
        formatWeeks(totals.weeks.p90),
        formatEstimate(totals.cost.p50, totals.cost.currency),
        formatEstimate(totals.cost.p90, totals.cost.currency),
        `${readiness.overall.score}/100`,
        `found ${readiness.blockers.length} launch blockers`,
        `${snapshot.items.length} items`,
      ]),
    ).toEqual([]);
  });

  it("the numbers are the engine's: the demo plan is the assessment's tasks, answered ones only", () => {
    const planned = demo.assessment.tasks.filter((t) => !t.provisional);
    expect(snapshot.items.map((i) => i.taskId).sort()).toEqual(planned.map((t) => t.id).sort());
    expect(snapshot.totals.tiers!.map((t) => t.tasks)).toEqual(
      PHASES.map((p) => planned.filter((t) => t.phase === p).length),
    );
    expect(snapshot.readiness.overall.score).toBe(demo.assessment.overall.score);
  });

  it("leads with the launch minimum, then every tier and the total", async () => {
    const { flat } = await pdfText(pdf);
    const launch = snapshot.totals.tiers![0]!;
    const money = (n: number) => formatEstimate(n, snapshot.totals.cost.currency);
    expect(
      missing(flat, [
        `LAUNCH MINIMUM ${money(launch.cost.p50)} – ${money(launch.cost.p90)}`,
        ...snapshot.totals.tiers!.flatMap((t) => [t.title, formatHours(t.hours.p50), money(t.cost.p90)]),
        "Shared setup, counted once for:",
      ]),
    ).toEqual([]);
    expect(flat.indexOf("LAUNCH MINIMUM")).toBeLessThan(flat.indexOf("Hardening"));
  });

  it("lists every item, cover details, and blank signature lines while unaccepted", async () => {
    const { flat, text } = await pdfText(pdf);
    const body = unwrapped(text);
    expect(
      missing(
        body,
        snapshot.items.map((item) => item.title.replace(/\s+/g, " ")),
      ),
    ).toEqual([]);
    expect(
      missing(flat, [
        // Published when the demo was seeded: today, whatever day the test runs.
        `Proposal v${snapshot.number} · ${formatDate(snapshot.publishedAt)}`,
        DEMO.partner.name,
        DEMO.founder.name,
        "AWAITING ACCEPTANCE",
        "Signature",
        `Document reference: ${demo.proposal.snapshotHash.slice(0, 16)}`,
      ]),
    ).toEqual([]);
  });

  it("names who accepted an accepted version, and when", async () => {
    const at = Date.UTC(2026, 10, 26, 14, 3);
    const accepted = await renderProposalPdf(snapshot, { ...DEMO.founder, at });
    const { flat } = await pdfText(accepted);
    expect(
      missing(flat, [`Accepted by ${DEMO.founder.name} (${DEMO.founder.email}) on 26 Nov 2026, 14:03 UTC`]),
    ).toEqual([]);
    // No blank signature lines on the acceptance page (an item's deliverables may say "Signature").
    expect((await pdfPages(accepted)).at(-1)).not.toContain("Signature");
  });

  it("keeps every line of text inside the page", async () => {
    expect(await overflowingItems(pdf)).toEqual([]);
  });

  it("keeps the method's settings table on the page of its last paragraph, not alone on a page", async () => {
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    const table = pages.filter((p) => p.includes("Work items") && p.includes("Hourly rate"));
    expect(table).toHaveLength(1);
    expect(table[0]).toContain("Cost is hours");
  });
});

describe("proposal PDF: who does the work", () => {
  it("says once that one owner does every item, and lists owners when there are two", async () => {
    expect(new Set(demo.snapshot.items.map((i) => i.owner))).toEqual(new Set(["partner"]));
    const one = (await pdfText(await renderProposalPdf(demo.snapshot, null))).flat;
    expect(one).toContain("Every item is done by the engineering partner.");
    expect(one).not.toMatch(/\bOWNER\b/);

    const [first, ...rest] = demo.snapshot.items;
    const two = (
      await pdfText(
        await renderProposalPdf(
          { ...demo.snapshot, items: [{ ...first!, owner: "founder" }, ...rest] },
          null,
        ),
      )
    ).flat;
    expect(two).toContain("The owner is the engineering partner or the founder's team.");
    expect(two).toMatch(/\bOWNER\b/);
    expect(two).toMatch(/\bFounder\b/);
    expect(two).not.toContain("Every item is done by");
  });
});

describe("proposal PDF: what is out of scope and what is later", () => {
  let flat: string;
  beforeAll(async () => {
    const [a, b] = demo.snapshot.items;
    const snapshot: ProposalSnapshot = {
      ...demo.snapshot,
      outOfScope: [
        {
          id: "out-1",
          title: a!.title,
          area: a!.area,
          areaTitle: a!.areaTitle,
          phase: "launch-blocker",
          scope: "excluded",
          reason: "The founder's team runs the backups",
          mean: 12,
        },
        {
          id: "out-2",
          title: b!.title,
          area: b!.area,
          areaTitle: b!.areaTitle,
          phase: "scale",
          scope: "deferred",
          reason: FALLBACK_REASONS.deferred.scale,
          mean: 7,
        },
      ],
    };
    ({ flat } = await pdfText(await renderProposalPdf(snapshot, null)));
  });

  it("lists them under their headings with their reasons, apart from the totals", () => {
    expect(
      missing(flat, [
        "Out of scope",
        "Later",
        "The founder's team runs the backups",
        FALLBACK_REASONS.deferred.scale,
        "12 h expected, not in the totals",
        "not part of the price or the timeline",
      ]),
    ).toEqual([]);
    expect(flat.indexOf("Out of scope")).toBeGreaterThan(flat.indexOf("Scope of work"));
  });

  it("prints nothing for them in versions published before they were listed", async () => {
    const { outOfScope: _, ...old } = demo.snapshot;
    const text = (await pdfText(await renderProposalPdf(old, null))).flat;
    expect(text).not.toContain("not in the totals");
  });
});

describe("assessment report PDF of the demo engagement", () => {
  let pdf: Uint8Array;
  beforeAll(async () => {
    pdf = await renderReportPdf(demo.report);
  });

  it("has every section, on a sane number of pages", async () => {
    const { pages, flat } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(pages).toBeLessThanOrEqual(30);
    expect(missing(flat, REPORT_HEADINGS)).toEqual([]);
  });

  it("counts each finding once per area: blockers apart from the other high risks", async () => {
    // "2 launch blockers · 5 high" once read as seven findings where the area had five.
    const { flat } = await pdfText(pdf);
    const area = demo.report.areas.find((a) => a.blockers > 0 && a.high > a.blockers);
    expect(area).toBeDefined();
    const blockers = `${area!.blockers} launch ${area!.blockers === 1 ? "blocker" : "blockers"}`;
    expect(flat).toContain(`${blockers} · ${area!.high - area!.blockers} high`);
    expect(flat).not.toContain(`${blockers} · ${area!.high} high`);
  });

  it("lists the same answers as driving the effort as the results page does", async () => {
    const { flat } = await pdfText(pdf);
    const drivers = demo.assessment.drivers.questions;
    expect(drivers.length).toBeGreaterThan(2);
    expect(flat).toContain("What drives the effort");
    const table = flat.slice(flat.indexOf("What drives the effort"), flat.indexOf("What would narrow"));
    const at = drivers.map((d) => table.indexOf(d.prompt.slice(0, 40)));
    expect(at).not.toContain(-1);
    // In the page's order.
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("keeps a heading with what follows it", async () => {
    // The demo's report once ended page 4 with "Shared work, counted once" and its intro, every
    // package on page 5.
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    const first = demo.report.effort.shared[0]!.title;
    const page = pages.find((p) => p.includes("Shared work, counted once"));
    expect(page).toBeDefined();
    expect(page).toContain(`• ${first}`);
  });

  it("prints the engine's numbers, as the results page does", async () => {
    const { flat } = await pdfText(pdf);
    const { effort, overall, blockers } = demo.assessment;
    expect(
      missing(flat, [
        // The launch minimum leads, then every tier and the total, as on the results page.
        // … with each end named, as the results page names them.
        `LAUNCH MINIMUM (PROVISIONAL) ${formatEstimate(effort.tiers[0]!.cost.p50, effort.cost.currency)} likely, ${formatEstimate(effort.tiers[0]!.cost.p90, effort.cost.currency)} cautious`,
        ...effort.tiers.flatMap((t) => [
          t.title,
          formatHours(t.hours.p50),
          formatHours(t.hours.p90),
          formatEstimate(t.cost.p50, effort.cost.currency),
          formatEstimate(t.cost.p90, effort.cost.currency),
        ]),
        formatHours(effort.hours.p50),
        formatHours(effort.hours.p90),
        `All tiers together: ${formatWeeks(effort.weeks.p50)} likely, ${formatWeeks(effort.weeks.p90)} cautious`,
        formatEstimate(effort.cost.p50, effort.cost.currency),
        formatEstimate(effort.cost.p90, effort.cost.currency),
        `${overall.score}/100`,
        `${blockers.length} answers are launch blockers`,
        `Projects like this: ${midSentence(demo.assessment.reference!.title)}`,
        "Shared work, counted once",
        AGAINST_A_QUOTE,
        `Provisional: ${demo.assessment.provisional.answered} of ${demo.assessment.provisional.total} questions are answered`,
      ]),
    ).toEqual([]);
  });

  it("has every visible question with its answer, finding and help text", async () => {
    const body = unwrapped((await pdfText(pdf)).text);
    const questions = demo.report.sections.flatMap((s) => s.questions);
    expect(questions.length).toBeGreaterThan(50);
    const expected = [
      ...questions.flatMap((q) => [q.prompt, q.help, ...(q.finding ? [q.finding.impact] : [])]),
      ...demo.assessment.blockers.map((b) => b.impact),
    ];
    expect(
      missing(
        body,
        expected.map((t) => t.replace(/\s+/g, " ")),
      ),
    ).toEqual([]);
  });

  it("keeps every line of text inside the page", async () => {
    expect(await overflowingItems(pdf)).toEqual([]);
  });
});

describe("a large proposal: 150 items, long titles, long words, accented and CJK names, a script no font has", () => {
  let pdf: Uint8Array;
  let text: string;
  let pages: number;
  beforeAll(async () => {
    pdf = await renderProposalPdf(demo.large, null);
    ({ text, pages } = await pdfText(pdf));
  }, 60_000);

  it("lays out on fewer than 40 pages with every section", () => {
    expect(pages).toBeLessThan(40);
    expect(missing(text.replace(/\s+/g, " "), PROPOSAL_HEADINGS)).toEqual([]);
  });

  it("keeps accented names intact", () => {
    const flat = text.replace(/\s+/g, " ");
    expect(
      missing(flat, [
        ACCENTED.founder.name,
        ACCENTED.partner.name,
        "ĄĘŁŃÓŚŹŻ ąęłńóśźż ÆØÅ æøå ß Ğğ İı Şş Ωμέγα Привет",
      ]),
    ).toEqual([]);
  });

  it("wraps long unbroken words and 200-character titles instead of overflowing", async () => {
    const body = unwrapped(text);
    expect(missing(body, [LONG_WORD, demo.large.items[0]!.title, demo.large.items[3]!.title])).toEqual([]);
    expect(await overflowingItems(pdf)).toEqual([]);
  });

  it("draws the CJK name with a fallback font, and what no font has as U+FFFD, never as wrong glyphs", () => {
    const flat = text.replace(/\s+/g, " ");
    expect(
      missing(flat, [`${ACCENTED.cjk.name}'s Shanghai pilot`, `Cartouche ${REPLACEMENT}${REPLACEMENT} on`]),
    ).toEqual([]);
    expect(text).not.toContain(NO_FONT);
    expect(text).not.toMatch(/N÷/);
  });

  it("repeats the item numbers and prints the totals", () => {
    const flat = text.replace(/\s+/g, " ");
    expect(missing(flat, ["150 items", formatHours(demo.large.totals.hours.p90)])).toEqual([]);
  });
});

describe("worker pool", () => {
  const fake = path.resolve("test/fixtures/fake-pdf-worker.mjs");
  const job = (kind: string, extra: Record<string, unknown> = {}) =>
    ({ kind, ...extra }) as unknown as PdfJob;

  it("renders in a real worker with the production entry", async () => {
    const pool = new PdfPool({ size: 1 });
    try {
      const pdf = await pool.render({ kind: "report", input: demo.report });
      const { flat } = await pdfText(pdf);
      expect(missing(flat, ["Readiness at a glance"])).toEqual([]);
      expect(pool.stats()).toMatchObject({ workers: 1, rendered: 1, crashed: 0 });
    } finally {
      await pool.close();
    }
  });

  it("runs at most `size` renders at once and queues the rest", async () => {
    const pool = new PdfPool({ size: 2, workerFile: fake });
    try {
      let maxBusy = 0;
      const timer = setInterval(() => (maxBusy = Math.max(maxBusy, pool.stats().busy)), 5);
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((tag) => pool.render(job("echo", { tag, ms: 60 }), { owner: `user-${tag}` })),
      );
      clearInterval(timer);
      expect(results.map((r) => new TextDecoder().decode(r))).toEqual(
        [1, 2, 3, 4, 5].map((t) => `%PDF-fake ${t}`),
      );
      expect(maxBusy).toBe(2);
      expect(pool.stats()).toMatchObject({ workers: 2, rendered: 5 });
    } finally {
      await pool.close();
    }
  });

  it("replaces a crashed worker and fails only the job it was running", async () => {
    const pool = new PdfPool({ size: 1, workerFile: fake });
    try {
      const crashed = pool.render(job("crash"));
      const after = pool.render(job("echo", { tag: "after" }));
      await expect(crashed).rejects.toBeInstanceOf(PdfRenderError);
      expect(new TextDecoder().decode(await after)).toBe("%PDF-fake after");
      expect(pool.stats()).toMatchObject({ crashed: 1, rendered: 1, started: 2 });
      await expect(pool.render(job("fail"))).rejects.toThrow(/bad input/);
    } finally {
      await pool.close();
    }
  });

  it("terminates a render that hangs and carries on", async () => {
    const pool = new PdfPool({ size: 1, workerFile: fake, timeoutMs: 300 });
    try {
      await expect(pool.render(job("hang"))).rejects.toBeInstanceOf(PdfTimeoutError);
      expect(new TextDecoder().decode(await pool.render(job("echo", { tag: "next" })))).toBe(
        "%PDF-fake next",
      );
      expect(pool.stats()).toMatchObject({ timedOut: 1, rendered: 1 });
    } finally {
      await pool.close();
    }
  });

  it("refuses work beyond its queue instead of piling it up", async () => {
    const pool = new PdfPool({ size: 1, workerFile: fake, maxQueue: 2 });
    try {
      // The worker is still starting, so both wait in the queue, which is then full.
      const accepted = [1, 2].map((tag) => pool.render(job("echo", { tag, ms: 100 })));
      await expect(pool.render(job("echo"))).rejects.toBeInstanceOf(PdfBusyError);
      await Promise.all(accepted);
    } finally {
      await pool.close();
    }
  });

  it("serves owners in turn: one user's burst delays another's job by at most one render", async () => {
    const pool = new PdfPool({ size: 1, workerFile: fake, maxQueuedPerOwner: 10 });
    try {
      await pool.ready();
      const order: string[] = [];
      const track = (tag: string, owner: string) =>
        pool.render(job("echo", { tag, ms: 30 }), { owner }).then(() => order.push(tag));
      // a1 starts at once; a2..a4 wait, then b1 arrives: b1 is next, not last.
      const all = [track("a1", "a"), track("a2", "a"), track("a3", "a"), track("a4", "a")];
      all.push(track("b1", "b"));
      await Promise.all(all);
      expect(order).toEqual(["a1", "b1", "a2", "a3", "a4"]);
    } finally {
      await pool.close();
    }
  });

  it("lets no owner hold every worker, and keeps the others busy", async () => {
    const pool = new PdfPool({ size: 2, workerFile: fake, maxQueuedPerOwner: 10 });
    try {
      await pool.ready();
      const a = [1, 2, 3].map((tag) => pool.render(job("echo", { tag, ms: 80 }), { owner: "a" }));
      // a has one job running, two waiting, one worker idle: a may not take it, b may.
      expect(pool.stats()).toMatchObject({ busy: 1, queued: 2 });
      const b = pool.render(job("echo", { tag: "b", ms: 10 }), { owner: "b" });
      expect(pool.stats()).toMatchObject({ busy: 2, queued: 2 });
      await Promise.all([...a, b]);
    } finally {
      await pool.close();
    }
  });

  it("refuses an owner's jobs beyond its own queue with PdfOwnerBusyError, others still get in", async () => {
    const pool = new PdfPool({ size: 1, workerFile: fake, maxQueuedPerOwner: 2 });
    try {
      await pool.ready();
      const accepted = [1, 2, 3].map((tag) => pool.render(job("echo", { tag, ms: 50 }), { owner: "a" }));
      await expect(pool.render(job("echo"), { owner: "a" })).rejects.toBeInstanceOf(PdfOwnerBusyError);
      const other = pool.render(job("echo"), { owner: "b" });
      await Promise.all([...accepted, other]);
    } finally {
      await pool.close();
    }
  });

  it("gives up on a job that could not start within maxWaitMs (PdfBusyError)", async () => {
    const pool = new PdfPool({ size: 1, workerFile: fake, maxWaitMs: 100 });
    try {
      await pool.ready();
      const running = pool.render(job("echo", { ms: 1500 }), { owner: "a" });
      await expect(pool.render(job("echo"), { owner: "b" })).rejects.toBeInstanceOf(PdfBusyError);
      expect(pool.stats().queued).toBe(0);
      await running;
    } finally {
      await pool.close();
    }
  });

  it("fails queued jobs when the worker cannot start at all", async () => {
    const pool = new PdfPool({ size: 1, workerFile: path.resolve("test/fixtures/broken-pdf-worker.mjs") });
    try {
      const jobs = [1, 2].map(() => pool.render(job("echo")));
      for (const j of jobs) await expect(j).rejects.toThrow(/cannot load the renderer/);
      expect(pool.stats().started).toBeLessThanOrEqual(3);
    } finally {
      await pool.close();
    }
  });
});

describe("PDF cache", () => {
  const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

  it("keeps the most recently used PDFs within its byte budget", async () => {
    const cache = new PdfCache({ maxBytes: 250 });
    await cache.set("e1", "a", bytes(100, 1));
    await cache.set("e1", "b", bytes(100, 2));
    expect(await cache.get("e1", "a")).toEqual(bytes(100, 1)); // a is now the most recent
    await cache.set("e2", "c", bytes(100, 3)); // over budget: b goes
    expect(await cache.get("e1", "b")).toBeUndefined();
    expect(await cache.get("e1", "a")).toEqual(bytes(100, 1));
    expect(await cache.get("e2", "c")).toEqual(bytes(100, 3));
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 200, evictions: 1 });
  });

  it("survives a restart through its disk copy", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-pdf-cache-"));
    try {
      await new PdfCache({ dir }).set("abc", "proposal/v1/abc/open", bytes(10, 7));
      const restarted = new PdfCache({ dir });
      expect(await restarted.get("abc", "proposal/v1/abc/open")).toEqual(bytes(10, 7));
      expect(restarted.stats()).toMatchObject({ diskHits: 1, entries: 1 });
      expect(await restarted.get("abc", "proposal/v1/abc/1700000000000")).toBeUndefined();
      // The same key in another group is another entry.
      expect(await restarted.get("abd", "proposal/v1/abc/open")).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("deletes one group's PDFs from memory and disk, and only that group's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-pdf-cache-"));
    try {
      const cache = new PdfCache({ dir });
      await cache.set("gone", "one", bytes(10, 1));
      await cache.set("gone", "two", bytes(10, 2));
      // A group whose id starts like the deleted one's keeps its PDFs.
      await cache.set("gone-not", "one", bytes(10, 3));
      await cache.deleteGroup("gone");
      expect(await cache.get("gone", "one")).toBeUndefined();
      expect(await cache.get("gone", "two")).toBeUndefined();
      expect(await cache.get("gone-not", "one")).toEqual(bytes(10, 3));
      expect(fs.readdirSync(dir)).toEqual(["gone-not"]);
      // After a restart too: nothing of the group is left on disk.
      expect(await new PdfCache({ dir }).get("gone", "one")).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a group that is not an id, so no key reaches outside its folder", async () => {
    const cache = new PdfCache({ dir: os.tmpdir() });
    await expect(cache.set("../x", "k", bytes(1, 1))).rejects.toThrow(/not a PDF cache group/);
    await expect(cache.deleteGroup("")).rejects.toThrow(/not a PDF cache group/);
  });
});

describe("PDF downloads from the real server", () => {
  let server: TestServer;
  let founder: Client;
  let engagementId: string;

  function insertProposal(snapshot: ProposalSnapshot, number: number): string {
    const db = new Database(server.dbFile);
    try {
      const partner = db.prepare("select id from users where email = ?").get(DEMO.partner.email) as {
        id: string;
      };
      const json = JSON.stringify({ ...snapshot, number });
      const hash = crypto.createHash("sha256").update(json).digest("hex");
      db.prepare(
        "insert into proposals (id, engagement_id, number, snapshot, snapshot_hash, published_by, published_at) values (?, ?, ?, ?, ?, ?, ?)",
      ).run(crypto.randomUUID(), engagementId, number, json, hash, partner.id, Date.now());
      return hash;
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: "true" });
    founder = await login(server, DEMO.founder.email);
    engagementId = demoEngagementId(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves the report as a PDF attachment named after the product", async () => {
    const res = await founder.get(`/engagements/${engagementId}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="CartPilot readiness report.pdf"; filename*=UTF-8''CartPilot%20readiness%20report.pdf`,
    );
    expect(res.headers.get("Cache-Control")).toMatch(/^private/);
    const { flat } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(missing(flat, ["Readiness at a glance", `Prepared for ${DEMO.founder.name}`])).toEqual([]);
  });

  it("answers 404 to non-members and sends anonymous visitors to log in", async () => {
    const outsider = new Client(server.url);
    await signup(outsider, `outsider-${Date.now()}@example.com`);
    expect((await outsider.get(`/engagements/${engagementId}/report.pdf`)).status).toBe(404);
    expect((await outsider.get(`/engagements/${engagementId}/proposals/1.pdf`)).status).toBe(404);
    const anonymous = await new Client(server.url).get(`/engagements/${engagementId}/report.pdf`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(
      `/login?redirectTo=${encodeURIComponent(`/engagements/${engagementId}/report.pdf`)}`,
    );
  });

  it("keeps answering other requests while PDFs render", async () => {
    const done: string[] = [];
    // Three: as many as one person may have rendering and waiting at once (the pool's fairness).
    const pdfs = [1, 2, 3].map((i) =>
      founder.get(`/engagements/${engagementId}/report.pdf`).then(async (res) => {
        await res.arrayBuffer();
        done.push(`pdf${i}:${res.status}`);
      }),
    );
    // Let the three requests reach the server and their renders start.
    await new Promise((r) => setTimeout(r, 150));
    const page = await fetch(`${server.url}/healthz`);
    done.push(`healthz:${page.status}`);
    await Promise.all(pdfs);
    expect(done[0]).toBe("healthz:200");
    expect(done.slice(1).sort()).toEqual(["pdf1:200", "pdf2:200", "pdf3:200"]);
  });

  it("serves a published proposal at :n.pdf, renders it once and then from the cache", async () => {
    const hash = insertProposal(demo.snapshot, 1);
    const url = `/engagements/${engagementId}/proposals/1.pdf`;
    const first = await founder.get(url);
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toBe("application/pdf");
    expect(first.headers.get("X-Cache")).toBe("miss");
    expect(first.headers.get("Content-Disposition")).toContain(`filename="CartPilot proposal v1.pdf"`);
    const bytes = new Uint8Array(await first.arrayBuffer());
    const { flat } = await pdfText(bytes);
    expect(
      missing(flat, [
        formatHours(demo.snapshot.totals.hours.p50),
        `Document reference: ${hash.slice(0, 16)}`,
      ]),
    ).toEqual([]);

    const second = await founder.get(url);
    expect(second.headers.get("X-Cache")).toBe("hit");
    expect(Buffer.from(await second.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("routes /proposals/:n to the page and /proposals/:n.pdf to the PDF", async () => {
    const page = await founder.get(`/engagements/${engagementId}/proposals/1`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect((await founder.get(`/engagements/${engagementId}/proposals/2.pdf`)).status).toBe(404);
    expect((await founder.get(`/engagements/${engagementId}/proposals/x.pdf`)).status).toBe(404);
  });

  it("renders an accepted version anew, with the sign-off filled in", async () => {
    const db = new Database(server.dbFile);
    try {
      const user = db.prepare("select id from users where email = ?").get(DEMO.founder.email) as {
        id: string;
      };
      db.prepare(
        "update proposals set accepted_by = ?, accepted_at = ? where engagement_id = ? and number = 1",
      ).run(user.id, Date.UTC(2026, 10, 27, 9, 15), engagementId);
    } finally {
      db.close();
    }
    const res = await founder.get(`/engagements/${engagementId}/proposals/1.pdf`);
    expect(res.headers.get("X-Cache")).toBe("miss");
    const { flat } = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(missing(flat, [`Accepted by ${DEMO.founder.name}`])).toEqual([]);
  });

  it("limits PDF downloads per user", async () => {
    const partner = await login(server, DEMO.partner.email);
    let status = 200;
    for (let i = 0; i < 200 && status === 200; i++) {
      const res = await partner.get(`/engagements/${engagementId}/proposals/1.pdf`);
      await res.arrayBuffer();
      status = res.status;
    }
    expect(status).toBe(429);
    // Another user is not affected.
    expect((await founder.get(`/engagements/${engagementId}/proposals/1.pdf`)).status).toBe(200);
  });
});
