// The partner's audit, findings 2 and 3 (decision 035), over HTTP against the real server: a partner
// saves a company profile and publishes a fixed price; the founder's page and the PDF lead with that
// price and that company, the accept form and the acceptance email name it; editing the profile later
// leaves the published version as it was; the publish form keeps the choice for the next version and
// refuses a bad amount on its field; the new fields survive an export and import.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { Client, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1000", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
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
const proposal = (n: number) =>
  query<{ snapshot: string; snapshot_hash: string }>(
    server,
    "select snapshot, snapshot_hash from proposals where engagement_id = ? and number = ?",
    id,
    n,
  )[0]!;
const publish = (form: Record<string, string>) =>
  partner.post(`/engagements/${id}/proposals`, {
    assumptions: "Access in week one",
    exclusions: "Redesign",
    number: String(latestNumber() + 1),
    ...form,
  });
const pdf = async (n: number) =>
  (
    await pdfText(
      new Uint8Array(await (await founder.get(`/engagements/${id}/proposals/${n}.pdf`)).arrayBuffer()),
    )
  ).flat;
/** The emails written to the server's output so far: recipient, subject and body. */
const emails = () =>
  server
    .output()
    .split("--- email")
    .slice(1)
    .map((block) => ({
      to: /\nTo: (.+)\n/.exec(block)?.[1],
      subject: /\nSubject: (.+)\n/.exec(block)?.[1] ?? "",
      body: block.replace(/\s+/g, " "),
    }));

