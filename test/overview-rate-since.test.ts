// The overview's "Where you stand" card beside an accepted version (QA pass 3, finding 8): the
// version is priced at its own rate, the answers' launch minimum at today's. After the rate was
// raised from €95 to €110 the sentence compared the two with no word of it, so the plan read as much
// cheaper than the answers. The card now says which rate each is at when they differ.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await acceptedProposal(server, founder, partner, id);
});
afterAll(async () => {
  await server?.stop();
});

const card = async () => {
  const html = unescape(await (await founder.get(`/engagements/${id}`)).text());
  const from = html.indexOf('id="summary-heading"');
  return html.slice(from, html.indexOf("</section>", from));
};

describe("the overview card after the rate changed since the accepted version", () => {
  it("says the answers' figure is at today's rate and the version at its own", async () => {
    const [e] = query<{
      name: string;
      description: string;
      currency: string;
      hourly_rate: number;
      team_size: number;
      weekly_capacity: number;
      version: number;
    }>(
      server,
      "select name, description, currency, hourly_rate, team_size, weekly_capacity, version from engagements where id = ?",
      id,
    );
    expect(await card()).not.toContain("at today's rate");
    const raised = e!.hourly_rate + 15;
    const saved = await partner.post(`/engagements/${id}/settings`, {
      name: e!.name,
      description: e!.description,
      currency: e!.currency,
      hourlyRate: String(raised),
      teamSize: String(e!.team_size),
      weeklyCapacity: String(e!.weekly_capacity),
      version: String(e!.version),
    });
    expect(saved.status).toBe(302);
    const text = await card();
    expect(text).toContain("Proposal version 1");
    expect(text).toMatch(
      new RegExp(
        `The answers alone put the launch minimum at [^<]+ at today's rate of €${raised} an hour \\(the version is priced at €${e!.hourly_rate}\\)`,
      ),
    );
  });
});
