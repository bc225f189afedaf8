// The partner's audit, finding 1 ("I cannot retract an offer I published by mistake"), over HTTP
// against the real server (decision 039): the partner withdraws a version with a reason; founders
// and viewers get 403, outsiders 404; the version then reads "Withdrawn" everywhere, refuses a
// forged acceptance with 409, says so on its PDF, and the founder is emailed; withdrawing the newest
// version puts no older one back on offer; an accepted version cannot be withdrawn.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;
let outsider: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1000", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  viewer = await addMember(server, founder, id, "viewer");
  outsider = new Client(server.url);
  await signup(outsider, `withdraw-outsider-${Date.now()}@example.com`);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** The page's text as a reader sees it, without the inline data script. */
const text = (html: string) =>
  html
    .slice(0, html.indexOf("<script"))
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
const page = async (client: Client, path: string) => text(await (await client.get(path)).text());

const latestNumber = () =>
  query<{ n: number | null }>(server, "select max(number) n from proposals where engagement_id = ?", id)[0]!
    .n ?? 0;
const row = (n: number) =>
  query<{
    snapshot_hash: string;
    accepted_at: number | null;
    withdrawn_at: number | null;
    withdrawn_by: string | null;
    withdraw_reason: string | null;
  }>(
    server,
    "select snapshot_hash, accepted_at, withdrawn_at, withdrawn_by, withdraw_reason from proposals where engagement_id = ? and number = ?",
    id,
    n,
  )[0]!;
const publish = async () => {
  const res = await partner.post(`/engagements/${id}/proposals`, {
    assumptions: "a",
    exclusions: "b",
    number: String(latestNumber() + 1),
  });
  expect(res.status).toBe(302);
  return latestNumber();
};
const accept = (n: number) =>
  founder.post(`/engagements/${id}/proposals/${n}`, { snapshotHash: row(n).snapshot_hash, confirm: "on" });
const withdraw = (client: Client, n: number, reason?: string) =>
  client.post(`/engagements/${id}/proposals/${n}`, {
    intent: "withdraw",
    ...(reason === undefined ? {} : { reason }),
  });
const activityCount = (kind: string) =>
  query<{ n: number }>(
    server,
    "select count(*) n from activity where engagement_id = ? and kind = ?",
    id,
    kind,
  )[0]!.n;
const pdf = async (n: number) => {
  const res = await founder.get(`/engagements/${id}/proposals/${n}.pdf`);
  expect(res.status).toBe(200);
  return (await pdfText(new Uint8Array(await res.arrayBuffer()))).flat;
};

/** Emails written to the server's output (no SMTP_URL): recipient, subject and body. */
const emails = () =>
  server
    .output()
    .split("--- email")
    .slice(1)
    .flatMap((block) => {
      const to = /\nTo: (.+)\n/.exec(block)?.[1];
      const subject = /\nSubject: (.+)\n/.exec(block)?.[1];
      return to && subject ? [{ to, subject, block }] : [];
    });

const REASON = "Published at the wrong rate";