/** The price model the form has ticked. */
const checkedModel = (html: string) =>
  [...html.matchAll(/<input type="radio" name="priceModel"[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => tag.includes('checked=""'))
    .map((tag) => /value="(\w+)"/.exec(tag)?.[1]);

const PROFILE = {
  intent: "partner-profile",
  company: "Brandt Engineering GmbH",
  website: "brandt-engineering.example",
  addressLine: "Torstraße 1, 10119 Berlin · HRB 123456",
  taxNote: "Prices exclude VAT (19%).",
  defaultTerms: "- 30% on signing, net 14 days.",
};

describe("the partner profile on the account page", () => {
  it("is saved, with the website read as https, and refuses an http address on its field", async () => {
    const refused = await partner.post("/account", { ...PROFILE, website: "http://brandt.example" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(text(html)).toContain("Use an https:// address.");
    expect(html).toContain('value="http://brandt.example"'); // kept as typed
    expect(html).toContain("Brandt Engineering GmbH");

    expect((await partner.post("/account", PROFILE)).status).toBe(200);
    const account = await (await partner.get("/account")).text();
    expect(account).toContain('value="https://brandt-engineering.example"');
    expect(text(account)).toContain("Your company on proposals");
    // A founder who is no one's partner is not asked for a company on proposals.
    const founders = text(await (await founder.get("/account")).text());
    expect(founders).toContain("Email address");
    expect(founders).not.toContain("Your company on proposals");
  });

  it("prefills the publish form's empty terms with the default terms", async () => {
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(html).toMatch(/<textarea id="terms" name="terms"[^>]*>- 30% on signing, net 14 days.<\/textarea>/);
  });
});

describe("a fixed price from a company", () => {
  let likely = 0;

  it("the publish form offers the range by default, states the likely cost, and refuses a bad amount", async () => {
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(checkedModel(html)).toEqual(["range"]);
    const form = text(html);
    expect(form).toContain("Estimate range (time and materials)");
    expect(form).toContain("Capped (not to exceed)");
    const m = /The plan's likely cost is €([\d,]+), cautious €([\d,]+)/.exec(form);
    expect(m, form.slice(0, 2000)).not.toBeNull();
    likely = Number(m![1]!.replace(/,/g, ""));
    expect(form).toContain(`Price: The estimate range, billed on time · ${PROFILE.taxNote}`);

    const before = latestNumber();
    const refused = await publish({ priceModel: "fixed", priceAmount: "24000.50" });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(text(page)).toContain("Use a whole amount, without cents.");
    expect(page).toContain('aria-invalid="true" aria-describedby="priceAmount-hint');
    expect(checkedModel(page)).toEqual(["fixed"]);
    expect(page).toContain('value="24000.50"');
    expect(latestNumber()).toBe(before);
  });

  it("is shown to the founder with the company, in the page, the PDF, the accept form and the email", async () => {
    // Below the likely cost: the partner's call, so it is published.
    const amount = likely - 1000;
    const money = `€${amount.toLocaleString("en-US")}`;
    expect((await publish({ priceModel: "fixed", priceAmount: String(amount), terms: "" })).status).toBe(302);
    const n = latestNumber();
    const snapshot = JSON.parse(proposal(n).snapshot);
    expect(snapshot.price).toEqual({ model: "fixed", amount });
    expect(snapshot.partner).toEqual({
      company: PROFILE.company,
      website: "https://brandt-engineering.example",
      addressLine: PROFILE.addressLine,
      taxNote: PROFILE.taxNote,
    });

    const html = await (await founder.get(`/engagements/${id}/proposals/${n}`)).text();
    const v = text(html);
    expect(v).toContain(`Proposal from ${PROFILE.company} · brandt-engineering.example`);
    expect(html).toContain('href="https://brandt-engineering.example"');
    expect(v).toContain(PROFILE.addressLine);
    const headline = v.indexOf(
      `Price Fixed price ${money} Our estimate: €${likely.toLocaleString("en-US")} likely`,
    );
    expect(headline, v.slice(0, 3000)).toBeGreaterThan(0);
    expect(headline).toBeLessThan(v.indexOf("Readiness today"));
    expect(v).toContain(PROFILE.taxNote);
    expect(v).toContain(`I accept version ${n}, at a fixed price of ${money}: its scope, assumptions`);
    expect(v).not.toContain("estimate range, assumptions");

    const flat = await pdf(n);
    expect(flat).toContain(PROFILE.company);
    expect(flat).toContain(`Fixed price ${money}`);
    expect(flat).toContain(`Our estimate: €${likely.toLocaleString("en-US")} likely`);
    expect(flat).toContain(PROFILE.taxNote);
    expect(flat).toContain("Made with Finishline");
    // Finishline's letter-spaced name is on neither the cover nor the page headers.
    expect(flat).not.toMatch(/F\s?I\s?N\s?I\s?S\s?H\s?L\s?I\s?N\s?E/);
    expect(flat).toContain(`in this proposal, at a fixed price of ${money}.`);
    // The scope's simulated range is what the price stands on, not what the proposal is priced on.
    expect(flat).toContain("likely to cautious: the estimate behind the price this proposal offers.");
    expect(flat).not.toContain("P50–P90");

    const sent = emails().length;
    const accepted = await founder.post(`/engagements/${id}/proposals/${n}`, {
      snapshotHash: proposal(n).snapshot_hash,
      confirm: "on",
    });
    expect(accepted.status).toBe(302);
    await expect
      .poll(
        () =>
          emails()
            .slice(sent)
            .find((e) => e.subject.includes(`version ${n} was accepted`)),
        {
          timeout: 5000,
        },
      )
      .toBeTruthy();
    const mail = emails()
      .slice(sent)
      .find((e) => e.subject.includes(`version ${n} was accepted`))!;
    expect(mail.to).toBe(DEMO.partner.email);
    expect(mail.body).toContain(
      `accepted version ${n} of the proposal for CartPilot, at a fixed price of ${money}.`,
    );

    // Accepted, the price is what the overview names and what the plan holds the work logged against.
    const overview = await page(founder, `/engagements/${id}`);
    expect(overview).toContain(`the whole proposal is a fixed price of ${money}, on an estimate of €`);
    expect(overview).not.toContain("figure to hold against other quotes");
    const plan = await page(founder, `/engagements/${id}/plan`);
    expect(plan).toContain(`an hour, against the agreed fixed price of ${money}.`);
    expect(plan).not.toContain("agreed (likely).");
  });

  it("stays as published when the profile is edited afterwards; the next draft keeps the price model", async () => {
    const n = latestNumber();
    const before = proposal(n);
    const pdfBefore = await pdf(n);
    expect(
      (
        await partner.post("/account", {
          ...PROFILE,
          company: "Renamed Studio Ltd",
          taxNote: "VAT included.",
        })
      ).status,
    ).toBe(200);
    expect(proposal(n)).toEqual(before);
    const v = await page(founder, `/engagements/${id}/proposals/${n}`);
    expect(v).toContain(`Proposal from ${PROFILE.company}`);
    expect(v).not.toContain("Renamed Studio Ltd");
    const flat = await pdf(n);
    expect(flat).toBe(pdfBefore);
    expect(flat).not.toContain("Renamed Studio Ltd");

    // The next version starts from the last one's choice.
    const html = await (await partner.get(`/engagements/${id}/proposals`)).text();
    expect(checkedModel(html)).toEqual(["fixed"]);
    expect(html).toMatch(/id="priceAmount" name="priceAmount"[^>]*value="\d+"/);
  });

  it("a capped price reads as 'Up to', billed on time", async () => {
    expect((await publish({ priceModel: "capped", priceAmount: "30,000" })).status).toBe(302);
    const n = latestNumber();
    const v = await page(founder, `/engagements/${id}/proposals/${n}`);
    expect(v).toContain("Up to €30,000 (billed on time)");
    expect(v).toContain("Proposal from Renamed Studio Ltd");
    expect(v).toMatch(
      /What changed since version \d+ The price changed from a fixed price of €[\d,]+ to a cap of €30,000 \(billed on time\) Totals:/,
    );
    expect(await pdf(n)).toContain("Up to €30,000 (billed on time)");
  });
});

describe("export and import", () => {
  it("carry the price and the company of each version, and the draft price model", async () => {
    const data = await (await founder.get(`/engagements/${id}/export.json`)).json();
    const capped = data.proposals.at(-1).snapshot;
    expect(capped.price).toEqual({ model: "capped", amount: 30000 });
    expect(capped.partner.company).toBe("Renamed Studio Ltd");
    expect(data.engagement.priceModel).toBe("capped");
    expect(data.engagement.priceAmount).toBe(30000);

    const importer = new Client(server.url);
    await signup(importer, `price-importer-${Date.now()}@example.com`);
    const res = await importer.importFile(JSON.stringify(data));
    expect(res.status).toBe(302);
    const newId = res.headers.get("Location")!.split("/").pop()!;
    const again = await (await importer.get(`/engagements/${newId}/export.json`)).json();
    // Item ids differ in the copy (collaboration.test.ts compares the rest); the price and company not.
    const priced = (d: { proposals: Array<{ snapshot: { price?: unknown; partner?: unknown } }> }) =>
      d.proposals.map((p) => ({ price: p.snapshot.price, partner: p.snapshot.partner }));
    expect(priced(again)).toEqual(priced(data));
    expect(priced(again)).toHaveLength(2);
    expect(again.engagement.priceModel).toBe("capped");
    expect(again.engagement.priceAmount).toBe(30000);

    // An edited file cannot bring in a website the page would link to unsafely.
    const bad = structuredClone(data);
    bad.proposals.at(-1).snapshot.partner.website = "javascript:alert(1)";
    const refused = await importer.importFile(JSON.stringify(bad));
    expect(refused.status).toBe(400);
  });
});

describe("deleting an account", () => {
  it("deletes its partner profile (the users row stays, anonymised, so no cascade does it)", async () => {
    const email = `profile-owner-${Date.now()}@example.com`;
    const owner = new Client(server.url);
    await signup(owner, email, "correct horse battery");
    expect((await owner.post("/account", { ...PROFILE, company: "Short-lived Ltd" })).status).toBe(200);
    const profiles = () =>
      query<{ n: number }>(
        server,
        "select count(*) n from partner_profiles where user_id = (select id from users where email = ?)",
        email,
      )[0]!.n;
    expect(profiles()).toBe(1);
    const userId = query<{ id: string }>(server, "select id from users where email = ?", email)[0]!.id;
    expect((await owner.post("/account/delete", { password: "correct horse battery" })).status).toBe(302);
    expect(
      query<{ n: number }>(server, "select count(*) n from partner_profiles where user_id = ?", userId)[0]!.n,
    ).toBe(0);
  });
});
