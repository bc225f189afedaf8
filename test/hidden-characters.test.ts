// Security review 2 (finding 4): text a founder reads on a proposal refuses control characters and
// the invisible formatting characters that make it read differently from what it is. With a
// right-to-left override, "Price: 90 \u202EEUR" showed as "RUE 09" on the page and otherwise in the
// PDF. Each field says what to remove; nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FORMAT_CONTROL_MESSAGE } from "../app/utils/format-controls";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

const OVERRIDE = "Price: 90 \u202EEUR";
const BELL = "Payment on signing\u0007";
const html = async (res: Response) => (await res.text()).replaceAll("&#x27;", "'");
const versions = () =>
  query<{ n: number }>(server, "select count(*) n from proposals where engagement_id = ?", id)[0]!.n;
const item = () =>
  query<{ id: string; version: number; estimate_reason: string | null }>(
    server,
    "select id, version, estimate_reason from plan_items where engagement_id = ? order by position limit 1",
    id,
  )[0]!;

describe("text shown on a proposal", () => {
  it("refuses invisible formatting and control characters in the terms, assumptions and exclusions", async () => {
    for (const [field, value, message] of [
      ["terms", OVERRIDE, FORMAT_CONTROL_MESSAGE],
      ["assumptions", `Access in week one\n${OVERRIDE}`, FORMAT_CONTROL_MESSAGE],
      ["exclusions", BELL, "Remove the control characters from the exclusions"],
      ["terms", BELL, "Remove the control characters from the terms"],
    ] as const) {
      const res = await partner.post(`/engagements/${id}/proposals`, {
        assumptions: "Access in week one",
        exclusions: "Redesign",
        terms: "Net 14",
        number: String(versions() + 1),
        [field]: value,
      });
      expect(res.status, `${field}: ${JSON.stringify(value)}`).toBe(400);
      expect(await html(res)).toContain(message);
    }
    expect(versions()).toBe(0);
    // Line breaks and tabs are fine.
    const ok = await partner.post(`/engagements/${id}/proposals`, {
      assumptions: "Access in week one\n\tand the hosting",
      exclusions: "Redesign",
      terms: "Net 14\r\n40% on signing",
      number: "1",
    });
    expect(ok.status).toBe(302);
    expect(versions()).toBe(1);
  });

  it("refuses them in an item's estimate reason and the estimates table's reason", async () => {
    const target = item();
    const single = await partner.post(`/engagements/${id}/plan/${target.id}`, {
      intent: "estimate",
      itemId: target.id,
      version: String(target.version),
      "estimate.optimistic": "2",
      "estimate.likely": "4",
      "estimate.pessimistic": "9",
      reason: OVERRIDE,
    });
    expect(single.status).toBe(400);
    expect(await html(single)).toContain(FORMAT_CONTROL_MESSAGE);
    const table = await partner.post(`/engagements/${id}/plan/estimates`, {
      [`o.${target.id}`]: "2",
      [`m.${target.id}`]: "4",
      [`p.${target.id}`]: "9",
      [`v.${target.id}`]: String(target.version),
      reason: "Checked\u0000 the code",
    });
    expect(table.status).toBe(400);
    expect(await html(table)).toContain("Keep the reason on one line, without control characters.");
    expect(item()).toEqual(target);
  });
});
