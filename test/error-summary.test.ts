// A refused form, posted without JavaScript, comes back with a summary at its top that lists what to
// fix, each line "Label: message" linking to its field; every link must land on a field that is
// marked invalid on the same page (a link to a missing or unmarked id is a dead end for a keyboard
// or screen reader user). Through the real server, on each form that lists its fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createEngagement, signup, startServer, Client, type TestServer } from "./support/server";

let server: TestServer;
let founder: Client;
let engagementId: string;

beforeAll(async () => {
  server = await startServer();
  founder = new Client(server.url);
  await signup(founder, `summary-${Date.now()}@example.com`);
  engagementId = (await createEngagement(founder)).id;
});
afterAll(async () => {
  await server?.stop();
});

const decode = (s: string) =>
  s
    .replaceAll("<!-- -->", "")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

/**
 * The summary's links as [target id, text], after checking that each target is a field on the page
 * marked aria-invalid. Fails when the page has no summary.
 */
function summary(html: string): Array<[string, string]> {
  const block = /<div[^>]*class="alert alert--error form-error"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1];
  expect(block, "a refused form shows its summary").toBeDefined();
  const links = [...block!.matchAll(/<a href="#([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map(
    ([, id, text]) => [id!, decode(text!)] as [string, string],
  );
  for (const [id] of links) {
    const field = new RegExp(`<(input|textarea|select)[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
    expect(field, `#${id} is a field on the page`).toBeDefined();
    expect(field, `#${id} is marked invalid`).toContain('aria-invalid="true"');
  }
  return links;
}

describe("a refused form lists what to fix, each line linking to its field", () => {
  it("sign-up: both fields, in the form's order, with their labels", async () => {
    const res = await new Client(server.url).post("/signup", { email: "not an email", password: "short" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(decode(html)).toContain("2 fields need fixing:");
    const links = summary(html);
    expect(links.map(([id]) => id)).toEqual(["field-email", "field-password"]);
    expect(links[1]![1]).toBe("Password: Use at least 8 characters.");
  });

  it("new engagement: one field says so in the singular", async () => {
    const res = await founder.post("/engagements/new", { name: "", description: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(decode(html)).toContain("One field needs fixing:");
    expect(summary(html).map(([id]) => id)).toEqual(["field-name"]);
  });

  it("settings: a textarea and a number field, both marked and linked", async () => {
    const page = await (await founder.get(`/engagements/${engagementId}/settings`)).text();
    const version = /name="version" value="(\d+)"/.exec(page)?.[1];
    expect(version).toBeDefined();
    const res = await founder.post(`/engagements/${engagementId}/settings`, {
      version: version!,
      name: "Test product",
      description: "x".repeat(1001),
      currency: "USD",
      hourlyRate: "lots",
      teamSize: "1",
      weeklyCapacity: "30",
    });
    expect(res.status).toBe(400);
    const links = summary(await res.text());
    expect(links.map(([id]) => id).sort()).toEqual(["field-description", "field-hourlyRate"]);
    expect(links.find(([id]) => id === "field-hourlyRate")![1]).toBe(
      "Hourly rate: Enter the hourly rate as a number.",
    );
  });

  it("account: a field whose id is not field-<name> is still linked to the right one", async () => {
    const res = await founder.post("/account", {
      intent: "change-email",
      newEmail: "nope",
      emailPassword: "",
    });
    expect(res.status).toBe(400);
    const ids = summary(await res.text()).map(([id]) => id);
    expect(ids).toContain("email-password");
    expect(ids).toContain("field-newEmail");
  });

  it("members: the invite form's own summary sits inside the invite section, where the page opens", async () => {
    const res = await founder.post(`/engagements/${engagementId}/members`, {
      intent: "invite",
      role: "partner",
      email: "not an email",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    const section = /<section id="invite"[\s\S]*?<\/section>/.exec(html)?.[0];
    expect(section).toBeDefined();
    // The summary takes focus as the page loads, so a browser without JavaScript scrolls to it.
    expect(section).toMatch(/class="alert alert--error form-error"[^>]*autofocus/i);
    expect(summary(html)).toEqual([["invite-email", expect.stringMatching(/^Email it to: /)]]);
  });
});
