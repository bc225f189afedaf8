// QA pass 6, findings 2, 7 and 10, over HTTP against the real server (decision 053): the publish form
// carries what it showed, and a publish after the plan or the rate changed is refused with 409, the
// form kept as typed; a version identical to the newest is refused unless the partner ticks "Publish
// anyway"; accepting a version twice is a 409 conflict, not a 400.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { unescape } from "./support/html";
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
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const text = (html: string) =>
  unescape(html.slice(0, html.indexOf("<script")))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

const versions = () =>
  query<{ number: number }>(server, "select number from proposals where engagement_id = ?", id).length;

/** The publish form's hidden fields as the page rendered them (what a browser would post back). */
async function openForm(html?: string) {
  const page = html ?? (await (await partner.get(`/engagements/${id}/proposals`)).text());
  const hidden = (name: string) => {
    const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
    if (value === undefined) throw new Error(`no ${name} field on the publish form`);
    return unescape(value);
  };
  return { number: hidden("number"), basis: hidden("basis") };
}

const TYPED = {
  assumptions: "Typed before the plan moved",
  exclusions: "Not the moved part",
  terms: "",
  validUntil: "",
  priceModel: "fixed",
  priceAmount: "30000",
};

function inScope() {
  return query<{ id: string; version: number }>(
    server,
    "select id, version from plan_items where engagement_id = ? and scope = 'included' order by position",
    id,
  );
}

async function setRate(hourlyRate: number) {
  const [e] = query<{
    name: string;
    description: string;
    currency: string;
    team_size: number;
    weekly_capacity: number;
    version: number;
  }>(
    server,
    "select name, description, currency, team_size, weekly_capacity, version from engagements where id = ?",
    id,
  );
  const res = await partner.post(`/engagements/${id}/settings`, {
    name: e!.name,
    description: e!.description,
    currency: e!.currency,
    hourlyRate: String(hourlyRate),
    teamSize: String(e!.team_size),
    weeklyCapacity: String(e!.weekly_capacity),
    version: String(e!.version),
  });
  expect(res.status).toBe(302);
}

describe("a publish form opened before the plan or the rate changed (finding 2)", () => {
  it("is refused with 409 when the scope changed, says how, and keeps what was typed", async () => {
    const form = await openForm();
    const before = inScope();
    const item = before[before.length - 1]!;
    const excluded = await partner.post(`/engagements/${id}/plan/${item.id}`, {
      intent: "scope",
      itemId: item.id,
      version: String(item.version),
      scope: "excluded",
      scopeReason: "",
    });
    expect(excluded.status).toBe(302);

    const res = await partner.post(`/engagements/${id}/proposals`, { ...TYPED, ...form });
    expect(res.status).toBe(409);
    const html = await res.text();
    const page = text(html);
    expect(page).toMatch(
      new RegExp(
        `The plan changed since you opened this form \\(now ${before.length - 1} items, \\S+–\\S+, was ${before.length} items, \\S+–\\S+\\)\\.`,
      ),
    );
    expect(page).toContain("Check the price and payment schedule below, then publish again.");
    // Kept as typed, the fixed price above all.
    expect(unescape(html)).toContain(">Typed before the plan moved</textarea>");
    expect(html).toMatch(/name="priceAmount"[^>]*value="30000"|value="30000"[^>]*name="priceAmount"/);
    expect(versions()).toBe(0);
    // The page that came back is the plan as it is now: its form posts the new basis.
    expect((await openForm(html)).basis).not.toBe(form.basis);
  });

  it("is refused with 409 when the hourly rate changed, naming the old and new rate", async () => {
    const form = await openForm();
    const [{ hourly_rate: rate }] = query<{ hourly_rate: number }>(
      server,
      "select hourly_rate from engagements where id = ?",
      id,
    );
    await setRate(rate + 45);
    const res = await partner.post(`/engagements/${id}/proposals`, { ...TYPED, ...form });
    expect(res.status).toBe(409);
    expect(text(await res.text())).toMatch(
      new RegExp(
        `The hourly rate changed from \\D*${rate}\\D* to \\D*${rate + 45}\\D* since you opened this form\\.`,
      ),
    );
    expect(versions()).toBe(0);
  });

  it("publishes from a form opened after the change", async () => {
    const res = await partner.post(`/engagements/${id}/proposals`, { ...TYPED, ...(await openForm()) });
    expect(res.status).toBe(302);
    expect(versions()).toBe(1);
  });

  it("is refused as a form we did not send when the basis is not ours", async () => {
    const { number } = await openForm();
    const res = await partner.post(`/engagements/${id}/proposals`, { ...TYPED, number, basis: "{}" });
    expect(res.status).toBe(400);
    expect(text(await res.text())).toContain("This form could not be read.");
    expect(versions()).toBe(1);
  });
});

describe("publishing again a version identical to the newest (finding 7)", () => {
  it("is refused with 409 until the partner ticks “Publish anyway”", async () => {
    // Back after publishing: the form reloads fresh and is sent again as it was.
    const form = await openForm();
    expect(form.number).toBe("2");
    const refused = await partner.post(`/engagements/${id}/proposals`, { ...TYPED, ...form });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(text(html)).toContain("Version 1 is identical: the same plan, price, payment schedule, texts");
    expect(text(html)).toContain("Publish anyway: version 1 is identical");
    expect(unescape(html)).toContain(">Typed before the plan moved</textarea>");
    expect(versions()).toBe(1);

    const anyway = await partner.post(`/engagements/${id}/proposals`, {
      ...TYPED,
      ...form,
      publishIdentical: "1",
    });
    expect(anyway.status).toBe(302);
    expect(versions()).toBe(2);
  });

  it("is not identical when the date it is valid until moved", async () => {
    const later = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const res = await partner.post(`/engagements/${id}/proposals`, {
      ...TYPED,
      ...(await openForm()),
      validUntil: later,
    });
    expect(res.status).toBe(302);
    expect(versions()).toBe(3);
  });
});

describe("accepting a version already accepted (finding 10)", () => {
  it("answers 409, as withdrawing an accepted version does", async () => {
    const [{ h }] = query<{ h: string }>(
      server,
      "select snapshot_hash as h from proposals where engagement_id = ? and number = 3",
      id,
    );
    const accept = () => founder.post(`/engagements/${id}/proposals/3`, { snapshotHash: h, confirm: "on" });
    expect((await accept()).status).toBe(302);
    const again = await accept();
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain("This version was already accepted.");
  });
});
