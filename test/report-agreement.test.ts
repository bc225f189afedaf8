// The readiness report after the founder accepted a proposal (QA pass 3, finding 5): downloaded after
// a fixed €25,000 acceptance it quoted the answers' own range and never named the agreement, so a
// founder holding both documents saw a second, higher price. It now names the accepted version, its
// price and planned work as frozen in that version, and says which figures are which.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { acceptedProposal, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText, unwrapped } from "./support/pdf-text";
import { Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

const report = async (who: Client) => {
  const res = await who.get(`/engagements/${id}/report.pdf`);
  expect(res.status).toBe(200);
  return unwrapped((await pdfText(new Uint8Array(await res.arrayBuffer()))).flat);
};
const frozen = (number: number) =>
  JSON.parse(
    query<{ snapshot: string }>(
      server,
      "select snapshot from proposals where engagement_id = ? and number = ?",
      id,
      number,
    )[0]!.snapshot,
  ) as { totals: { hours: { p50: number; p90: number }; cost: { p50: number; p90: number } } };

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "100" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
});
afterAll(async () => {
  await server?.stop();
});

describe("the report after an acceptance", () => {
  it("says nothing of an agreement before there is one", async () => {
    expect(await report(founder)).not.toContain("was accepted on");
  });

  it("names the accepted version, its price and planned work, and says the report's figures are not a price", async () => {
    await acceptedProposal(server, founder, partner, id);
    const text = await report(founder);
    expect(text).toMatch(/Proposal version 1 was accepted on \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(text).toContain("It agreed the estimate range (time and materials), for ");
    expect(text).toContain(
      "That version is the agreement. The figures in this report come from the answers alone",
    );
    // Its hours are the version's, as frozen, not today's: the likely end, rounded as the app writes it.
    const { hours } = frozen(1).totals;
    expect(text).toContain(`${Math.round(hours.p50)}`);

    // A fixed price accepted later is the one named, in the partner's download too.
    const published = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "a",
      exclusions: "b",
      priceModel: "fixed",
      priceAmount: "25000",
      number: "2",
    });
    expect(published.status).toBe(302);
    const [{ snapshot_hash: snapshotHash }] = query<{ snapshot_hash: string }>(
      server,
      "select snapshot_hash from proposals where engagement_id = ? and number = 2",
      id,
    );
    expect(
      (await founder.post(`/engagements/${id}/proposals/2`, { snapshotHash, confirm: "on" })).status,
    ).toBe(302);
    const byPartner = await report(partner);
    expect(byPartner).toContain("Proposal version 2 was accepted on");
    expect(byPartner).toContain("It agreed a fixed price of €25,000, for ");
    expect(byPartner).not.toContain("Proposal version 1 was accepted");
  });
});
