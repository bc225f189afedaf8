// The overview reads the plan's rows once per state of the engagement (getPlanItems, shared between
// requests). Through the real server: each kind of plan change the overview reports (time logged, an
// item done, an estimate changed after the newest version) shows on the next view, so a cached
// state is never served after a write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, logTime, query } from "./support/demo-server";
import { type Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const overview = async (who: Client) => {
  const res = await who.get(`/engagements/${id}`);
  expect(res.status).toBe(200);
  return text(await res.text());
};
type Item = { id: string; version: number; optimistic: number; likely: number; pessimistic: number };
const inScope = () =>
  query<Item>(
    server,
    "select id, version, optimistic, likely, pessimistic from plan_items where engagement_id = ? and scope = 'included' order by position",
    id,
  );

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
});
afterAll(() => server?.stop());

describe("the overview after a plan change", () => {
  it("shows time logged, an item done and a changed estimate on the next view", async () => {
    const items = inScope();
    const delivery = /(\d+) of (\d+) items done, ([\d.]+) h logged/;
    const before = delivery.exec(await overview(partner));
    expect(before?.slice(1, 4)).toEqual(["0", String(items.length), "0"]);
    // Read twice, so the second view comes from the cache.
    expect(delivery.exec(await overview(founder))?.[3]).toBe("0");

    expect((await logTime(server, partner, id, items[0]!.id, { hours: "2.5" })).status).toBe(302);
    expect(delivery.exec(await overview(partner))?.slice(1, 4)).toEqual(["0", String(items.length), "2.5"]);

    const [{ version }] = query<{ version: number }>(
      server,
      "select version from plan_items where id = ?",
      items[0]!.id,
    );
    const done = await partner.post(`/engagements/${id}/plan/${items[0]!.id}`, {
      intent: "status",
      itemId: items[0]!.id,
      version: String(version),
      status: "done",
    });
    expect(done.status).toBe(302);
    expect(delivery.exec(await overview(founder))?.slice(1, 2)).toEqual(["1"]);

    expect(await overview(partner)).not.toContain("The plan changed since version 1");
    const second = inScope()[1]!;
    const estimate = await partner.post(`/engagements/${id}/plan/${second.id}`, {
      intent: "estimate",
      itemId: second.id,
      version: String(second.version),
      "estimate.optimistic": String(second.optimistic + 1),
      "estimate.likely": String(second.likely + 2),
      "estimate.pessimistic": String(second.pessimistic + 4),
      reason: "checked the code",
    });
    expect(estimate.status).toBe(302);
    expect(await overview(partner)).toContain("The plan changed since version 1: publish version 2");
  });
});