describe("withdrawing a version", () => {
  it("is the partner's alone: founders and viewers get 403, outsiders 404, and nothing changes", async () => {
    const n = await publish();
    const partnerPage = await (await partner.get(`/engagements/${id}/proposals/${n}`)).text();
    expect(text(partnerPage)).toContain(`Withdraw this version`);
    expect(partnerPage).toMatch(/<details[^>]*><summary>Withdraw this version<\/summary>/);
    expect(partnerPage).toContain('name="intent" value="withdraw"');
    expect(text(partnerPage)).toContain(`Withdraw version ${n}`);
    expect(await page(founder, `/engagements/${id}/proposals/${n}`)).not.toContain("Withdraw this version");

    expect((await withdraw(founder, n, "mine")).status).toBe(403);
    expect((await withdraw(viewer, n)).status).toBe(403);
    expect((await withdraw(outsider, n)).status).toBe(404);
    expect(row(n).withdrawn_at).toBeNull();
    expect(activityCount("proposal.withdrawn")).toBe(0);
  });

  it("refuses a reason that is too long or spans lines beside its field, keeping what was typed", async () => {
    const n = latestNumber();
    const long = "x".repeat(301);
    const res = await withdraw(partner, n, long);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(text(html)).toContain("Keep the reason to 300 characters or fewer.");
    expect(html).toContain(`value="${long}"`);
    // The disclosure comes back open, with the message in it (also without JavaScript).
    expect(html).toMatch(/<details[^>]* open=""[^>]*><summary>Withdraw this version/);
    const twoLines = await withdraw(partner, n, "one\ntwo");
    expect(twoLines.status).toBe(400);
    expect(text(await twoLines.text())).toContain("Keep the reason on one line");
    expect(row(n).withdrawn_at).toBeNull();
  });

  it("marks the version Withdrawn with who, when and why, and it can no longer be accepted", async () => {
    const n = latestNumber();
    // Rendered and cached before: the cached document must not be served once it is withdrawn.
    const before = await pdf(n);
    // The cover's badge is set in capitals.
    expect(before).toMatch(/awaiting acceptance/i);
    const mailsBefore = emails().length;

    const res = await withdraw(partner, n, `  ${REASON}  `);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/engagements/${id}/proposals/${n}`);
    const stored = row(n);
    expect(stored.withdrawn_at).not.toBeNull();
    expect(stored.withdraw_reason).toBe(REASON);
    expect(stored.accepted_at).toBeNull();

    const founderPage = await page(founder, `/engagements/${id}/proposals/${n}`);
    expect(founderPage).toMatch(
      new RegExp(
        `Proposal version ${n} Withdrawn .*Withdrawn by ${DEMO.partner.name} on \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d UTC: ${REASON}\\. It can no longer be accepted; your partner can publish a new version\\.`,
      ),
    );
    expect(founderPage).not.toContain(`I accept version ${n}`);
    expect(founderPage).not.toContain("Review and sign off");
    expect(founderPage).not.toContain("Awaiting sign-off");
    const partnerPage = await page(partner, `/engagements/${id}/proposals/${n}`);
    expect(partnerPage).toContain("publish a new version from Proposals when you have one.");
    expect(partnerPage).not.toContain("Withdraw this version");

    // The versions list, the overviews and the activity say so; nobody is "waiting for sign-off".
    expect(await page(founder, `/engagements/${id}/proposals`)).toMatch(
      new RegExp(`Version ${n} Withdrawn Published .* · withdrawn `),
    );
    const founderOverview = await page(founder, `/engagements/${id}`);
    expect(founderOverview).toContain(`Your engineer withdrew proposal version ${n}`);
    expect(founderOverview).not.toContain("waiting for your sign-off");
    expect(founderOverview).not.toContain("That is the figure to hold against other quotes");
    const partnerOverview = await page(partner, `/engagements/${id}`);
    expect(partnerOverview).toContain(
      `Version ${n} was withdrawn, so nothing is on offer: publish version ${n + 1} for the founder to accept.`,
    );
    expect(partnerOverview).not.toContain("waiting for the founder's sign-off");
    expect(await page(partner, `/engagements/${id}/proposals`)).toContain(
      `Version ${n} was withdrawn, so no version is on offer: the founder can accept again once you publish this one.`,
    );
    expect(partnerOverview).toContain(`${DEMO.partner.name} withdrew proposal version ${n}: “${REASON}”`);
    expect(activityCount("proposal.withdrawn")).toBe(1);

    // The founder is emailed, with the reason quoted and the link; nobody else.
    await expect.poll(() => emails().length, { timeout: 5000 }).toBe(mailsBefore + 1);
    const [mail] = emails().slice(mailsBefore);
    expect(mail!.to).toBe(DEMO.founder.email);
    expect(mail!.subject).toBe(`CartPilot: proposal version ${n} was withdrawn`);
    expect(mail!.block).toContain(
      `${DEMO.partner.name} withdrew version ${n} of the proposal for CartPilot, so it can no longer be accepted.`,
    );
    expect(mail!.block).toContain(`> ${REASON}`);
    expect(mail!.block).toContain(
      "No earlier version is on offer again: they can publish a new one for you to accept.",
    );
    expect(mail!.block).toContain(`${server.url}/engagements/${id}/proposals/${n}`);

    // Its PDF says so on the cover and in the sign-off, with no lines to sign.
    const after = await pdf(n);
    expect(after).toMatch(/withdrawn on \d+ \w+ \d{4}/i);
    expect(after).not.toMatch(/awaiting acceptance/i);
    expect(after).toContain(`Version ${n} withdrawn`);
    expect(after).toContain(`: ${REASON}.`);
    expect(after).not.toContain("Sign below");
  });

  it("refuses a forged acceptance and a second withdrawal with 409, saving nothing", async () => {
    const n = latestNumber();
    const forged = await accept(n);
    expect(forged.status).toBe(409);
    expect(text(await forged.text())).toMatch(
      new RegExp(
        `${DEMO.partner.name} withdrew this version on .*, so it can no longer be accepted\\. Your partner can publish a new version\\.`,
      ),
    );
    expect(row(n).accepted_at).toBeNull();
    expect(activityCount("proposal.accepted")).toBe(0);

    const again = await withdraw(partner, n, "Again");
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain(`Version ${n} was already withdrawn.`);
    expect(row(n).withdraw_reason).toBe(REASON);
    expect(activityCount("proposal.withdrawn")).toBe(1);
  });
});

describe("withdrawing the newest version", () => {
  it("puts no older version back on offer: the partner publishes a new one, which can be accepted", async () => {
    // With "Email me" unticked, the founder is not emailed (the rules of the other proposal emails):
    // neither the two publications nor the withdrawal.
    expect((await founder.post("/account", { intent: "notifications" })).status).toBe(200);
    const mailsBefore = emails().length;
    const older = await publish();
    const newest = await publish();
    expect((await withdraw(partner, newest)).status).toBe(302);
    await new Promise((r) => setTimeout(r, 500));
    expect(emails().length).toBe(mailsBefore);
    expect((await founder.post("/account", { intent: "notifications", notify: "on" })).status).toBe(200);
    expect(row(newest).withdraw_reason).toBe("");
    expect(await page(founder, `/engagements/${id}/proposals/${newest}`)).toContain(
      `Withdrawn by ${DEMO.partner.name} on`,
    );

    const olderPage = await page(founder, `/engagements/${id}/proposals/${older}`);
    expect(olderPage).toContain(`Proposal version ${older} Superseded`);
    // (The text helper leaves a space where the link ends.)
    expect(olderPage).toContain(
      `Superseded by version ${newest} , since withdrawn: neither can be accepted until a new version is published.`,
    );
    expect(olderPage).not.toContain(`I accept version ${older}`);
    const refused = await accept(older);
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain(
      `Version ${newest} replaced this one and was then withdrawn, so neither can be accepted: your partner can publish a new version.`,
    );
    expect(row(older).accepted_at).toBeNull();

    const next = await publish();
    expect(await page(founder, `/engagements/${id}`)).toContain(
      `Proposal version ${next} is waiting for your sign-off`,
    );
    expect((await accept(next)).status).toBe(302);
    expect(row(next).accepted_at).not.toBeNull();
  });
});

describe("an accepted version", () => {
  it("offers no withdraw control and refuses a posted withdrawal with 409", async () => {
    const n = latestNumber();
    expect(row(n).accepted_at).not.toBeNull();
    expect(await page(partner, `/engagements/${id}/proposals/${n}`)).not.toContain("Withdraw this version");
    const res = await withdraw(partner, n, "Changed my mind");
    expect(res.status).toBe(409);
    expect(text(await res.text())).toContain(
      `Version ${n} was accepted: it is the agreement, so it cannot be withdrawn.`,
    );
    expect(row(n).withdrawn_at).toBeNull();
  });
});

describe("an older, superseded version", () => {
  it("can be withdrawn too; the page and the email say a newer version had replaced it", async () => {
    const older = latestNumber() - 2;
    expect(row(older).accepted_at).toBeNull();
    expect(row(older).withdrawn_at).toBeNull();
    expect(await page(partner, `/engagements/${id}/proposals/${older}`)).toContain(
      `Version ${latestNumber()} already replaced it; this only says it is withdrawn, and why.`,
    );
    const mailsBefore = emails().length;
    expect((await withdraw(partner, older, "Old rate")).status).toBe(302);
    expect(await page(founder, `/engagements/${id}/proposals/${older}`)).toContain(
      `Proposal version ${older} Withdrawn`,
    );
    await expect.poll(() => emails().length, { timeout: 5000 }).toBe(mailsBefore + 1);
    expect(emails().at(-1)!.block).toContain("A newer version had already replaced it.");
    // The agreement is untouched.
    expect(row(latestNumber()).accepted_at).not.toBeNull();
  });
});

describe("export and import", () => {
  it("keep a withdrawn version withdrawn, naming who the file says withdrew it", async () => {
    const data = await (await founder.get(`/engagements/${id}/export.json`)).json();
    const withdrawn = (d: {
      proposals: Array<{ number: number; withdrawn?: { by: string; reason: string } }>;
    }) => d.proposals.filter((p) => p.withdrawn).map((p) => ({ number: p.number, ...p.withdrawn }));
    expect(withdrawn(data).map(({ number, by, reason }) => ({ number, by, reason }))).toEqual([
      { number: 1, by: DEMO.partner.email, reason: REASON },
      { number: 2, by: DEMO.partner.email, reason: "Old rate" },
      { number: 3, by: DEMO.partner.email, reason: "" },
    ]);
    // Versions never withdrawn export as before.
    expect(data.proposals.at(-1)).not.toHaveProperty("withdrawn");

    const importer = new Client(server.url);
    await signup(importer, `withdraw-importer-${Date.now()}@example.com`);
    const res = await importer.importFile(JSON.stringify(data));
    expect(res.status).toBe(302);
    const copy = res.headers.get("Location")!.split("/").pop()!;
    const again = await (await importer.get(`/engagements/${copy}/export.json`)).json();
    expect(withdrawn(again)).toEqual(withdrawn(data));
    expect(await page(importer, `/engagements/${copy}/proposals/1`)).toContain(
      `Withdrawn by ${DEMO.partner.email} on`,
    );
    // Still not on offer in the copy.
    const [{ snapshot_hash: hash }] = query<{ snapshot_hash: string }>(
      server,
      "select snapshot_hash from proposals where engagement_id = ? and number = 3",
      copy,
    );
    const refused = await importer.post(`/engagements/${copy}/proposals/3`, {
      snapshotHash: hash,
      confirm: "on",
    });
    expect(refused.status).toBe(409);

    // A file cannot hold a version both accepted and withdrawn.
    const bad = structuredClone(data);
    bad.proposals.at(-1).withdrawn = { at: Date.now(), by: "x@example.com", reason: "" };
    const badImport = await importer.importFile(JSON.stringify(bad));
    expect(badImport.status).toBe(400);
    expect(text(await badImport.text())).toContain("an accepted proposal cannot also be withdrawn");
  });
});

describe("a version withdrawn after an agreement", () => {
  it("leaves the overview's card pricing the agreement, not nothing", async () => {
    const agreed = latestNumber();
    expect(row(agreed).accepted_at).not.toBeNull();
    const overview = () => page(founder, `/engagements/${id}`);
    const accepted = `Proposal version ${agreed}, which you accepted`;
    expect(await overview()).toContain(accepted);
    const next = await publish();
    expect(next).toBe(agreed + 1);
    let html = await overview();
    expect(html).toContain(`Proposal version ${next}:`);
    expect(html).not.toContain(accepted);
    expect((await withdraw(partner, next, "Sent by mistake")).status).toBe(302);
    // The newest is withdrawn; the accepted one is still the agreement, and the card prices it.
    html = await overview();
    expect(html).toContain(accepted);
    expect(html).not.toContain(`Proposal version ${next}:`);
  });
});
