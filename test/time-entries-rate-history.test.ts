// From the review of 5 December: each time entry keeps the rate agreed when it was logged (decision
// 042). A second version accepted at another rate does not reprice the months already invoiced under
// the first: November's CSV, downloaded again in January, still matches November's invoice.
import { parse as parseCsvText } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  acceptedProposal,
  agreeAtRate,
  DEMO,
  demoEngagementId,
  login,
  logTime,
  query,
} from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

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
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const snapshotRate = (n: number) =>
  (
    JSON.parse(
      query<{ s: string }>(
        server,
        "select snapshot as s from proposals where engagement_id = ? and number = ?",
        id,
        n,
      )[0]!.s,
    ) as { settings: { hourlyRate: number } }
  ).settings.hourlyRate;

describe("time priced at the rate agreed when it was logged", () => {
  it("keeps November's cost at version 1's rate after version 2 is accepted at a new rate", async () => {
    const [{ id: itemId }] = query<{ id: string }>(
      server,
      "select id from plan_items where engagement_id = ? and scope = 'included' and owner != 'founder' order by position limit 1",
      id,
    ) as [{ id: string }];
    expect((await logTime(server, partner, id, itemId, { day: "2026-11-10", hours: "2" })).status).toBe(302);
    const rate1 = snapshotRate(1);
    const csvCost = async () => {
      const csv: string[][] = parseCsvText(
        await (await founder.get(`/engagements/${id}/plan/time.csv?month=2026-11`)).text(),
        { bom: true },
      );
      return csv[1]![8];
    };
    expect(await csvCost()).toBe((2 * rate1).toFixed(2));

    // The rate goes up; version 2 is published and accepted.
    await agreeAtRate(server, founder, partner, id, { hourlyRate: rate1 + 50, number: 2 });
    expect(snapshotRate(2)).toBe(rate1 + 50);

    // November's time was logged, and invoiced, under version 1.
    expect(await csvCost()).toBe((2 * rate1).toFixed(2));
    // Time logged now is at version 2's rate.
    expect((await logTime(server, partner, id, itemId, { day: "2026-12-01", hours: "1" })).status).toBe(302);
    const december: string[][] = parseCsvText(
      await (await founder.get(`/engagements/${id}/plan/time.csv?month=2026-12`)).text(),
      { bom: true },
    );
    expect(december[1]!.slice(6, 9)).toEqual([
      String(rate1 + 50),
      expect.any(String),
      (rate1 + 50).toFixed(2),
    ]);

    // Version 3 at a fixed price: the time page tracks time and bills none.
    expect(
      (
        await partner.post(`/engagements/${id}/proposals`, {
          assumptions: "a",
          exclusions: "b",
          number: "3",
          priceModel: "fixed",
          priceAmount: "24000",
        })
      ).status,
    ).toBe(302);
    const [{ h: h3 }] = query<{ h: string }>(
      server,
      "select snapshot_hash as h from proposals where engagement_id = ? and number = 3",
      id,
    );
    expect(
      (await founder.post(`/engagements/${id}/proposals/3`, { snapshotHash: h3!, confirm: "on" })).status,
    ).toBe(302);
    const page = (await (await founder.get(`/engagements/${id}/plan/time`)).text())
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, " ");
    expect(page.replace(/\s+/g, " ")).toContain("3 h in 2 entries.");
    expect(page).toContain("Version 3 is at a fixed price of €24,000: the time is tracked here, not billed.");
    expect(page).not.toContain(" Cost ");
  });
});
