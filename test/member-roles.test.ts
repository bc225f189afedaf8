// A founder changes another member's role on the members page (QA 5, finding 10; decision 052):
// the new role holds on the next request, the member is emailed who changed it (a confirmed address
// only), the activity feed says so, a founder who is demoted loses the invitations they made, and a
// choice made on a stale page is refused (409) rather than overwriting someone else's change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { join, query } from "./support/demo-server";
import { unescape } from "./support/html";
import {
  Client,
  confirmEmail,
  createEngagement,
  signup,
  startServer,
  type TestServer,
} from "./support/server";

let server: TestServer;
let fern: Client; // the founder
let pat: Client; // partner, confirmed address
let vic: Client; // viewer, unconfirmed address
let engagementId: string;
const ids: Record<string, string> = {};
const emails: Record<string, string> = {};

async function account(name: string, { confirmed }: { confirmed: boolean }) {
  const client = new Client(server.url);
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const res = await client.post("/signup", { name, email, password: "correct horse battery" });
  expect(res.status).toBe(302);
  if (confirmed) await confirmEmail(server, email);
  emails[name] = email;
  ids[name] = query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;
  return client;
}

const roleOf = (name: string) =>
  query<{ role: string }>(
    server,
    "select role from memberships where engagement_id = ? and user_id = ?",
    engagementId,
    ids[name],
  )[0]?.role;

const members = () => `/engagements/${engagementId}/members`;

function change(by: Client, name: string, role: string, from: string) {
  return by.post(members(), { intent: "change-role", userId: ids[name]!, role, from });
}

/** Emails to `to` with `subject`, once the server has written them out. */
async function mailTo(to: string, subject: string, count: number) {
  const matching = () =>
    server
      .output()
      .split("--- email")
      .slice(1)
      .filter((b) => b.includes(`\nTo: ${to}\n`) && b.includes(`\nSubject: ${subject}\n`));
  await expect.poll(() => matching().length, { timeout: 5000 }).toBe(count);
  return matching();
}

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  fern = await account("Fern", { confirmed: true });
  ({ id: engagementId } = await createEngagement(fern, "Fern's shop"));
  pat = await account("Pat", { confirmed: true });
  vic = await account("Vic", { confirmed: false });
  await join(fern, engagementId, "partner", pat);
  await join(fern, engagementId, "viewer", vic);
});

afterAll(async () => {
  await server?.stop();
});

describe("changing a member's role", () => {
  it("offers a labelled role choice beside every other member, to founders only", async () => {
    const page = unescape(await (await fern.get(members())).text());
    expect(page).toMatch(/<label[^>]*>Role of Pat<\/label>/);
    expect(page).toMatch(/<label[^>]*>Role of Vic<\/label>/);
    // Not for oneself: another founder changes it, or one leaves.
    expect(page).not.toMatch(/Role of Fern/);
    const partnerView = unescape(await (await pat.get(members())).text());
    expect(partnerView).not.toContain('name="intent" value="change-role"');
    expect(partnerView).toContain("Engineering partner");
  });

  it("refuses everyone but a founder: 403 for members, 404 for others", async () => {
    expect((await change(pat, "Vic", "partner", "viewer")).status).toBe(403);
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`);
    expect((await change(stranger, "Vic", "partner", "viewer")).status).toBe(404);
    expect(roleOf("Vic")).toBe("viewer");
  });

  it("makes a partner a co-founder, who may then manage members, and emails them who did it", async () => {
    // Before: a partner may not invite.
    expect((await pat.post(members(), { intent: "invite", role: "viewer" })).status).toBe(403);
    const res = await change(fern, "Pat", "founder", "partner");
    expect(res.status).toBe(200);
    expect(unescape(await res.text())).toContain(
      "Pat is now co-founder (was engineering partner). We emailed them about it.",
    );
    expect(roleOf("Pat")).toBe("founder");
    // The next request runs with the new role.
    const invite = await pat.post(members(), { intent: "invite", role: "viewer", note: "Pat's advisor" });
    expect(invite.status).toBe(200);
    expect(await invite.text()).toMatch(/\/invite\/[A-Za-z0-9_-]{22}/);

    const [mail] = await mailTo(emails.Pat!, "Your role on Fern's shop is now co-founder", 1);
    expect(mail).toContain(
      `Fern (${emails.Fern}) changed your role on the project Fern's shop on Finishline on `,
    );
    expect(mail).toContain("you were engineering partner, and are now co-founder.");
    expect(mail).toContain(`/engagements/${engagementId}`);

    const overview = unescape(await (await fern.get(`/engagements/${engagementId}`)).text());
    expect(overview).toContain("changed Pat's role to co-founder (was engineering partner)");
  });

  it("revokes the invitations of a founder who is demoted, and says so", async () => {
    const pending = () =>
      query<{ n: number }>(
        server,
        "select count(*) as n from invitations where engagement_id = ? and created_by = ? and revoked_at is null and used_at is null",
        engagementId,
        ids.Pat,
      )[0]!.n;
    expect(pending()).toBe(1);
    const res = await change(fern, "Pat", "partner", "founder");
    expect(res.status).toBe(200);
    expect(unescape(await res.text())).toContain(
      "The invitation they made and nobody used yet no longer works: only founders give a way in.",
    );
    expect(pending()).toBe(0);
    expect(roleOf("Pat")).toBe("partner");
    expect((await pat.post(members(), { intent: "invite", role: "viewer" })).status).toBe(403);
  });

  it("does not email an unconfirmed address, and says so", async () => {
    const res = await change(fern, "Vic", "partner", "viewer");
    expect(res.status).toBe(200);
    expect(unescape(await res.text())).toContain(
      "Vic is now engineering partner (was viewer). Their email address is not confirmed, so we did not email them.",
    );
    expect(roleOf("Vic")).toBe("partner");
    await new Promise((r) => setTimeout(r, 300));
    expect(server.output()).not.toContain(`To: ${emails.Vic}\nSubject: Your role`);
  });

  it("refuses a choice made on a stale page (409) and keeps the other founder's change", async () => {
    // The page still showed Vic as viewer; someone made Vic a partner since.
    const res = await change(fern, "Vic", "founder", "viewer");
    expect(res.status).toBe(409);
    expect(unescape(await res.text())).toContain(
      "Someone changed this member's role to engineering partner meanwhile, so nothing was changed.",
    );
    expect(roleOf("Vic")).toBe("partner");
  });

  it("refuses one's own role, an unknown role and someone who is not a member, without a change", async () => {
    const own = await change(fern, "Fern", "viewer", "founder");
    expect(own.status).toBe(400);
    expect(unescape(await own.text())).toContain("You cannot change your own role.");
    expect(roleOf("Fern")).toBe("founder");

    const odd = await change(fern, "Vic", "owner", "partner");
    expect(odd.status).toBe(400);
    expect(unescape(await odd.text())).toContain("Choose a role: engineering partner, viewer or co-founder.");
    expect(roleOf("Vic")).toBe("partner");

    const gone = await fern.post(members(), {
      intent: "change-role",
      userId: "no-such-user",
      role: "viewer",
      from: "partner",
    });
    expect(gone.status).toBe(400);
    expect(unescape(await gone.text())).toContain("That person is no longer a member.");
  });

  it("points an invitation for someone already on the project to the role choice", async () => {
    const res = await fern.post(members(), { intent: "invite", role: "founder", email: emails.Pat! });
    expect(res.status).toBe(400);
    expect(unescape(await res.text())).toContain(
      "is already a member of this project as engineering partner. To give them another role, choose it beside their name under People with access.",
    );
  });
});
