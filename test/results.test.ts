import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { assess } from "../app/engine/assess";
import { formatEstimate, roundEstimate } from "../app/engine/money";
import { AGAINST_A_QUOTE } from "../app/utils/estimate-view";
import { DEMO_ANSWERS } from "../db/demo-answers";
import { DEMO } from "../db/seed.server";

import { bestAnswers, realContent } from "./support/content";
import { pdfText } from "./support/pdf-text";
import { demoEngagementId } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
const content = realContent();
const demoSettings = {
  hourlyRate: 95,
  currency: "EUR",
  teamSize: 2,
  weeklyCapacity: 30,
  stage: "beta" as const,
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
});
afterAll(async () => {
  await server?.stop();
});

async function demoFounder() {
  const c = new Client(server.url);
  const res = await c.post("/login", { email: DEMO.founder.email, password: DEMO.password });
  expect(res.status).toBe(302);
  return { c, id: demoEngagementId(server) };
}

/** Saves the demo engagement's settings with this currency and rate (the rest as seeded). */
async function saveMoney(c: Client, id: string, money: { currency: string; hourlyRate: number }) {
  const settings = await (await c.get(`/engagements/${id}/settings`)).text();
  const version = /name="version" value="(\d+)"/.exec(settings)?.[1];
  const save = await c.post(`/engagements/${id}/settings`, {
    name: "CartPilot",
    description: "",
    stage: "beta",
    currency: money.currency,
    hourlyRate: String(money.hourlyRate),
    teamSize: "2",
    weeklyCapacity: "30",
    version: version!,
  });
  expect(save.status).toBe(302);
}

const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/&amp;/g, "&");
/** The launch minimum's money as the results page's headline reads: "€7,600 likely, €13,600 cautious". */
const headline = (html: string) =>
  /<p class="launch-card__figure">(.*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "");

