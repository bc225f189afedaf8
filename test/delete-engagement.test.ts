// Deleting an engagement (Settings → Delete this engagement): founders only, confirmed by typing
// its name, and then gone for everyone: every row of it in every table, and its cached PDFs on disk.
// Other engagements are untouched, and its JSON export imports it again.
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { fixtureZip } from "./support/archives";
import {
  acceptedProposal,
  addMember,
  DEMO,
  demoEngagementId,
  login,
  logTime,
  query,
} from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";
import { pdfCacheDir } from "./support/pdf-cache";

let server: TestServer;
let id: string;
let founder: Client;
let partner: Client;
let viewer: Client;
let stranger: Client;
let otherId: string;
let exported: string;

/** Every table with an engagement_id column, read from the database itself, so a new one is covered. */
function engagementTables(): string[] {
  const tables = query<{ name: string }>(server, "select name from sqlite_master where type = 'table'");
  return tables
    .map((t) => t.name)
    .filter((name) =>
      query<{ name: string }>(server, `select name from pragma_table_info(?)`, name).some(
        (c) => c.name === "engagement_id",
      ),
    );
}

/** Rows per table that belong to the engagement (its own row included). */
function rowsOf(engagementId: string): Record<string, number> {
  const counts: Record<string, number> = {
    engagements: query<{ n: number }>(
      server,
      "select count(*) n from engagements where id = ?",
      engagementId,
    )[0]!.n,
    plan_item_dependencies: query<{ n: number }>(
      server,
      "select count(*) n from plan_item_dependencies d join plan_items i on i.id = d.item_id where i.engagement_id = ?",
      engagementId,
    )[0]!.n,
  };
  for (const table of engagementTables()) {
    counts[table] = query<{ n: number }>(
      server,
      `select count(*) n from "${table}" where engagement_id = ?`,
      engagementId,
    )[0]!.n;
  }
  return counts;
}

const cacheDir = (engagementId: string) => pdfCacheDir(path.dirname(server.dbFile), engagementId);

async function upload(client: Client, pathname: string, form: FormData) {
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { Cookie: client.cookieHeader(), Origin: server.url },
  });
}

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "1000" });
  id = demoEngagementId(server);
  founder = await login(server, DEMO.founder.email);
  partner = await login(server, DEMO.partner.email);
  viewer = await addMember(server, founder, id, "viewer");
  stranger = new Client(server.url);
  await signup(stranger, `stranger-${Date.now()}@example.com`);
  // Something of every kind: a plan, an accepted proposal and its cached PDF, a comment, time logged,
  // a scan of the code with its suggestions, a pending invitation.
  await acceptedProposal(server, founder, partner, id);
  const pdf = await founder.get(`/engagements/${id}/proposals/1.pdf`);
  expect(pdf.status).toBe(200);
  await pdf.arrayBuffer();
  const item = query<{ id: string }>(
    server,
    "select id from plan_items where engagement_id = ? limit 1",
    id,
  )[0]!;
  expect(
    (
      await viewer.post(`/engagements/${id}/plan/${item.id}`, {
        intent: "comment",
        itemId: item.id,
        body: "Why?",
      })
    ).status,
  ).toBe(302);
  // Time logged on it (decision 042).
  expect((await logTime(server, partner, id, item.id, { hours: "2" })).status).toBe(302);
  const scan = new FormData();
  scan.append("intent", "upload");
  scan.append("archive", new Blob([new Uint8Array(fixtureZip("ai-built"))]), "app.zip");
  expect((await upload(founder, `/engagements/${id}/assess/code`, scan)).status).toBe(302);
  expect(
    (await founder.post(`/engagements/${id}/members`, { intent: "invite", role: "viewer" })).status,
  ).toBe(200);
  // Another engagement of the same founder, which must not be touched.
  otherId = (await createEngagement(founder, "SecondApp")).id;
  exported = await (await founder.get(`/engagements/${id}/export.json`)).text();
}, 90_000);
afterAll(async () => {
  await server?.stop();
});

