// The readiness report PDF under the partner's company (decision 035, as their proposals): a partner
// whose profile names a company downloads it with that company on the cover and every page header,
// and "Made with Finishline" small at the cover's foot; the founder's copy, and a partner's without a
// company, are Finishline's. Real server and SQLite file; the PDF read back as text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { addMember, DEMO, demoEngagementId, login } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { type Client, startServer, type TestServer } from "./support/server";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;

const PROFILE = {
  intent: "partner-profile",
  company: "Brandt Engineering GmbH",
  website: "brandt-engineering.example",
  addressLine: "Torstraße 1, 10119 Berlin",
  taxNote: "",
  defaultTerms: "",
};

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", PDF_RATE_LIMIT: "1000", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function report(client: Client) {
  const res = await client.get(`/engagements/${id}/report.pdf`);
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/pdf");
  return pdfText(new Uint8Array(await res.arrayBuffer()));
}

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("the readiness report PDF", () => {
  it("is Finishline's for a partner without a company in their profile", async () => {
    // A profile with a website but no company: nothing to brand with.
    expect((await partner.post("/account", { ...PROFILE, company: "" })).status).toBe(200);
    const { flat } = await report(partner);
    expect(flat).toContain("FINISHLINE");
    expect(flat).not.toContain("Made with Finishline");
    expect(flat).not.toContain("brandt-engineering.example");
  });

  it("carries the partner's company on the cover and every page header, Finishline small at the foot", async () => {
    expect((await partner.post("/account", PROFILE)).status).toBe(200);
    const { flat, pages } = await report(partner);
    expect(pages).toBeGreaterThan(2);
    expect(flat).not.toContain("FINISHLINE");
    // The cover (with its website and address line) and each page after it.
    expect(flat).toContain("brandt-engineering.example · Torstraße 1, 10119 Berlin");
    expect(count(flat, PROFILE.company)).toBeGreaterThanOrEqual(pages);
    expect(flat).toContain("Made with Finishline");
    expect(flat).toContain(`by ${DEMO.partner.name} · Confidential`);
  });

  it("is Finishline's for the founder and a viewer, whoever the partner is", async () => {
    const viewer = await addMember(server, founder, id, "viewer");
    for (const who of [founder, viewer]) {
      const { flat } = await report(who);
      expect(flat).toContain("FINISHLINE");
      expect(flat).not.toContain(PROFILE.company);
      expect(flat).not.toContain("Made with Finishline");
    }
  });

  it("follows the profile as it is now: the report is rendered on each download, never cached", async () => {
    expect((await partner.post("/account", { ...PROFILE, company: "Renamed Studio Ltd" })).status).toBe(200);
    const { flat } = await report(partner);
    expect(flat).toContain("Renamed Studio Ltd");
    expect(flat).not.toContain(PROFILE.company);
  });
});
