// The founder's main path, from the founder-journey audit (findings 5, 6, 8, 9, 12, 14): the code
// step offered where the founder is, what accepting code evidence does besides the hours, readiness
// before the money with each end of the estimate named, the intake's open questions said on leaving
// it, and an Import button that says what it imports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { assess } from "../app/engine/assess";
import { formatEstimate } from "../app/engine/money";
import { sectionProgress } from "../app/questionnaire/questionnaire";
import { formatWeeks } from "../app/utils/format";
import { DEMO_ANSWERS } from "../db/demo-answers";
import { DEMO } from "../db/seed.server";

import { zip } from "./support/archives";
import { realContent } from "./support/content";
import { addMember, demoEngagementId, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
const content = realContent();

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
});
afterAll(async () => {
  await server?.stop();
});

const text = (html: string) =>
  html
    .replaceAll("<!-- -->", "")
    .replaceAll("&amp;", "&")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"');

async function founderWithEngagement(name = "Flow test") {
  const founder = new Client(server.url);
  await signup(founder, `flow-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  const { id } = await createEngagement(founder, name);
  return { founder, id };
}

async function answer(client: Client, id: string, questionId: string, value: string) {
  const q = content.questionsById.get(questionId)!;
  const where = q.area === "intake" ? "?index" : `/${q.area}`;
  const res = await client.post(`/engagements/${id}/assess${where}`, {
    intent: "autosave",
    q: questionId,
    [`a:${questionId}`]: value,
    [`v:${questionId}`]: "0",
  });
  expect(res.status, questionId).toBe(200);
}

async function upload(client: Client, id: string, files: Record<string, string>) {
  const form = new FormData();
  form.append("intent", "upload");
  const archive = zip(Object.entries(files).map(([name, data]) => ({ name, data })));
  form.append("archive", new Blob([new Uint8Array(archive)]), "app.zip");
  const res = await fetch(`${server.url}/engagements/${id}/assess/code`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: {
      Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      Origin: server.url,
    },
  });
  expect(res.status).toBe(302);
}

const page = async (client: Client, path: string) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return text(await res.text());
};

const OFFER = "Have the app's code?";

describe("the code step, offered on review and results", () => {
  it("shows founders and partners the way to the code until code is scanned; never viewers", async () => {
    const { founder, id } = await founderWithEngagement();
    await answer(founder, id, "intake.takes-payments", "yes");
    const partner = await addMember(server, founder, id, "partner");
    const viewer = await addMember(server, founder, id, "viewer");
    for (const path of [`/engagements/${id}/assess/review`, `/engagements/${id}/results`]) {
      for (const who of [founder, partner]) {
        const html = await page(who, path);
        expect(html, path).toContain(OFFER);
        expect(html, path).toContain(
          "Upload it and we check these answers against it, with the file and line for each suggestion.",
        );
        expect(html, path).toContain(`href="/engagements/${id}/assess/code"`);
      }
      expect(await page(viewer, path), path).not.toContain(OFFER);
    }

    await upload(founder, id, { "src/main.ts": "console.log('hello');\n" });
    for (const path of [`/engagements/${id}/assess/review`, `/engagements/${id}/results`])
      expect(await page(founder, path), path).not.toContain(OFFER);
  });
});

describe("the code step's summary", () => {
  it("says that accepting adds a launch blocker and lowers readiness, even when the hours stay", async () => {
    const { founder, id } = await founderWithEngagement();
    // "Nobody has checked" already calls for moving the key out of the browser code: accepting
    // "a secret key was found" adds no hours, but it is a launch blocker.
    await answer(founder, id, "auth.secrets-in-browser", "not-checked");
    await upload(founder, id, {
      "package.json": JSON.stringify({ dependencies: { react: "18.0.0", stripe: "1.0.0" } }),
      "src/pages/Checkout.tsx": [
        'import Stripe from "stripe";',
        'const stripe = new Stripe("sk_live_FIXTURE0notARealKey0000000");',
        "export default function Checkout() { return null; }",
      ].join("\n"),
    });
    const pending = query<{ id: string; question_id: string; option_id: string }>(
      server,
      "select id, question_id, option_id from evidence_suggestions where engagement_id = ? and status = 'pending'",
      id,
    );
    const secret = pending.find((s) => s.question_id === "auth.secrets-in-browser");
    expect(secret?.option_id).toBe("found");

    const html = await page(founder, `/engagements/${id}/assess/code`);
    const card = html.slice(html.indexOf('aria-label="Effort range"'), html.indexOf('id="suggestions"'));
    const effect =
      /would (?:not change the estimate, but would|also) add 1 launch blocker and lower readiness from (\d+) to (\d+) out of 100\./.exec(
        card,
      );
    expect(effect, card).not.toBeNull();
    const [, before, after] = effect!;

    // What the sentence promised is what accepting does (the results page's own figures).
    const readiness = async () => {
      const results = await page(founder, `/engagements/${id}/results`);
      const hero = results.slice(results.indexOf('aria-labelledby="results-heading"'));
      return {
        score: /(\d+) \/ 100/.exec(hero)![1],
        blockers: Number(/Launch blockers<\/span><span class="stat__value[^"]*">(\d+)</.exec(hero)![1]),
      };
    };
    const now = await readiness();
    expect(now.score).toBe(before);
    for (const s of pending)
      await founder.post(`/engagements/${id}/assess/code`, { decide: `accept:${s.id}` });
    const then = await readiness();
    expect(then.score).toBe(after);
    expect(then.blockers).toBe(now.blockers + 1);
  });
});

describe("results: readiness first, each end of the estimate named", () => {
  it("puts the readiness strip above the estimate and says which figure is likely and which cautious", async () => {
    const c = new Client(server.url);
    expect((await c.post("/login", { email: DEMO.founder.email, password: DEMO.password })).status).toBe(302);
    const id = demoEngagementId(server);
    const html = await page(c, `/engagements/${id}/results`);
    const hero = html.indexOf('aria-labelledby="results-heading"');
    expect(hero).toBeGreaterThan(-1);
    expect(hero).toBeLessThan(html.indexOf('id="launch-heading"'));
    expect(hero).toBeLessThan(html.indexOf('id="tiers-heading"'));
    // The blocker list itself stays after the estimate; the strip links to it.
    expect(html.indexOf('id="blockers-heading"')).toBeGreaterThan(html.indexOf('id="tiers-heading"'));
    expect(html.slice(hero, html.indexOf('id="launch-heading"'))).toContain('href="#blockers-heading"');

    const launch = assess(content, DEMO_ANSWERS, {
      hourlyRate: 95,
      currency: "EUR",
      teamSize: 2,
      weeklyCapacity: 30,
      stage: "beta",
    }).effort.tiers[0]!;
    const likely = formatEstimate(launch.cost.p50, "EUR");
    const cautious = formatEstimate(launch.cost.p90, "EUR");
    const figure = /<p class="launch-card__figure">(.*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, "");
    expect(figure).toBe(`${likely} likely, ${cautious} cautious`);
    const detail = /<p class="launch-card__detail">(.*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, "");
    expect(detail).toContain(
      `${Math.round(launch.hours.p50)}–${Math.round(launch.hours.p90)} h · ${formatWeeks(launch.weeks.p50)} likely, ${formatWeeks(launch.weeks.p90)} cautious`,
    );

    // The report's headline figure says it the same way, and its facts say which questions in words.
    const pdf = new Uint8Array(await (await c.get(`/engagements/${id}/report.pdf`)).arrayBuffer());
    const { flat } = await pdfText(pdf);
    expect(flat).toContain(`${likely} likely, ${cautious} cautious`);
    expect(flat).toContain(
      `${formatWeeks(launch.weeks.p50)} likely, ${formatWeeks(launch.weeks.p90)} cautious`,
    );
    expect(flat).not.toContain("Question bank version");
    expect(flat).toMatch(/Questions As asked on \d{1,2} \w{3} \d{4} \(support reference [0-9a-f]{12}\)/);
  }, 60_000);
});

describe("leaving the intake with questions open", () => {
  it("says how many are open on the next page, once, without blocking the way", async () => {
    const { founder, id } = await founderWithEngagement();
    await answer(founder, id, "intake.takes-payments", "yes");
    const save = await founder.post(`/engagements/${id}/assess?index`, {
      intent: "continue",
      q: "intake.takes-payments",
      "a:intake.takes-payments": "yes",
      "v:intake.takes-payments": "1",
    });
    expect(save.status).toBe(302);
    const next = save.headers.get("Location")!;
    expect(next).toMatch(new RegExp(`^/engagements/${id}/assess/[a-z-]+\\?from-intake=1$`));

    // The intake's open questions as the questionnaire counts them (conditions applied).
    const intake = sectionProgress(content, { "intake.takes-payments": "yes" }).find(
      (s) => s.id === "intake",
    )!;
    const open = intake.total - intake.answered;
    expect(open).toBeGreaterThan(1);

    const html = await page(founder, next);
    expect(html).toContain(
      `${open} questions about your product are still open. They size your estimate; until answered, each is priced at its worst case.`,
    );
    expect(html).toMatch(new RegExp(`<a [^>]*href="/engagements/${id}/assess">Answer them now</a>`));
    // Once: the same page reached any other way does not say it again.
    expect(await page(founder, next.replace(/\?.*$/, ""))).not.toContain("about your product are still open");

    // "Save and answer the essentials first" leaves the intake too.
    const essentials = await founder.post(`/engagements/${id}/assess?index`, { intent: "essentials" });
    expect(essentials.headers.get("Location")).toBe(`/engagements/${id}/assess/essentials?from-intake=1`);
    expect(await page(founder, essentials.headers.get("Location")!)).toContain(
      `${open} questions about your product are still open.`,
    );
  });
});

describe("the engagement list", () => {
  it("says the Import button imports a Finishline export, not code", async () => {
    const { founder } = await founderWithEngagement();
    const html = await page(founder, "/engagements");
    expect(html).toMatch(/<a [^>]*href="\/engagements\/import"[^>]*>Import a Finishline export<\/a>/);
  });
});
