// QA pass 7, the plan page and the published proposal, over HTTP against the real server: the plan's
// note on open questions states both launch minimums instead of calling the results page's higher
// (finding 2); after a rate change the live plan is named as today's rate, not the agreed one (3);
// a proposal whose answers are "not sure" says they could be launch blockers, page and PDF (4); the
// rate under the proposal's tier table is written as money (11); a plan with nothing in scope says
// so instead of zero ranges (13); an empty plan offers a partner "Add a custom item" (14).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ProposalSnapshot } from "../app/engine/plan-types";
import { DEMO_ANSWERS } from "../db/demo-answers";
import { renderProposalPdf } from "../app/pdf/rendering/render";
import { proposalView } from "../app/routes/engagements.$id.proposals.$n/proposal-view.server";

import { bestAnswers, realContent } from "./support/content";
import { DEMO, addMember, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { pdfText, unwrapped } from "./support/pdf-text";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const text = (html: string) =>
  unescape(html.slice(0, html.indexOf("<script")))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

const page = async (client: Client, path: string) => {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return text(await res.text());
};

const ok = (res: Response) => expect(res.status).toBe(302);

async function setSettings(client: Client, id: string, change: { hourlyRate?: number; currency?: string }) {
  const [e] = query<{
    name: string;
    description: string;
    currency: string;
    hourly_rate: number;
    team_size: number;
    weekly_capacity: number;
    version: number;
  }>(server, "select * from engagements where id = ?", id);
  ok(
    await client.post(`/engagements/${id}/settings`, {
      name: e!.name,
      description: e!.description,
      currency: change.currency ?? e!.currency,
      hourlyRate: String(change.hourlyRate ?? e!.hourly_rate),
      teamSize: String(e!.team_size),
      weeklyCapacity: String(e!.weekly_capacity),
      version: String(e!.version),
    }),
  );
}

async function publish(partner: Client, id: string) {
  ok(await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" }));
}

/** "$31,600" → 31600 */
const amount = (money: string) => Number(money.replace(/[^\d]/g, ""));

describe("the demo's plan, with the partner's own launch-minimum work (findings 2, 3 and 11)", () => {
  let id: string;
  let founder: Client;
  let partner: Client;

  beforeAll(async () => {
    id = demoEngagementId(server);
    founder = await login(server, DEMO.founder.email);
    partner = await login(server, DEMO.partner.email);
    ok(await partner.post(`/engagements/${id}/plan`, { intent: "generate" }));
    const custom = {
      intent: "custom",
      title: "Rebuild checkout from scratch",
      description: "",
      area: "custom",
      phase: "launch-blocker",
      "estimate.optimistic": "80",
      "estimate.likely": "120",
      "estimate.pessimistic": "300",
    };
    let added = await partner.post(`/engagements/${id}/plan/new`, custom);
    if (added.status === 400)
      added = await partner.post(`/engagements/${id}/plan/new`, { ...custom, confirmEstimate: "80,120,300" });
    ok(added);
  }, 60_000);

  it("states both launch minimums on the plan, not that the results page's is higher (finding 2)", async () => {
    for (const client of [founder, partner]) {
      const plan = await page(client, `/engagements/${id}/plan`);
      const lead = /Launch minimum: (\S+)–(\S+) \(/.exec(plan);
      expect(lead).not.toBeNull();
      const note = /Not in the plan: [^.]*\.[^.]*\./.exec(plan)?.[0] ?? "";
      expect(note).not.toContain("so its estimate is higher");
      const figures = /it puts the launch minimum at (\S+)–(\S+), against (\S+)–(\S+) in this plan\./.exec(
        plan,
      );
      expect(
        figures,
        plan.slice(plan.indexOf("Not in the plan"), plan.indexOf("Not in the plan") + 600),
      ).not.toBeNull();
      const [, answersLikely, answersCautious, planLikely, planCautious] = figures!;
      // The plan's figures are the headline's; the answers' are the results page's.
      expect([planLikely, planCautious]).toEqual([lead![1], lead![2]]);
      const results = await page(client, `/engagements/${id}/results`);
      expect(results).toContain(answersLikely);
      expect(results).toContain(answersCautious);
      // The partner's 80–300 h item puts the plan above the answers: the old words said the opposite.
      expect(amount(planLikely!)).toBeGreaterThan(amount(answersLikely!));
    }
  });

  it("writes the proposal's rate as money under its tier table (finding 11)", async () => {
    await publish(partner, id);
    const proposal = await page(founder, `/engagements/${id}/proposals/1`);
    expect(proposal).toContain("At €95 an hour.");
    expect(proposal).not.toContain("95 EUR an hour");
  });

  it("names the live plan as today's rate once the agreed version has another (finding 3)", async () => {
    const [{ h }] = query<{ h: string }>(
      server,
      "select snapshot_hash as h from proposals where engagement_id = ? and number = 1",
      id,
    );
    ok(await founder.post(`/engagements/${id}/proposals/1`, { snapshotHash: h, confirm: "on" }));
    // Agreed at the same rate: nothing to say.
    expect(await page(founder, `/engagements/${id}/plan`)).not.toContain("The plan as it stands");

    await setSettings(partner, id, { hourlyRate: 150 });
    const plan = await page(founder, `/engagements/${id}/plan`);
    const said = "The plan as it stands, at today's €150 an hour; version 1 was agreed at €95 an hour.";
    expect(plan).toContain(said);
    // Right under the headline figure, above the progress against the agreed version.
    expect(plan.indexOf("Launch minimum:")).toBeLessThan(plan.indexOf(said));
    expect(plan.indexOf(said)).toBeLessThan(plan.indexOf("Progress against the agreed version 1"));
    expect(await page(partner, `/engagements/${id}/plan`)).toContain(said);
  });
});

describe("a project answered “not sure”, then left with nothing in scope (findings 4, 11 and 13)", () => {
  let id: string;
  let founder: Client;
  let partner: Client;
  let unsure: number;

  beforeAll(async () => {
    founder = new Client(server.url);
    await signup(founder, `unsure-${Date.now()}@example.com`);
    ({ id } = await createEngagement(founder, "Unsure app"));
    const intake: Record<string, string> = {
      "intake.builder": "lovable",
      "intake.backend": "supabase",
      "intake.has-accounts": "yes",
      "intake.takes-payments": "no",
    };
    const form: Record<string, string | string[]> = { intent: "continue", q: Object.keys(intake) };
    for (const [q, v] of Object.entries(intake)) form[`a:${q}`] = v;
    ok(await founder.post(`/engagements/${id}/assess?index`, form));
    // Every security question with a launch blocker among its answers: "I'm not sure".
    const content = realContent();
    const auth = content.areas.find((a) => a.id === "auth")!;
    const questions = auth.questions.filter((q) => !q.showIf && q.options.some((o) => o.blocker));
    unsure = questions.length;
    expect(unsure).toBeGreaterThan(1);
    const areaForm: Record<string, string | string[]> = { intent: "continue", q: questions.map((q) => q.id) };
    for (const q of questions) areaForm[`a:${q.id}`] = "unsure";
    ok(await founder.post(`/engagements/${id}/assess/auth`, areaForm));
    await setSettings(founder, id, { currency: "JPY", hourlyRate: 10000 });
    partner = await addMember(server, founder, id, "partner");
    ok(await partner.post(`/engagements/${id}/plan`, { intent: "generate" }));
    await publish(partner, id);
  }, 60_000);

  it("says on the proposal page that the “not sure” answers could be blockers (finding 4)", async () => {
    const results = await page(founder, `/engagements/${id}/results`);
    expect(results).toContain(`${unsure} “not sure” answers could be blockers`);
    const proposal = await page(founder, `/engagements/${id}/proposals/1`);
    expect(proposal).toContain(`0 launch blockers · ${unsure} “not sure” answers could be blockers`);
  });

  it("says it in the proposal PDF too, and not “no launch blockers.” alone (finding 4)", async () => {
    const res = await founder.get(`/engagements/${id}/proposals/1.pdf`);
    expect(res.status).toBe(200);
    const flat = unwrapped((await pdfText(new Uint8Array(await res.arrayBuffer()))).text);
    expect(flat).toContain(`None so far; ${unsure} “not sure” answers could be`);
    expect(flat).toContain(
      `The assessment found no launch blockers so far, but ${unsure} “not sure” answers could be launch blockers`,
    );
    expect(flat).not.toContain("The assessment found no launch blockers. ");
    expect(flat).not.toContain("None found");
  }, 60_000);

  it("adds nothing for a version published before the snapshot counted them (finding 4)", async () => {
    const [{ snapshot }] = query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = 1",
      id,
    );
    const published = JSON.parse(snapshot) as ProposalSnapshot;
    expect(published.readiness.possibleBlockers).toBe(unsure);
    const { possibleBlockers: _, ...readiness } = published.readiness;
    const old: ProposalSnapshot = { ...published, readiness };
    expect(proposalView(old).readiness.possible).toBe(0);
    const flat = unwrapped((await pdfText(await renderProposalPdf(old, null))).text);
    expect(flat).toContain("The assessment found no launch blockers. ");
    expect(flat).toContain("None found");
    expect(flat).not.toContain("“not sure” answers could be");
  }, 60_000);

  it("writes a yen rate as money (finding 11)", async () => {
    const proposal = await page(founder, `/engagements/${id}/proposals/1`);
    expect(proposal).toContain("At ¥10,000 an hour.");
    expect(proposal).not.toContain("10000 JPY");
  });

  it("says plainly that nothing is in scope once every item is left out (finding 13)", async () => {
    const items = query<{ id: string; version: number }>(
      server,
      "select id, version from plan_items where engagement_id = ? and scope = 'included'",
      id,
    );
    expect(items.length).toBeGreaterThan(0);
    for (const item of items)
      ok(
        await partner.post(`/engagements/${id}/plan`, {
          intent: "scope",
          itemId: item.id,
          version: String(item.version),
          scope: "excluded",
          scopeReason: "",
        }),
      );
    for (const client of [founder, partner]) {
      const plan = await page(client, `/engagements/${id}/plan`);
      expect(plan).toContain("Nothing is in scope: no item is included, so there is nothing to price.");
      expect(plan).not.toMatch(/¥0–¥0|0–0 h|0 items, likely to cautious/);
    }
  });
});

describe("a plan with nothing to list (finding 14)", () => {
  /** The demo exported with the best answer to every question, imported by its founder: no work. */
  async function importAllBest(founder: Client): Promise<string> {
    const content = realContent();
    const intake = Object.fromEntries(Object.entries(DEMO_ANSWERS).filter(([q]) => q.startsWith("intake.")));
    const answers = bestAnswers(content, intake);
    const exported = (await (
      await founder.get(`/engagements/${demoEngagementId(server)}/export.json`)
    ).json()) as {
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
    const res = await founder.importFile(JSON.stringify(file));
    expect(res.status).toBe(302);
    return /^\/engagements\/([^/?]+)/.exec(res.headers.get("Location") ?? "")![1]!;
  }

  it("offers the partner “Add a custom item” where the answers call for no work; not the founder", async () => {
    const founder = await login(server, DEMO.founder.email);
    const id = await importAllBest(founder);
    const partner = await addMember(server, founder, id, "partner");

    const forPartner = await (await partner.get(`/engagements/${id}/plan`)).text();
    expect(text(forPartner)).toContain("The answers so far call for no work.");
    expect(forPartner).toMatch(new RegExp(`href="/engagements/${id}/plan/new"[^>]*>Add a custom item<`));
    // The link goes to a form the partner may use.
    expect((await partner.get(`/engagements/${id}/plan/new`)).status).toBe(200);

    // The founder may not add items (the form is the partner's): no link to a page that refuses them.
    const forFounder = await (await founder.get(`/engagements/${id}/plan`)).text();
    expect(text(forFounder)).toContain("The answers so far call for no work.");
    expect(forFounder).not.toContain("Add a custom item");
  });

  it("offers it before any answer too", async () => {
    const founder = new Client(server.url);
    await signup(founder, `empty-${Date.now()}@example.com`);
    const { id } = await createEngagement(founder, "Nothing answered yet");
    const partner = await addMember(server, founder, id, "partner");
    const forPartner = await (await partner.get(`/engagements/${id}/plan`)).text();
    expect(text(forPartner)).toContain("There are no answers yet.");
    expect(forPartner).toMatch(new RegExp(`href="/engagements/${id}/plan/new"[^>]*>Add a custom item<`));
  });
});