describe("results page", () => {
  it("shows the engine's numbers for the demo engagement", async () => {
    const { c, id } = await demoFounder();
    const expected = assess(content, DEMO_ANSWERS, demoSettings);
    const res = await c.get(`/engagements/${id}/results`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain(`${expected.overall.score} / 100`);
    expect(html).toContain(expected.overall.level!.name);
    // The headline is the launch minimum, likely to cautious, in the engagement's money.
    const launch = expected.effort.tiers[0]!;
    expect(html).toMatch(/<h2 id="launch-heading">Launch minimum<\/h2>/);
    expect(html).toContain(
      `${formatEstimate(launch.cost.p50, "EUR")} <span class="launch-card__end">likely,</span>`,
    );
    expect(html).toContain(
      `${formatEstimate(launch.cost.p90, "EUR")} <span class="launch-card__end">cautious</span>`,
    );
    expect(html).toContain(`${Math.round(launch.hours.p50)}–${Math.round(launch.hours.p90)} h`);
    expect(html.indexOf("Launch minimum")).toBeLessThan(html.indexOf("Hardening"));
    // Every tier and the total, with the same figures.
    for (const t of expected.effort.tiers) {
      expect(html).toContain(`>${t.title}<`);
      expect(html).toContain(`>${formatEstimate(t.cost.p50, "EUR")}<`);
    }
    expect(html).toContain(`>${formatEstimate(expected.effort.cost.p50, "EUR")}<`);
    // Founders read likely and cautious, not percentiles.
    expect(html).toContain("Hours, Likely</th>");
    expect(html).not.toContain('Likely<span class="muted"> (P50)');
    // … and the method in words: no Greek letters or percentile ranks (the partner's page has σ).
    expect(html).not.toContain("σ");
    expect(html).not.toContain("90th percentile");
    expect(html).toContain("about 1 time in 5 a task lands outside it");
    // What the weeks and the money assume, beside the headline, and how to hold it against a quote.
    expect(html).toContain("Calendar time is for 2 engineers at 30 hours a week, 70% of it on task work.");
    expect(html).toContain(
      "The cost is engineering time at €95 an hour; services, tools and tax come on top.",
    );
    expect(html).toContain(AGAINST_A_QUOTE);
    // The outside view, and the shared work counted once.
    expect(html).toContain(`>${expected.reference!.title}<`);
    expect(html).toContain("Shared work, counted once");
    for (const p of expected.effort.shared) expect(html).toContain(p.title);
    expect(expected.blockers.length).toBeGreaterThan(0);
    for (const b of expected.blockers) expect(html).toContain(b.impact.replace(/&/g, "&"));
    // Each blocker says what the founder answered, not "Answer X to: …", which read as an instruction.
    const decoded = html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"');
    for (const b of expected.blockers) expect(decoded).toContain(`You answered “${b.answer}”.`);
    expect(html).not.toContain("” to: ");
    for (const area of expected.areas) expect(html).toContain(area.title);
    // The table's high risks include the blockers, and it says so.
    const withBlockers = expected.areas.find((a) => a.blockers.length > 0)!;
    expect(html).toMatch(
      new RegExp(
        `${withBlockers.title}</a></th><td class="num">[^<]*</td><td class="num">${withBlockers.risks.high.length}</td>`,
      ),
    );
    expect(html).toContain(`High risks include the ${expected.blockers.length} launch blockers.`);
    expect(html).toContain("How we estimate");
    expect(html).toContain("What would narrow this range");
  });

  it("follows settings: a new hourly rate changes the cost at once", async () => {
    const { c, id } = await demoFounder();
    await saveMoney(c, id, { currency: "GBP", hourlyRate: 200 });
    const expected = assess(content, DEMO_ANSWERS, { ...demoSettings, hourlyRate: 200, currency: "GBP" });
    const html = text(await (await c.get(`/engagements/${id}/results`)).text());
    const launch = expected.effort.tiers[0]!;
    expect(headline(html)).toBe(
      `${formatEstimate(launch.cost.p50, "GBP")} likely, ${formatEstimate(launch.cost.p90, "GBP")} cautious`,
    );
    expect(html).toContain(`>${formatEstimate(expected.effort.cost.p90, "GBP")}<`);
    expect(html).toContain("£");
  });

  it("prices a partial assessment as provisional, never as free or certain", async () => {
    const c = new Client(server.url);
    await signup(c, `partial-${Date.now()}@example.com`);
    const { id } = await createEngagement(c, "Bakery pre-orders");
    // The intake only: a small Lovable + Supabase + Stripe store, everything else unanswered.
    const intake: Record<string, string | string[]> = {
      "intake.builder": "lovable",
      "intake.backend": "supabase",
      "intake.app-kind": "store",
      "intake.screens": "6-15",
      "intake.data-kinds": "4-8",
      "intake.takes-payments": "yes",
      "intake.payment-provider": "stripe",
      "intake.platforms": "web",
      "intake.has-accounts": "yes",
      "intake.user-roles": "users-admins",
      "intake.stage": "beta",
      "intake.expected-users": "800",
      "intake.outside-services": "1",
    };
    const form: Record<string, string | string[]> = { intent: "continue", q: Object.keys(intake) };
    for (const [q, v] of Object.entries(intake)) form[`a:${q}`] = v;
    expect((await c.post(`/engagements/${id}/assess?index`, form)).status).toBe(302);

    const expected = assess(content, {
      ...intake,
      "intake.platforms": ["web"],
      "intake.expected-users": 800,
      "intake.outside-services": 1,
    });
    expect(expected.provisional.provisional).toBe(true);
    const res = await c.get(`/engagements/${id}/results`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    const { answered, total } = expected.provisional;
    expect(html).toContain(`Provisional: ${answered} of ${total} questions answered.`);
    expect(html).toContain("Provisional estimate");
    const launch = expected.effort.tiers[0]!;
    expect(launch.cost.p50).toBeGreaterThan(0);
    expect(headline(html)).toBe(
      `${formatEstimate(launch.cost.p50, "USD")} likely, ${formatEstimate(launch.cost.p90, "USD")} cautious`,
    );
    // Nothing that reads as good news for questions nobody answered.
    expect(html).not.toContain("None found");
    expect(html).not.toContain("$0");
    expect(html).not.toContain("answered with certainty");
    expect(html).toContain("still open");
    // And it says why the bottom-up figure sits where it does against comparable projects.
    expect(html).toContain(`are not answered yet; each is priced as if the answer were the worst one`);
    // … beside the comparison itself, in the same box, not in small print under it.
    expect(["above", "far-above"]).toContain(expected.reference!.position);
    const box =
      /<div class="alert alert--info stack"><p>Your launch minimum,[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
    expect(box).toContain("Why:");
    expect(box).toContain("are not answered yet");
  });

  it("names the “not sure” answers that could be launch blockers, apart from the blockers", async () => {
    const c = new Client(server.url);
    await signup(c, `unsure-${Date.now()}@example.com`);
    const { id } = await createEngagement(c, "Unsure app");
    const intake: Record<string, string> = {
      "intake.builder": "lovable",
      "intake.backend": "supabase",
      "intake.has-accounts": "yes",
      "intake.takes-payments": "no",
    };
    const form: Record<string, string | string[]> = { intent: "continue", q: Object.keys(intake) };
    for (const [q, v] of Object.entries(intake)) form[`a:${q}`] = v;
    expect((await c.post(`/engagements/${id}/assess?index`, form)).status).toBe(302);
    // Every question of the security area with a blocker among its answers: "I'm not sure".
    const auth = content.areas.find((a) => a.id === "auth")!;
    const unsure = auth.questions.filter((q) => !q.showIf && q.options.some((o) => o.blocker));
    expect(unsure.length).toBeGreaterThan(1);
    const areaForm: Record<string, string | string[]> = { intent: "continue", q: unsure.map((q) => q.id) };
    for (const q of unsure) areaForm[`a:${q.id}`] = "unsure";
    expect((await c.post(`/engagements/${id}/assess/auth`, areaForm)).status).toBe(302);

    const expected = assess(content, {
      ...intake,
      ...Object.fromEntries(unsure.map((q) => [q.id, "unsure"])),
    });
    expect(expected.blockers).toEqual([]);
    expect(expected.possibleBlockers.map((q) => q.questionId).sort()).toEqual(unsure.map((q) => q.id).sort());
    const html = text(await (await c.get(`/engagements/${id}/results`)).text())
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"');
    const n = unsure.length;
    // The count stays what the answers say; beside it, the unknowns, never a green "0".
    expect(html).toMatch(/<span class="stat__value ">0<\/span>/);
    expect(html).toContain(
      `<a href="#possible-blockers-heading">${n} “not sure” answers could be blockers</a>`,
    );
    expect(html).toContain(
      `<h3 id="possible-blockers-heading">${n} “not sure” answers could be launch blockers</h3>`,
    );
    const listed = /<h3 id="possible-blockers-heading">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? "";
    for (const q of unsure) expect(listed).toContain(`href="/engagements/${id}/assess/auth#q-${q.id}">`);
    expect(listed.match(/<li>/g)).toHaveLength(n);

    // The overview's card says the same, linking here.
    const overview = text(await (await c.get(`/engagements/${id}`)).text());
    expect(overview).toMatch(
      new RegExp(
        `<a [^>]*href="/engagements/${id}/results#possible-blockers-heading"[^>]*>${n} “not sure” answers could be blockers</a>`,
      ),
    );
    // And the report: the key figure's note, the summary, and the list beside the blockers.
    const pdf = await c.get(`/engagements/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(flat).toContain(`None so far; ${n} “not sure” answers could be`);
    expect(flat).toContain(`${n} “not sure” answers could be launch blockers`);
    for (const q of unsure) expect(flat).toContain(`• ${q.prompt.replace(/\s+/g, " ")} (Authentication`);
  });

  it("is only for members", async () => {
    const { id } = await demoFounder();
    const other = new Client(server.url);
    await signup(other, `outsider-${Date.now()}@example.com`);
    expect((await other.get(`/engagements/${id}/results`)).status).toBe(404);
    const anon = await new Client(server.url).get(`/engagements/${id}/results`);
    expect(anon.status).toBe(302);
  });
});

describe("checking a quote against the estimate", () => {
  const expected = assess(content, DEMO_ANSWERS, demoSettings);
  const launch = expected.effort.tiers[0]!.cost;
  const hardening = expected.effort.tiers.find((t) => t.id === "hardening")!;
  const total = expected.effort.cost;
  const decode = (html: string) =>
    text(html)
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"');
  // An earlier test changes the rate; these figures are the demo's own.
  beforeAll(async () => {
    const { c, id } = await demoFounder();
    await saveMoney(c, id, demoSettings);
  });
  /** the check's section of the results page for `?quote=` + the typed text */
  async function check(c: Client, id: string, typed: string) {
    const res = await c.get(`/engagements/${id}/results?quote=${encodeURIComponent(typed)}`);
    expect(res.status).toBe(200);
    const html = decode(await res.text());
    const section = /<section[^>]*id="quote"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
    expect(section, "the quote check's section").toBeTruthy();
    return section!;
  }

  it("says where a quote sits, on the figures the page shows, and what to ask", async () => {
    const { c, id } = await demoFounder();
    const shown = { l50: roundEstimate(launch.p50), l90: roundEstimate(launch.p90) };
    const t50 = roundEstimate(total.p50);
    const t90 = roundEstimate(total.p90);

    const within = await check(c, id, String(shown.l90));
    expect(within).toContain("Within the launch minimum's range.");
    expect(within).toContain(
      `sits in ${formatEstimate(launch.p50, "EUR")}–${formatEstimate(launch.p90, "EUR")}, the work that must be done before launch`,
    );
    expect(within).toContain(`any of the ${hardening.tasks} hardening tasks`);
    // What it buys at the engagement's rate, against the hours of the launch minimum.
    expect(within).toContain(`pays for about <span class="nowrap">${Math.floor(shown.l90 / 95)} h</span>`);
    expect(within).toMatch(/name="quote"[^>]*value="\d+"/);

    const low = await check(c, id, String(Math.floor(shown.l50 / 2) - 100));
    expect(low).toContain("Less than half of what the launch minimum likely costs.");
    // … with the launch minimum's largest tasks to ask about.
    const biggest = expected.tasks
      .filter((t) => t.phase === "launch-blocker" && !t.shared && !t.discovery)
      .sort((x, y) => y.mean - x.mean)[0]!;
    expect(low).toContain(`<li>${biggest.title}</li>`);

    expect(await check(c, id, String(shown.l50 - 100))).toContain("Below the launch minimum's likely cost.");
    expect(await check(c, id, String(shown.l90 + 100))).toContain(
      "More than the launch minimum, less than everything.",
    );
    // Typed as a founder types it: with a thousands separator and spaces round it.
    const all = await check(c, id, ` ${t50.toLocaleString("en-US")} `);
    expect(all).toContain("Within the range for everything your answers call for.");
    expect(all).toContain(`all ${expected.tasks.length} tasks in all three tiers`);
    expect(await check(c, id, String(t90 + 1))).toContain("Above the cautious cost of everything.");
    expect(await check(c, id, String(t90 * 2 + 1))).toContain(
      "More than twice the cautious cost of everything.",
    );
  });

  it("refuses what is not an amount on the field, and shows no verdict", async () => {
    const { c, id } = await demoFounder();
    const refusals: Array<[string, string]> = [
      ["12.50", "Use a whole amount, without cents."],
      ["twelve grand", "Enter the amount as a number, like 24000."],
      ["-500", "Enter the amount as a number, like 24000."],
      ["0", "Enter an amount above 0."],
      // Far past any quote in any currency (a yen quote runs to tens of millions: QA 7, finding 5).
      ["9999999999999", "Keep the amount at 1,000,000,000,000 or less."],
      ["", "Enter the price you were quoted."],
      ["9".repeat(41), "Enter the amount as a number, like 12000."],
    ];
    for (const [typed, message] of refusals) {
      const section = await check(c, id, typed);
      expect(section, typed).toContain(
        `<p id="quote-amount-error" class="field__error" role="alert">${message}</p>`,
      );
      expect(section, typed).toMatch(/id="quote-amount"[^>]*aria-invalid="true"/);
      expect(section, typed).not.toContain('role="status"');
    }
  });

  it("is there for the partner too, and not for someone outside the engagement", async () => {
    const { id } = await demoFounder();
    const partner = new Client(server.url);
    expect(
      (await partner.post("/login", { email: DEMO.partner.email, password: DEMO.password })).status,
    ).toBe(302);
    expect(await check(partner, id, String(roundEstimate(total.p50)))).toContain(
      "Within the range for everything your answers call for.",
    );
    const stranger = new Client(server.url);
    await signup(stranger, "quote-stranger@example.com");
    expect((await stranger.get(`/engagements/${id}/results?quote=12000`)).status).toBe(404);
  });
});

describe("an assessment that calls for no work", () => {
  // The demo exported, its answers replaced by the best answer to every question, imported again.
  async function importAllBest() {
    const { c, id } = await demoFounder();
    const intake = Object.fromEntries(Object.entries(DEMO_ANSWERS).filter(([q]) => q.startsWith("intake.")));
    const answers = bestAnswers(content, intake);
    expect(assess(content, answers, demoSettings).tasks).toHaveLength(0);
    const exported = (await (await c.get(`/engagements/${id}/export.json`)).json()) as {
      engagement: Record<string, unknown>;
      answers: Array<Record<string, unknown>>;
    };
    const template = exported.answers[0]!;
    const file = {
      ...exported,
      engagement: { ...exported.engagement, name: "Nothing to do" },
      answers: Object.entries(answers).map(([questionId, value]) => ({
        ...template,
        questionId,
        value,
        note: "",
        notApplicableReason: null,
        review: null,
        correctedValue: null,
        reviewNote: null,
      })),
      plan: [],
      proposals: [],
      comments: [],
    };
    const res = await c.importFile(JSON.stringify(file));
    expect(res.status).toBe(302);
    const newId = /^\/engagements\/([^/?]+)/.exec(res.headers.get("Location") ?? "")?.[1];
    expect(newId).toBeTruthy();
    return { c, id: newId! };
  }

  it("shows no range where there is none: no chart of one bar, no NaN, and the report says so", async () => {
    const { c, id } = await importAllBest();
    const html = text(await (await c.get(`/engagements/${id}/results`)).text());
    expect(html).toContain("No work needed before launch");
    expect(html).not.toContain("Where the range comes from");
    expect(html).not.toContain("NaN");
    // No work, nothing to hold a quote against.
    expect(html).not.toContain('id="quote-heading"');
    // The next step, for a complete assessment: "Invite your engineer" opens Members at the invite
    // form, not at its top (where the form was the 4th card, below the two-step setting).
    expect(html).toMatch(
      new RegExp(`href="/engagements/${id}/members#invite"[^>]*>Invite your engineer</a>`),
    );

    const pdf = await c.get(`/engagements/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(flat).toContain("Your answers call for no engineering work at all.");
    expect(flat).toContain("no range to show");
    expect(flat).not.toContain("Holding a quote against this");
    expect(flat).not.toContain("0–0 h");
    expect(flat).not.toContain("within 0 weeks");
    expect(flat).not.toMatch(/0\.5–0\.5 weeks|0–0 weeks/);
    // An import and a PDF rendered from cold: slow on a loaded machine.
  }, 90_000);
});
