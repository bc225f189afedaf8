// The item page's conflict, through the real server and SQLite file: a save refused because the item
// changed since the form was read names who changed it and when, as the estimates table and the
// reviews do ("Jonas Brandt changed “…” on 3 Dec 2026, 10:04 UTC, while you were editing"), and says
// "You … in another tab or window" when it was the same person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { PHASE_TITLES } from "../app/engine/tiers";
import { formatDateTime } from "../app/utils/format";

import { DEMO, demoEngagementId, join, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { Client, confirmEmail, startServer, type TestServer } from "./support/server";

type Item = { id: string; title: string; version: number; phase: string; owner: string };

let server: TestServer;
let id: string;
/** Jonas Brandt, the demo partner */
let jonas: Client;
/** a second partner on the project, Ada Lovelace */
let other: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true" });
  id = demoEngagementId(server);
  jonas = await login(server, DEMO.partner.email);
  const founder = await login(server, DEMO.founder.email);
  // Signed up with a name, invited and joined through the real routes.
  other = new Client(server.url);
  const email = "ada@example.com";
  const signedUp = await other.post("/signup", {
    name: "Ada Lovelace",
    email,
    password: "correct horse battery",
  });
  expect(signedUp.status).toBe(302);
  await confirmEmail(server, email);
  await join(founder, id, "partner", other);
  const generated = await jonas.post(`/engagements/${id}/plan`, { intent: "generate" });
  expect(generated.status).toBe(302);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const items = () =>
  query<Item>(
    server,
    "select id, title, version, phase, owner from plan_items where engagement_id = ? and task_id is not null and phase != 'scale' and owner = 'partner' order by position",
    id,
  );
const item = (itemId: string) => items().find((i) => i.id === itemId)!;
/** When the newest logged change of `kind` to the item was made, as the pages say it. */
const changedAt = (kind: string, itemId: string) =>
  formatDateTime(
    query<{ at: number }>(
      server,
      "select created_at at from activity where engagement_id = ? and kind = ? and json_extract(detail, '$.itemId') = ? order by id desc limit 1",
      id,
      kind,
      itemId,
    )[0]!.at,
  );
/** A page's text as read: tags gone, entities decoded, white space collapsed. */
const text = (html: string) =>
  unescape(html.replaceAll("<!-- -->", "").replace(/<[^>]+>/g, " "))
    .replace(/&rsquo;/g, "’")
    .replace(/\s+/g, " ");

const post = (client: Client, target: Item, version: number, fields: Record<string, string>) =>
  client.post(`/engagements/${id}/plan/${target.id}`, {
    itemId: target.id,
    version: String(version),
    ...fields,
  });

describe("a plan item saved after it changed", () => {
  it("names the other partner who changed it, when, and what it is now", async () => {
    const target = items()[0]!;
    // Jonas leaves it out while the other partner has the item page open.
    const changed = await post(jonas, target, target.version, {
      intent: "scope",
      scope: "excluded",
      scopeReason: "Not for this launch",
    });
    expect(changed.status).toBe(302);

    const res = await post(other, target, target.version, { intent: "owner", owner: "founder" });
    expect(res.status).toBe(409);
    const said = text(await res.text());
    expect(said).toContain(
      `Jonas Brandt changed “${target.title}” on ${changedAt("plan.scope", target.id)}, while you were editing (now: Out of scope, `,
    );
    expect(said).toContain("Your change was not saved; the page now shows the current version.");
    expect(said).not.toContain(`Someone else changed “${target.title}”`);
    expect(said).not.toContain(`You changed “${target.title}”`);
    expect(item(target.id).version).toBe(target.version + 1);
  });

  it("says “You … in another tab or window” when the same partner changed it", async () => {
    const target = items()[1]!;
    // Tab A gives it to the founder's team; tab B, still at the version it read, changes its phase.
    const changed = await post(jonas, target, target.version, { intent: "owner", owner: "founder" });
    expect(changed.status).toBe(302);

    const res = await post(jonas, target, target.version, { intent: "phase", phase: "scale" });
    expect(res.status).toBe(409);
    const said = text(await res.text());
    expect(said).toContain(
      `You changed “${target.title}” in another tab or window on ${changedAt("plan.owner", target.id)} (now: `,
    );
    expect(said).toContain(", Founder's team, ");
    expect(said).not.toContain("Someone else changed");
    expect(said).not.toContain("Jonas Brandt changed");
  });

  it("names the newest change when several people changed the item", async () => {
    const target = items()[2]!;
    let version = target.version;
    // Jonas re-estimates it, then Ada moves it to scale later.
    expect(
      (
        await post(jonas, target, version++, {
          intent: "estimate",
          "estimate.optimistic": "2",
          "estimate.likely": "4.5",
          "estimate.pessimistic": "8",
          reason: "Checked again",
        })
      ).status,
    ).toBe(302);
    expect((await post(other, target, version++, { intent: "phase", phase: "scale" })).status).toBe(302);

    // Jonas's stale page: the other partner's change is the newest, not his own estimate.
    const res = await post(jonas, target, target.version, { intent: "scope", scope: "deferred" });
    expect(res.status).toBe(409);
    const said = text(await res.text());
    expect(said).not.toContain("You changed");
    expect(said).not.toContain("Jonas Brandt changed");
    expect(said).toContain(
      `Ada Lovelace changed “${target.title}” on ${changedAt("plan.phase", target.id)}, while you were editing (now: `,
    );
    expect(said).toContain(
      `, ${PHASE_TITLES.scale}, Engineering partner, 2–8 h, likely 4.5 h). Your change was not saved`,
    );
  });
});
