// Email about the moments the other side waits for: a published proposal goes to the founders, an
// accepted one to the engineering partners; never to the person who did it, never to someone who
// unticked "Email me" on the account page. Read from the server's output (no SMTP_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { startServer, type Client, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

/**
 * The emails written to the server's output so far with a link on a line of its own (the proposal
 * emails and invitations; not the security notices): recipient, subject and link.
 */
function emails() {
  return server
    .output()
    .split("--- email")
    .slice(1)
    .flatMap((block) => {
      const to = /\nTo: (.+)\n/.exec(block)?.[1];
      const subject = /\nSubject: (.+)\n/.exec(block)?.[1];
      const link = /^(http\S+)$/m.exec(block)?.[1];
      return to && subject && link ? [{ to, subject, link }] : [];
    });
}

async function settle(count: number) {
  await expect.poll(() => emails().length, { timeout: 5000 }).toBe(count);
  // And nothing more on its way.
  await new Promise((r) => setTimeout(r, 300));
  expect(emails()).toHaveLength(count);
}

const publish = (n: number) =>
  partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b", number: String(n) });
const accept = (n: number) => {
  const [{ snapshot_hash: snapshotHash }] = query<{ snapshot_hash: string }>(
    server,
    "select snapshot_hash from proposals where engagement_id = ? and number = ?",
    id,
    n,
  );
  return founder.post(`/engagements/${id}/proposals/${n}`, { snapshotHash, confirm: "on" });
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  await addMember(server, founder, id, "viewer");
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
});
afterAll(async () => {
  await server?.stop();
});

describe("proposal emails", () => {
  it("tells the founder a new version waits for sign-off, with its link, and nobody else", async () => {
    const before = emails().length;
    expect((await publish(1)).status).toBe(302);
    await settle(before + 1);
    const [mail] = emails().slice(before);
    expect(mail).toEqual({
      to: DEMO.founder.email,
      subject: "CartPilot: proposal version 1 is ready for your sign-off",
      link: `${server.url}/engagements/${id}/proposals/1`,
    });
    expect(server.output()).toContain(
      `${DEMO.partner.name} published version 1 of the proposal for CartPilot.`,
    );
  });

  it("tells the partner when the founder accepts it, and nobody else", async () => {
    const before = emails().length;
    expect((await accept(1)).status).toBe(302);
    await settle(before + 1);
    expect(emails().slice(before)).toEqual([
      {
        to: DEMO.partner.email,
        subject: "CartPilot: proposal version 1 was accepted",
        link: `${server.url}/engagements/${id}/proposals/1`,
      },
    ]);
  });

  it("stops when the founder unticks “Email me” on the account page, and starts again when ticked", async () => {
    const off = await founder.post("/account", { intent: "notifications" });
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("No more emails about proposals or comments.");
    expect(await (await founder.get("/account")).text()).not.toMatch(/name="notify" checked/);
    const before = emails().length;
    expect((await publish(2)).status).toBe(302);
    await settle(before);

    expect((await founder.post("/account", { intent: "notifications", notify: "on" })).status).toBe(200);
    expect(await (await founder.get("/account")).text()).toMatch(/name="notify" checked/);
    expect((await publish(3)).status).toBe(302);
    await settle(before + 1);
    expect(emails().at(-1)?.subject).toBe("CartPilot: proposal version 3 is ready for your sign-off");
  });

  it("refuses a notifications value that is not a tick, and changes nothing", async () => {
    const res = await founder.post("/account", { intent: "notifications", notify: "yes please" });
    expect(res.status).toBe(400);
    expect(
      query<{ flag: number }>(
        server,
        "select notify_by_email as flag from users where email = ?",
        DEMO.founder.email,
      )[0]?.flag,
    ).toBe(1);
  });
});
