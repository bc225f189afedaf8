// QA pass 2 (notes/qa2/findings.md 4, 5, 8, 9), through the real server and its SQLite file where a
// founder met them: the report PDF said "No significant risks found" for an area scored 0 from
// "I'm not sure" answers, left out the contradiction the results page warns about, and wrote a few
// hours' work as "0 weeks"; the overview's activity said "answered 80 questions" beside the
// questionnaire's 79, counting an answer that a later answer hid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { renderReportPdf } from "../app/pdf/rendering/render";
import { formatWeeks, weeksLikelyCautious, weeksRange } from "../app/utils/format";

import { realContent } from "./support/content";
import { loadDemo } from "./support/demo";
import { pdfPages } from "./support/pdf-text";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let founder: Client;
let id: string;
const content = realContent();

/** Server HTML as text to search: React's text separators and entities undone. */
const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&amp;", "&")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"');

const versions = new Map<string, number>();
async function answer(questionId: string, value: string) {
  const q = content.questionsById.get(questionId)!;
  const where = q.area === "intake" ? "?index" : `/${q.area}`;
  const version = versions.get(questionId) ?? 0;
  const res = await founder.post(`/engagements/${id}/assess${where}`, {
    intent: "autosave",
    q: questionId,
    [`a:${questionId}`]: value,
    [`v:${questionId}`]: String(version),
  });
  expect(res.status, questionId).toBe(200);
  versions.set(questionId, version + 1);
}

async function reportPages(): Promise<string[]> {
  const res = await founder.get(`/engagements/${id}/report.pdf`);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const pages = await pdfPages(bytes);
  return pages.map((p) => p.replace(/\s+/g, " "));
}

// Performance answered only with "I'm not sure"; Supabase in the intake, then "data disappears…
// (there's no real database)": a contradiction; payments said yes, a provider picked, then payments
// said no, which hides the provider question.
const UNSURE = ["performance.mobile-layout", "performance.core-web-vitals", "performance.when-it-goes-wrong"];

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  founder = new Client(server.url);
  await signup(founder, `qa2-${Date.now()}@example.com`);
  ({ id } = await createEngagement(founder, "Unsure app"));
  await answer("intake.backend", "supabase");
  await answer("intake.takes-payments", "yes");
  await answer("intake.payment-provider", "stripe");
  await answer("intake.takes-payments", "no");
  await answer("data.symptoms", "lost-on-device");
  for (const q of UNSURE) await answer(q, "unsure");
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("the report PDF of a project with unsure answers and a contradiction", () => {
  let pages: string[];
  beforeAll(async () => {
    pages = await reportPages();
  }, 60_000);

  it("says an area scored from unsure answers has them, not that it has no significant risks", () => {
    const summary = pages.find((p) => p.includes("Readiness by area"))!;
    // The list beside the radar: the area, its score and level, then what it found.
    expect(summary).toContain(
      "Performance & responsiveness 0 Prototype · 3 answers not sure: scored as gaps until someone checks",
    );
    expect(summary).not.toContain("No significant risks found");
    // Areas nobody has answered still say so.
    expect(summary).toContain("Not answered yet");
  });

  it("names the contradiction near the readiness summary, as the review page does, with both answers", () => {
    const conflict = content.conflicts.find((c) => c.id === "supabase-vs-no-database")!;
    const summary = pages.find((p) => p.includes("Readiness at a glance"))!;
    expect(summary).toContain("1 contradiction in the answers");
    expect(summary).toContain("The scores and the estimate count them as given");
    expect(summary).toContain(conflict.message.replace(/\s+/g, " "));
    const backend = content.questionsById.get("intake.backend")!;
    const symptoms = content.questionsById.get("data.symptoms")!;
    expect(summary).toContain(`${backend.prompt} — “${backend.options[0]!.label}”`);
    expect(summary).toContain(`${symptoms.prompt} — “${symptoms.options[0]!.label}”; puts “`);
    // Before the readiness by area, on the page a reader opens first.
    expect(summary.indexOf("1 contradiction in the answers")).toBeLessThan(
      summary.indexOf("Readiness by area"),
    );
    // The blocker the "no real database" answer raises says it may be the mis-click.
    const blockers = pages.find((p) => p.includes("Launch blockers Answers that"))!;
    expect(blockers).toContain("This answer contradicts another one (see the readiness summary)");
  });
});

describe("the overview's activity", () => {
  it("counts the answers the questionnaire counts, and says apart the one a later answer hid", async () => {
    const html = text(await (await founder.get(`/engagements/${id}`)).text());
    // intake.backend, intake.takes-payments, data.symptoms and three unsure answers are asked; the
    // provider question is hidden since payments became "no".
    expect(html).toContain("answered 6 questions, and a question that is no longer asked");
    const review = text(await (await founder.get(`/engagements/${id}/assess/review`)).text());
    expect(review).toMatch(/\b6 of \d+ questions/);
  });
});

describe("a few hours' work in weeks", () => {
  it("reads “under a week” on the page and in the PDFs, never “0 weeks”, said once when both ends are", () => {
    expect(formatWeeks(0.05)).toBe("under a week");
    expect(formatWeeks(0.7)).toBe("under a week");
    expect(formatWeeks(0.8)).toBe("1 week");
    expect(formatWeeks(0)).toBe("0 weeks");
    expect(weeksLikelyCautious(0.05, 0.1)).toBe("under a week");
    expect(weeksLikelyCautious(0.3, 2.2)).toBe("under a week likely, 2 weeks cautious");
    expect(weeksRange(0.05, 0.1)).toBe("under a week");
    expect(weeksRange(0.3, 2.2)).toBe("up to 2 weeks");
  });

  it("fills the report's tier table and launch minimum with it", async () => {
    const demo = await loadDemo();
    const small = { likely: 0.05, cautious: 0.1 };
    const report = demo.report;
    const tiers = report.effort.tiers.map((t) => ({ ...t, weeks: small }));
    const pdf = await renderReportPdf({ ...report, effort: { ...report.effort, tiers } });
    const pages = (await pdfPages(pdf)).map((p) => p.replace(/\s+/g, " "));
    const all = pages.join(" ");
    expect(all).not.toMatch(/\b0 weeks/);
    // the launch minimum's key figure: hours, then its weeks said once
    expect(pages.find((p) => p.includes("Readiness at a glance"))).toMatch(/ h · under a week\b/);
    // the tier table: each non-empty tier's weeks
    const table = pages.find((p) => p.includes("Effort range"))!;
    const rows = table.slice(table.indexOf("Launch minimum What must"), table.indexOf("Total"));
    expect(rows.match(/under a week/g)?.length).toBe(tiers.filter((t) => t.tasks > 0).length);
  }, 60_000);
});
