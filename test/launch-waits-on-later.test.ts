// A launch-minimum item that waits for in-scope work of a later phase (QA pass 3, finding 4): the
// timeline runs the later work first, but the launch minimum's hours and price leave it out, and the
// publish form said nothing. It now names the item and what it waits for, before publishing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;

type Item = { id: string; title: string; phase: string; version: number };
const inScope = (phase: string) =>
  query<Item>(
    server,
    "select id, title, phase, version from plan_items where engagement_id = ? and scope = 'included' and phase = ? order by position",
    id,
    phase,
  );

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

const warning = "for work of a later phase";
const form = async () => unescape(await (await partner.get(`/engagements/${id}/proposals`)).text());

describe("the publish form", () => {
  it("says nothing while every launch-minimum item waits only for launch-minimum work", async () => {
    expect(await form()).not.toContain(warning);
  });

  it("names a launch-minimum item that waits for a hardening item, and what it waits for", async () => {
    const [launch] = inScope("launch-blocker");
    const [later] = inScope("hardening");
    expect(launch && later).toBeTruthy();
    const res = await partner.post(`/engagements/${id}/plan/${launch!.id}`, {
      intent: "dependencies",
      itemId: launch!.id,
      version: String(launch!.version),
      dependsOn: later!.id,
    });
    expect(res.status).toBe(302);
    const html = await form();
    expect(html).toContain(`A launch-minimum item waits ${warning}`);
    expect(html).toContain(`${launch!.title} waits for ${later!.title}`);
    expect(html).toContain("Move that work into the launch minimum");
  });
});
