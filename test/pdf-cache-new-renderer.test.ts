// A published version's PDF is cached on disk (data/pdf-cache) in a folder named by the renderer that
// made it (pdf.server.ts, `rendererId`), so a release that changes what PDFs say renders them again.
// The fixture is what a server built before decision 043 (commit 7243988, when the folder was `v3`
// and the key changed only with a layout number bumped by hand) left behind: its database, with an
// imported engagement whose version 1 is accepted, and that version's PDF as that build cached it,
// whose sign-off says "in the engagement it was exported from". Upgraded, the server must render it
// again in today's words, and remove the old folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, expect, it } from "vitest";

import { DEMO, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { startServer, type TestServer } from "./support/server";

const FIXTURE = path.resolve("test/fixtures/pdf-cache-before-043");
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-pdf-cache-before-043-"));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  // The fixture's cached copy is there before the server starts.
  expect(fs.readdirSync(path.join(dir, "pdf-cache"))).toEqual(["v3"]);
  server = await startServer({ DATABASE_URL: path.join(dir, "test.db"), PDF_RATE_LIMIT: "1000" });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("renders an imported, accepted version's PDF cached before decision 043 again, in 'project' words", async () => {
  const [{ id }] = query<{ id: string }>(
    { ...server, dbFile: path.join(dir, "test.db") },
    "select id from engagements",
  );
  const founder = await login(server, DEMO.founder.email);
  const res = await founder.get(`/engagements/${id}/proposals/1.pdf`);
  expect(res.status).toBe(200);
  const { flat } = await pdfText(new Uint8Array(await res.arrayBuffer()));
  // The sign-off's two lines about the import, as today's build words them.
  const from = flat.indexOf("The imported file records this version as accepted");
  expect(from).toBeGreaterThan(0);
  const signOff = flat.slice(from, flat.indexOf("Finishline cannot confirm who accepted it.", from));
  expect(signOff).toContain("in the project it was exported from.");
  expect(signOff).toContain("This is not a signature made in this project;");
  expect([...flat.matchAll(/.{0,40}engagement.{0,40}/gi)].map((m) => m[0])).toEqual([]);
  // Rendered again and cached in the new renderer's folder; the old one is gone.
  expect(res.headers.get("X-Cache")).not.toBe("hit");
  const folders = fs.readdirSync(path.join(dir, "pdf-cache"));
  expect(folders).toHaveLength(1);
  expect(folders[0]).toMatch(/^r-[0-9a-f]{16}$/);
  expect(fs.readdirSync(path.join(dir, "pdf-cache", folders[0]!, id!))).toHaveLength(1);
}, 60_000);
