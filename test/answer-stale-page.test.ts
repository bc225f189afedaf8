// A whole questionnaire page saved from a stale copy (QA 6, finding 1). Without JavaScript a section
// is posted whole, every question with the version the page showed. A question the founder did not
// touch there, changed since by a co-founder, used to be refused as "your change was not saved";
// the page after that refusal showed the old answer with the new version, so the next save wrote
// the old answer over the co-founder's. Now a question sent back exactly as shown (its `s:` token)
// is left alone, and only a real change on a stale page is refused. Real server, real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { join, query } from "./support/demo-server";
import { unescape } from "./support/html";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
let fern: Client;
let cora: Client;
let id: string;

const stored = (questionId: string) =>
  query<{ value: string; version: number }>(
    server,
    "select value, version from answers where engagement_id = ? and question_id = ?",
    id,
    questionId,
  ).map((r) => ({ value: JSON.parse(r.value) as unknown, version: r.version }))[0];

/** The intake page as `client` sees it: each question's version and what it shows (`s:` token). */
async function intakePage(client: Client) {
  const res = await client.get(`/engagements/${id}/assess`);
  expect(res.status).toBe(200);
  const html = unescape(await res.text());
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  return {
    html,
    version: (q: string) => field(`v:${q}`) ?? "",
    shown: (q: string) => field(`s:${q}`),
  };
}

async function autosave(client: Client, q: string, value: string) {
  const current = stored(q)?.version ?? 0;
  const res = await client.post(`/engagements/${id}/assess?index`, {
    intent: "autosave",
    q,
    [`a:${q}`]: value,
    [`v:${q}`]: String(current),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000" });
  fern = new Client(server.url);
  await signup(fern, `fern-${Date.now()}@example.com`);
  ({ id } = await createEngagement(fern, "Stale pages"));
  cora = new Client(server.url);
  await signup(cora, `cora-${Date.now()}@example.com`);
  await join(fern, id, "founder", cora);
  await autosave(fern, "intake.builder", "lovable");
  await autosave(fern, "intake.stage", "prototype");
});

afterAll(async () => {
  await server?.stop();
});

describe("a whole page posted from a stale copy", () => {
  it("leaves a question it did not change to the co-founder who did, and saves the rest", async () => {
    const old = await intakePage(cora);
    expect(old.shown("intake.builder")).toMatch(/^[\w-]{22}$/);
    // Fern changes the builder after Cora opened the page.
    await autosave(fern, "intake.builder", "v0");
    const before = stored("intake.builder")!;

    // Cora changes only the stage, and saves the whole page as a browser without JavaScript does.
    const res = await cora.post(`/engagements/${id}/assess?index`, {
      intent: "continue",
      q: ["intake.builder", "intake.stage"],
      "a:intake.builder": "lovable",
      "v:intake.builder": old.version("intake.builder"),
      "s:intake.builder": old.shown("intake.builder")!,
      "a:intake.stage": "beta",
      "v:intake.stage": old.version("intake.stage"),
      "s:intake.stage": old.shown("intake.stage")!,
    });
    expect(res.status).toBe(302);
    expect(stored("intake.builder")).toEqual(before);
    expect(stored("intake.builder")!.value).toBe("v0");
    expect(stored("intake.stage")!.value).toBe("beta");
  });

  it("refuses a real change made on a stale copy, and a save from the page after it replaces theirs on purpose", async () => {
    const old = await intakePage(cora);
    await autosave(fern, "intake.builder", "bolt");
    const res = await cora.post(`/engagements/${id}/assess?index`, {
      intent: "continue",
      q: "intake.builder",
      "a:intake.builder": "replit",
      "v:intake.builder": old.version("intake.builder"),
      "s:intake.builder": old.shown("intake.builder")!,
    });
    expect(res.status).toBe(409);
    const html = unescape(await res.text());
    expect(html).toContain("Someone else changed this answer to “Bolt.new”");
    expect(html).toContain("after you opened the page, so yours was not saved.");
    expect(html).toContain(
      "Yours is still below: save again to put it in place of theirs, or change it first.",
    );
    expect(stored("intake.builder")!.value).toBe("bolt");
    // The page after the refusal shows Cora's choice with the current version and token.
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
    expect(html).toContain('<input type="radio" name="a:intake.builder" checked="" value="replit"/>');
    expect(field("v:intake.builder")).toBe(String(stored("intake.builder")!.version));
    const again = await cora.post(`/engagements/${id}/assess?index`, {
      intent: "continue",
      q: "intake.builder",
      "a:intake.builder": "replit",
      "v:intake.builder": field("v:intake.builder")!,
      "s:intake.builder": field("s:intake.builder")!,
    });
    expect(again.status).toBe(302);
    expect(stored("intake.builder")!.value).toBe("replit");
  });

  it("refuses an autosave on a stale copy even when it sends what the page showed", async () => {
    // With JavaScript a question is sent because it was changed (back to what the page showed,
    // after a change that did not reach the server): still a change, so still refused.
    const page = await intakePage(fern);
    expect(stored("intake.stage")!.value).toBe("beta");
    await autosave(cora, "intake.stage", "live");
    const res = await fern.post(`/engagements/${id}/assess?index`, {
      intent: "autosave",
      q: "intake.stage",
      "a:intake.stage": "beta",
      "v:intake.stage": page.version("intake.stage"),
      "s:intake.stage": page.shown("intake.stage")!,
    });
    expect(res.status).toBe(409);
    expect(stored("intake.stage")!.value).toBe("live");
  });
});
