// Decision 043 changed the words of the proposal PDF's sign-off for an imported, accepted version
// ("in the project it was exported from", "not a signature made in this project"), but a published
// version's PDF is cached on disk (data/pdf-cache) under a key that only changes with
// PDF_LAYOUT_VERSION. The fixture is the state a server built before decision 043 (commit 7243988)
// left behind: its database, with an imported engagement whose version 1 is accepted, and that
// version's PDF as that build rendered and cached it. Upgraded, the server must render it again in
// today's words, not serve the cached copy that still says "engagement".
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, expect, it } from "vitest";

import { DEMO, login, query } from "./support/demo-server";
import { pdfText } from "./support/pdf-text";
import { startServer, type TestServer } from "./support/server";

const FIXTURE = path.resolve("test/fixtures/pre-043-pdf-cache");
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-pre-043-"));
  fs.cpSync(FIXTURE, dir, { recursive: true });
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
  // The fixture's cached copy is there, and says "engagement".
  const cached = fs.readdirSync(path.join(dir, "pdf-cache", "v3", id!));
  expect(cached).toHaveLength(1);

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
}, 60_000);
