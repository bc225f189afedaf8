import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { assess } from "../app/engine/assess";
import { formatMoney } from "../app/engine/money";
import { DEMO_ANSWERS } from "../db/demo-answers";
import { DEMO } from "../db/seed.server";

import { realContent } from "./support/content";
import { demoEngagementId } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
const content = realContent();
const demoSettings = { hourlyRate: 95, currency: "EUR", teamSize: 2, weeklyCapacity: 30, stage: "beta" as const };

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

const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/&amp;/g, "&");

describe("results page", () => {
  it("shows the engine's numbers for the demo engagement", async () => {
    const { c, id } = await demoFounder();
    const expected = assess(content, DEMO_ANSWERS, demoSettings);
    const res = await c.get(`/engagements/${id}/results`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain(`${expected.overall.score} / 100`);
    expect(html).toContain(expected.overall.level!.name);
    const { hours, cost } = expected.effort;
    expect(html).toContain(`${Math.round(hours.p50)}–${Math.round(hours.p90)} h`);
    expect(html).toContain(`${formatMoney(cost.p50, "EUR")}–${formatMoney(cost.p90, "EUR")}`);
    expect(expected.blockers.length).toBeGreaterThan(0);
    for (const b of expected.blockers) expect(html).toContain(b.impact.replace(/&/g, "&"));
    for (const area of expected.areas) expect(html).toContain(area.title);
    expect(html).toContain("How we estimate");
    expect(html).toContain("What would narrow this range");
  });

  it("follows settings: a new hourly rate changes the cost at once", async () => {
    const { c, id } = await demoFounder();
    const settings = await (await c.get(`/engagements/${id}/settings`)).text();
    const version = /name="version" value="(\d+)"/.exec(settings)?.[1];
    const save = await c.post(`/engagements/${id}/settings`, {
      name: "CartPilot",
      description: "",
      stage: "beta",
      currency: "GBP",
      hourlyRate: "200",
      teamSize: "2",
      weeklyCapacity: "30",
      version: version!,
    });
    expect(save.status).toBe(302);
    const expected = assess(content, DEMO_ANSWERS, { ...demoSettings, hourlyRate: 200, currency: "GBP" });
    const html = text(await (await c.get(`/engagements/${id}/results`)).text());
    expect(html).toContain(`${formatMoney(expected.effort.cost.p50, "GBP")}–${formatMoney(expected.effort.cost.p90, "GBP")}`);
    expect(html).toContain("£");
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
