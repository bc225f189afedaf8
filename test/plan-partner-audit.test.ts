// Findings of the partner's audit (docs: /work/notes/audit-partner.md), through the real server with
// plain HTML forms (no JavaScript):
// - #9: the estimate reason fields say the founder reads them on the proposal;
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { type Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  partner = await login(server, DEMO.partner.email);
  const generated = await partner.post(`/engagements/${id}/plan`, { intent: "generate" });
  expect(generated.status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

type Item = {
  id: string;
  title: string;
  phase: string;
  position: number;
  scope: string;
  scope_reason: string | null;
  version: number;
};
/** The plan's items in list order: by phase (launch minimum first), then position. */
const items = () =>
  query<Item>(
    server,
    `select id, title, phase, position, scope, scope_reason, version from plan_items where engagement_id = ?
     order by case phase when 'launch-blocker' then 0 when 'hardening' then 1 else 2 end, position`,
    id,
  );

/** The page's visible text, tags dropped and entities decoded, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ");
}

async function html(path: string, client: Client = partner): Promise<string> {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return res.text();
}

describe("#9 estimate reasons reach the client", () => {
  it("the item's reason field and the table's say the founder reads them on the proposal", async () => {
    const item = await html(`/engagements/${id}/plan/${items()[0]!.id}`);
    // The hint is the field's description, so a screen reader says it with the label.
    expect(item).toMatch(/<input id="reason"[^>]*aria-describedby="reason-hint"/);
    expect(text(item)).toContain("Why change it? Shown to the founder on the proposal");

    const table = await html(`/engagements/${id}/plan/estimates`);
    expect(table).toMatch(/<input id="estimates-reason"[^>]*aria-describedby="estimates-reason-hint"/);
    expect(text(table)).toContain("Why these estimates changed Shown to the founder on the proposal");
  });
});