describe("before anything is deleted", () => {
  it("has rows of every kind and a cached PDF, so the checks below can fail", () => {
    const rows = rowsOf(id);
    // Every table that holds engagement data, each with rows: a new table shows up here.
    expect(Object.keys(rows).sort()).toEqual(
      [
        "engagements",
        "memberships",
        "invitations",
        "answers",
        "activity",
        "plan_items",
        "plan_item_dependencies",
        "comments",
        "proposals",
        "milestones",
        "code_scans",
        "evidence_suggestions",
        "time_entries",
      ].sort(),
    );
    for (const [table, n] of Object.entries(rows)) expect(n, table).toBeGreaterThan(0);
    expect(fs.readdirSync(cacheDir(id)).filter((f) => f.endsWith(".pdf"))).toHaveLength(1);
  });

  it("shows founders, and only founders, the way in from Settings", async () => {
    const link = `href="/engagements/${id}/settings/delete"`;
    expect(await (await founder.get(`/engagements/${id}/settings`)).text()).toContain(link);
    expect(await (await partner.get(`/engagements/${id}/settings`)).text()).not.toContain(link);
    expect(await (await viewer.get(`/engagements/${id}/settings`)).text()).not.toContain(link);
  });

  it("opens the page for founders: 403 for the partner and viewers, 404 for others, login for anonymous", async () => {
    const page = `/engagements/${id}/settings/delete`;
    expect((await founder.get(page)).status).toBe(200);
    expect((await partner.get(page)).status).toBe(403);
    expect((await viewer.get(page)).status).toBe(403);
    expect((await stranger.get(page)).status).toBe(404);
    const anonymous = await new Client(server.url).get(page);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("says what goes, who else loses it, that a signed proposal goes too, and offers the export", async () => {
    const rows = rowsOf(id);
    const html = (await (await founder.get(`/engagements/${id}/settings/delete`)).text()).replace(
      /<!-- -->/g,
      "",
    );
    expect(html).toContain(`${rows.answers} answers`);
    expect(html).toContain(`the work plan (${rows.plan_items} items)`);
    expect(html).toContain("1 proposal version<");
    expect(html).toContain("1 comment<");
    // One scan is "its" suggestions; "their" is for several (below).
    expect(html).toContain("1 code scan and its suggestions<");
    expect(html).not.toContain("their suggestions");
    expect(html).toMatch(
      new RegExp(`These people lose access too: .*${DEMO.partner.name} \\(Engineering partner\\)`),
    );
    expect(html).toContain("(Viewer)");
    expect(html).not.toContain(`${DEMO.founder.name} (Founder)`);
    expect(html).toContain("Version 1 of the proposal was accepted");
    // The signed version's PDF is one click away, not only named.
    expect(html).toMatch(
      new RegExp(`<a href="/engagements/${id}/proposals/1\\.pdf"[^>]*>Download its PDF</a>`),
    );
    expect(html).toContain(`href="/engagements/${id}/export.json"`);
  });

  it("counts in the plural once there are several of a kind", async () => {
    const scan = new FormData();
    scan.append("intent", "upload");
    scan.append("archive", new Blob([new Uint8Array(fixtureZip("ai-built"))]), "app.zip");
    expect((await upload(founder, `/engagements/${id}/assess/code`, scan)).status).toBe(302);
    const html = (await (await founder.get(`/engagements/${id}/settings/delete`)).text()).replace(
      /<!-- -->/g,
      "",
    );
    expect(html).toContain("2 code scans and their suggestions<");
    expect(html).not.toContain("its suggestions");
  });

  it("refuses everyone but a founder, and a founder's post from another site, and changes nothing", async () => {
    const before = rowsOf(id);
    const body = { confirm: "CartPilot" };
    const page = `/engagements/${id}/settings/delete`;
    expect((await partner.post(page, body)).status).toBe(403);
    expect((await viewer.post(page, body)).status).toBe(403);
    expect((await stranger.post(page, body)).status).toBe(404);
    expect((await new Client(server.url).post(page, body)).status).toBe(302);
    expect((await founder.post(page, body, { Origin: "https://evil.example" })).status).toBe(403);
    expect(rowsOf(id)).toEqual(before);
  });

  it("asks for the name typed out, field by field, and deletes nothing until it is", async () => {
    const before = rowsOf(id);
    const page = `/engagements/${id}/settings/delete`;
    const cases: [string, string][] = [
      ["", "Type the project&#x27;s name, “CartPilot”, to delete it."],
      ["cartpilot", "That is not the name. Type “CartPilot” exactly as shown."],
      ["CartPilot!", "That is not the name. Type “CartPilot” exactly as shown."],
      ["x".repeat(5000), "That is not the name. Type “CartPilot” exactly as shown."],
    ];
    for (const [confirm, message] of cases) {
      const res = await founder.post(page, { confirm });
      expect(res.status, confirm).toBe(400);
      const html = await res.text();
      expect(html, confirm).toContain(message);
      expect(html, confirm).toContain('aria-invalid="true"');
    }
    expect(rowsOf(id)).toEqual(before);
  });
});

describe("deleting", () => {
  let otherBefore: Record<string, number>;
  beforeAll(async () => {
    otherBefore = rowsOf(otherId);
    // Spaces around the name are not a different name.
    const res = await founder.post(`/engagements/${id}/settings/delete`, { confirm: " CartPilot " });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/engagements?deleted=1");
  });

  it("leaves no row of the engagement in any table", () => {
    const rows = rowsOf(id);
    expect(
      Object.values(rows).every((n) => n === 0),
      JSON.stringify(rows),
    ).toBe(true);
  });

  it("deletes its cached PDFs from disk", () => {
    expect(fs.existsSync(cacheDir(id))).toBe(false);
  });

  it("leaves the founder's other engagement as it was", () => {
    expect(rowsOf(otherId)).toEqual(otherBefore);
  });

  it("is gone for every former member: 404 on its pages, absent from their lists", async () => {
    for (const who of [founder, partner, viewer]) {
      expect((await who.get(`/engagements/${id}`)).status).toBe(404);
      expect((await who.get(`/engagements/${id}/proposals/1.pdf`)).status).toBe(404);
      expect(await (await who.get("/engagements")).text()).not.toContain(`/engagements/${id}`);
    }
    const list = await (await founder.get("/engagements?deleted=1")).text();
    expect(list).toContain("The project was deleted, with everything in it, for everyone who had access.");
    expect(list).toContain(`/engagements/${otherId}`);
  });

  it("cannot be deleted twice: the second post is a 404", async () => {
    expect((await founder.post(`/engagements/${id}/settings/delete`, { confirm: "CartPilot" })).status).toBe(
      404,
    );
  });

  it("comes back from the copy the page offered: importing the export creates it again", async () => {
    const form = new FormData();
    form.set("file", new Blob([exported], { type: "application/json" }), "export.json");
    const res = await upload(founder, "/engagements/import", form);
    expect(res.status).toBe(302);
    const newId = /^\/engagements\/([^/?]+)/.exec(res.headers.get("Location") ?? "")?.[1];
    expect(newId).toBeTruthy();
    const parsed = JSON.parse(exported) as { answers: unknown[]; plan: unknown[]; proposals: unknown[] };
    const rows = rowsOf(newId!);
    expect(rows.answers).toBe(parsed.answers.length);
    expect(rows.plan_items).toBe(parsed.plan.length);
    expect(rows.proposals).toBe(parsed.proposals.length);
  });
});
