// Evidence from the code, through the real server: upload and import, suggestions, accept and
// reject by role, hostile uploads, permissions and limits. The code itself must never be stored.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import Database from "better-sqlite3";
import { extractText } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { suggestAnswers } from "../app/engine/evidence/suggest";
import { toScanFile } from "../app/engine/evidence/scan-file";
import { scanDirectory, scanStats } from "../app/evidence/scan-job.server";

import { fixtureTarGz, fixtureZip, zip } from "./support/archives";
import { realContent } from "./support/content";
import { postStream } from "./support/raw-http";
import { unwrapped } from "./support/pdf-text";
import { addMember, query } from "./support/demo-server";
import {
  AI_BUILT_NOTES,
  AI_BUILT_SUGGESTIONS,
  CLEAN_SUGGESTIONS,
  PLANTED_SECRETS,
  realRules,
} from "./support/evidence";
import { unescape } from "./support/html";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000", SCAN_RATE_LIMIT: "40" });
});
afterAll(async () => {
  await server?.stop();
});

async function founderWithEngagement(name = "Evidence test") {
  const founder = new Client(server.url);
  await signup(founder, `ev-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  const { id } = await createEngagement(founder, name);
  return { founder, id };
}

async function upload(
  client: Client,
  id: string,
  file: Buffer,
  filename: string,
  { intent = "upload", field = "archive" }: { intent?: string; field?: string } = {},
) {
  return client.uploadCode(id, file, filename, { intent, field });
}

type SuggestionRow = {
  id: string;
  question_id: string;
  option_id: string;
  confidence: string;
  status: string;
};
const suggestions = (id: string, status = "pending") =>
  query<SuggestionRow>(
    server,
    "select id, question_id, option_id, confidence, status from evidence_suggestions where engagement_id = ? and status = ? order by rowid",
    id,
    status,
  );
const answer = (id: string, questionId: string) =>
  query<{
    value: string;
    review: string | null;
    corrected_value: string | null;
    version: number;
    answered_by: string;
  }>(
    server,
    "select value, review, corrected_value, version, answered_by from answers where engagement_id = ? and question_id = ?",
    id,
    questionId,
  )[0];
const scanCount = (id: string) =>
  query<{ n: number }>(server, "select count(*) n from code_scans where engagement_id = ?", id)[0].n;

function expectedOrder(list: ReadonlyArray<readonly [string, string, string]>) {
  return list.map(([q, o, c]) => [q, o, c]);
}

describe("uploading code", () => {
  it("a founder uploads a zip: exactly the expected suggestions, stored with redacted evidence, code not kept", async () => {
    const { founder, id } = await founderWithEngagement();
    const res = await upload(founder, id, fixtureZip("ai-built"), "snackbox-main.zip");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/assess/code?done=upload#suggestions`);

    const rows = suggestions(id);
    expect(rows.map((r) => [r.question_id, r.option_id, r.confidence])).toEqual(
      expectedOrder(AI_BUILT_SUGGESTIONS),
    );

    // Only findings are stored, and no stored byte holds a planted secret or a whole source file.
    const stored = JSON.stringify(
      query(server, "select * from code_scans where engagement_id = ?", id).concat(
        query(server, "select * from evidence_suggestions where engagement_id = ?", id),
      ),
    );
    for (const secret of PLANTED_SECRETS) expect(stored).not.toContain(secret);
    expect(stored).not.toContain("Describe the snack"); // text from src/lib/ai.ts that no rule points at
    const scan = query<{ label: string; source: string; stats: string }>(
      server,
      "select label, source, stats from code_scans where engagement_id = ?",
      id,
    )[0];
    expect(scan).toMatchObject({ label: "snackbox-main.zip", source: "upload" });
    expect(JSON.parse(scan.stats)).toMatchObject({ files: 16, scanned: 16, findings: 25 });

    const page = await founder.get(`/engagements/${id}/assess/code?done=upload`);
    const html = unescape(await page.text());
    expect(html).toContain(
      `Scanned snackbox-main.zip: 25 findings, ${AI_BUILT_SUGGESTIONS.length} suggestions to review. The code itself was not kept.`,
    );
    // Findings that decide no answer are listed as notes, with nothing to accept.
    expect(html).toContain(`Also found in your code (${AI_BUILT_NOTES.length})</h2>`);
    expect(html).toContain('<h3 id="n-ops.deploy-process">');
    expect(html).toContain("No CI workflow in the code");
    expect(html).toContain("supabase/migrations/20240601000000_init.sql");
    expect(html).toContain("VITE_STRIPE_SECRET_KEY=sk_live_[REDACTED]");
    for (const secret of PLANTED_SECRETS) expect(html).not.toContain(secret);
  });

  it("a .tar.gz gives the same suggestions, and a clean app only what its code proves", async () => {
    const { founder, id } = await founderWithEngagement();
    expect((await upload(founder, id, await fixtureTarGz("ai-built"), "app.tar.gz")).status).toBe(302);
    expect(suggestions(id).map((r) => [r.question_id, r.option_id, r.confidence])).toEqual(
      expectedOrder(AI_BUILT_SUGGESTIONS),
    );
    // A new scan supersedes what was not decided yet.
    expect((await upload(founder, id, fixtureZip("clean"), "clean.zip")).status).toBe(302);
    expect(suggestions(id).map((r) => [r.question_id, r.option_id, r.confidence])).toEqual(
      expectedOrder(CLEAN_SUGGESTIONS),
    );
    expect(suggestions(id, "superseded")).toHaveLength(AI_BUILT_SUGGESTIONS.length);
  });

  it("the questionnaire shows each suggestion on its question, with its evidence", async () => {
    const { founder, id } = await founderWithEngagement();
    await founder.post(`/engagements/${id}/assess?index`, {
      intent: "save",
      q: "intake.backend",
      "a:intake.backend": "supabase",
      "v:intake.backend": "0",
    });
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const html = unescape(await (await founder.get(`/engagements/${id}/assess/auth`)).text());
    const panel = html.slice(html.indexOf('id="suggestion-auth.supabase-rls-off"'));
    expect(panel).toContain("Suggested from your code:</strong> Off on at least one table");
    expect(panel).toContain("A table is created without Row Level Security");
    expect(panel).toContain("create table public.orders (");
    expect(html).toContain('id="suggestion-auth.secrets-in-browser-found"');
    expect(html).toContain(`formaction="/engagements/${id}/assess/code"`);
  });

  it("an absence in the code is shown on its question without suggesting an answer (UX audit)", async () => {
    const { founder, id } = await founderWithEngagement();
    // "We'd see it in the hosting logs": no error tracker in the code does not make it "only if the
    // customer tells us", and no CI workflow does not make it "we press Publish in the builder".
    await founder.post(`/engagements/${id}/assess/ops`, {
      intent: "save",
      q: ["ops.error-tracking"],
      "a:ops.error-tracking": "we-look",
      "v:ops.error-tracking": "0",
    });
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const rows = suggestions(id).map((r) => [r.question_id, r.option_id]);
    expect(rows).not.toContainEqual(["ops.error-tracking", "customer-tells"]);
    expect(rows).not.toContainEqual(["ops.deploy-process", "builder-publish"]);
    expect(rows.filter(([q]) => q === "ops.error-tracking" || q === "ops.deploy-process")).toEqual([]);
    expect(answer(id, "ops.error-tracking")).toMatchObject({ value: '"we-look"' });

    const html = unescape(await (await founder.get(`/engagements/${id}/assess/ops`)).text());
    expect(html).not.toContain('id="suggestion-ops.error-tracking-');
    expect(html).not.toContain('id="suggestion-ops.deploy-process-');
    const notes = html.split('aria-label="Found in your code for “').slice(1);
    expect(notes).toHaveLength(3);
    // Each named after its question, so a screen reader's list of regions tells them apart.
    expect(new Set(notes.map((n) => n.slice(0, n.indexOf("”"))))).toHaveProperty("size", 3);
    expect(notes.join("")).toContain("No CI workflow in the code");
    expect(notes.join("")).toContain("No error tracker in the code");
    expect(notes.join("")).toContain("No security headers are set in the code");
    expect(notes.join("")).toContain("no answer suggested");
  });
});

describe("hostile and broken uploads", () => {
  let founder: Client;
  let id: string;
  beforeAll(async () => {
    ({ founder, id } = await founderWithEngagement());
  });

  it.each([
    ["not an archive", () => Buffer.from("hello"), 422, "This file is not a .zip or .tar.gz archive."],
    [
      "a zip bomb",
      () => zip([{ name: "bomb.txt", data: Buffer.alloc(20 * 1024 * 1024) }]),
      422,
      '"bomb.txt" unpacks to more than 200 times its packed size.',
    ],
    [
      "path traversal",
      () => zip([{ name: "../../evil.sh", data: "x" }]),
      422,
      'The archive contains a path that points outside it ("../../evil.sh"), so it was not read.',
    ],
    [
      "an absolute path",
      () => zip([{ name: "/etc/passwd", data: "x" }]),
      422,
      'The archive contains an absolute path ("/etc/passwd").',
    ],
    [
      "a symbolic link",
      () => zip([{ name: "link", data: "/etc/passwd", mode: 0o120777, method: "store" }]),
      422,
      'The archive contains a link ("link").',
    ],
    [
      "an encrypted entry",
      () => zip([{ name: "a.ts", data: "x", encrypted: true }]),
      422,
      '"a.ts" in the archive is password-protected.',
    ],
    [
      "a corrupt archive",
      () => fixtureZip("clean").subarray(0, 900),
      422,
      "The archive is damaged or incomplete and could not be read",
    ],
    ["an empty file", () => Buffer.alloc(0), 400, "Choose a .zip or .tar.gz file of your code."],
  ])("%s: a clear message, nothing stored", async (_, make, status, message) => {
    const dataDir = path.dirname(server.dbFile);
    const before = fs.readdirSync(dataDir).sort();
    const res = await upload(founder, id, make(), "upload.zip");
    expect(res.status).toBe(status);
    expect(unescape(await res.text())).toContain(message);
    expect(scanCount(id)).toBe(0);
    expect(fs.readdirSync(dataDir).sort()).toEqual(before);
  });

  it("an archive over 50 MB is refused from its Content-Length, unread, in the page's words, and not counted", async () => {
    const headers = {
      Cookie: [...founder.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      Origin: server.url,
      "Content-Type": "multipart/form-data; boundary=x",
    };
    // Without JavaScript (the page) and with it (Remix's .data fetch), more times than the hourly
    // scan limit allows: each is the message beside the file field, never a plain-text error page
    // and never a 429, since nothing was read or scanned.
    for (let n = 0; n < 6; n++) {
      for (const path of ["code", "code.data"]) {
        const res = await postStream(`${server.url}/engagements/${id}/assess/${path}`, {
          total: 60 * 1024 * 1024,
          headers,
        });
        expect(res.status, path).toBe(413);
        expect(unescape(res.body), path).toContain(
          "The archive is larger than 50 MB. Upload the source code only, without node_modules, build output or media files.",
        );
        expect(res.sent).toBeLessThan(1024 * 1024);
      }
    }
    expect(scanCount(id)).toBe(0);
    const res = await upload(founder, id, fixtureZip("clean"), "clean.zip");
    expect(res.status).toBe(302);
  });
});

describe("archives with nothing to read", () => {
  // A founder who already has suggestions from an earlier scan: a refused archive must not touch them.
  let founder: Client;
  let id: string;
  let before: SuggestionRow[];
  beforeAll(async () => {
    ({ founder, id } = await founderWithEngagement());
    expect((await upload(founder, id, fixtureZip("ai-built"), "app.zip")).status).toBe(302);
    before = suggestions(id);
  });

  it.each([
    [
      "an empty zip",
      () => zip([]),
      "This archive is empty: there are no files in it to read. Upload the app's source code: a .zip or .tar.gz of its repository (GitHub: Code → Download ZIP).",
    ],
    [
      "a zip holding only a binary file",
      () => zip([{ name: "logo.png", data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) }]),
      "We found no source files to read in this archive (it holds 1 file, which is binary). Upload the app's source code:",
    ],
    [
      "a zip of dependencies and build output only",
      () =>
        zip([
          { name: "app/node_modules/left-pad/index.js", data: "module.exports = 1;\n" },
          { name: "app/dist/index.js", data: "console.log(1);\n" },
          { name: "app/icon.ico", data: Buffer.from([0, 0, 1, 0]) },
        ]),
      "We found no source files to read in this archive (it holds 3 files, all binary or in folders we skip, such as node_modules or dist).",
    ],
  ])(
    "%s is refused beside the file field; nothing stored, earlier suggestions untouched",
    async (_, make, message) => {
      const res = await upload(founder, id, make(), "upload.zip");
      expect(res.status).toBe(422);
      const html = unescape(await res.text());
      expect(html.slice(html.indexOf('id="archive-error"'))).toContain(message);
      expect(scanCount(id)).toBe(1);
      expect(suggestions(id)).toEqual(before);
      expect(suggestions(id, "superseded")).toEqual([]);
    },
  );

  it("a scan file of a folder without source files is refused too", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "finishline-empty-repo-"));
    try {
      fs.mkdirSync(path.join(dir, "node_modules", "x"), { recursive: true });
      fs.writeFileSync(path.join(dir, "node_modules", "x", "index.js"), "module.exports = 1;\n");
      const job = scanDirectory(dir, realRules());
      const file = toScanFile({
        result: job.result,
        suggestions: suggestAnswers(job.result.findings, realContent()),
        source: "empty",
        stats: {
          files: job.read.files,
          scanned: job.result.stats.scanned,
          tooLarge: 0,
          binary: 0,
          ignored: 1,
          ms: 1,
        },
        scannedAt: new Date(),
      });
      // Without the check this file would still suggest "no tests", "no CI", "no error tracker".
      expect(file.findings.length).toBeGreaterThan(0);
      const res = await upload(founder, id, Buffer.from(JSON.stringify(file)), "scan.json", {
        intent: "import",
        field: "scanFile",
      });
      expect(res.status).toBe(422);
      const html = unescape(await res.text());
      expect(html.slice(html.indexOf('id="scanFile-error"'))).toContain(
        "This scan file found no source files to read, so it has nothing to suggest.",
      );
      expect(scanCount(id)).toBe(1);
      expect(suggestions(id)).toEqual(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the scans list counts in words: 1 file, not 1 files", async () => {
    const one = await founderWithEngagement();
    const res = await upload(
      one.founder,
      one.id,
      zip([{ name: "app/index.ts", data: "export const x = 1;\n" }]),
      "one.zip",
    );
    expect(res.status).toBe(302);
    const html = unescape(await (await one.founder.get(`/engagements/${one.id}/assess/code`)).text());
    const scans = html.slice(html.indexOf('id="scans"'));
    expect(scans).toMatch(/ · 1 file, \d+ findings?</);
    expect(scans).not.toContain("1 files");
  });
});

describe("who may scan and decide", () => {
  let founder: Client;
  let id: string;
  let viewer: Client;
  beforeAll(async () => {
    ({ founder, id } = await founderWithEngagement());
    viewer = await addMember(server, founder, id, "viewer");
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
  });

  it("viewers see the suggestions but cannot upload or decide (403); non-members get 404; anonymous log in", async () => {
    const page = await viewer.get(`/engagements/${id}/assess/code`);
    expect(page.status).toBe(200);
    const html = unescape(await page.text());
    expect(html).toContain(`Suggestions to review (${AI_BUILT_SUGGESTIONS.length})`);
    expect(html).not.toContain('name="archive"');

    expect((await upload(viewer, id, fixtureZip("clean"), "x.zip")).status).toBe(403);
    const first = suggestions(id)[0];
    expect(
      (await viewer.post(`/engagements/${id}/assess/code`, { decide: `accept:${first.id}` })).status,
    ).toBe(403);

    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`);
    expect((await stranger.get(`/engagements/${id}/assess/code`)).status).toBe(404);
    expect((await upload(stranger, id, fixtureZip("clean"), "x.zip")).status).toBe(404);
    expect(
      (await stranger.post(`/engagements/${id}/assess/code`, { decide: `accept:${first.id}` })).status,
    ).toBe(404);

    const anonymous = new Client(server.url);
    const res = await anonymous.get(`/engagements/${id}/assess/code`);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

    expect(scanCount(id)).toBe(1);
    expect(suggestions(id)).toHaveLength(AI_BUILT_SUGGESTIONS.length);
  });

  it("a suggestion of another engagement is not found", async () => {
    const other = await founderWithEngagement();
    await upload(other.founder, other.id, fixtureZip("clean"), "x.zip");
    const foreign = suggestions(other.id)[0];
    const res = await founder.post(`/engagements/${id}/assess/code`, { decide: `accept:${foreign.id}` });
    expect(res.status).toBe(404);
    expect(suggestions(other.id)[0].status).toBe("pending");
  });
});

describe("accepting and rejecting", () => {
  it("founder: accepting replaces “not sure” with the evidence, visibly narrows the range, and marks the answer", async () => {
    const { founder, id } = await founderWithEngagement();
    // Unsure on every question the AI-built example has evidence for.
    const ids = AI_BUILT_SUGGESTIONS.map(([q]) => q).filter((q) => !q.startsWith("intake."));
    await founder.post(`/engagements/${id}/assess?index`, {
      intent: "save",
      q: ["intake.backend", "intake.takes-payments", "intake.payment-provider"],
      "a:intake.backend": "supabase",
      "a:intake.takes-payments": "yes",
      "a:intake.payment-provider": "stripe",
      "v:intake.backend": "0",
      "v:intake.takes-payments": "0",
      "v:intake.payment-provider": "0",
    });
    for (const area of new Set(ids.map((q) => q.split(".")[0]))) {
      const inArea = ids.filter((q) => q.startsWith(`${area}.`));
      const form: Record<string, string | string[]> = { intent: "save", q: inArea };
      for (const q of inArea) {
        form[`a:${q}`] = "unsure";
        form[`v:${q}`] = "0";
      }
      expect((await founder.post(`/engagements/${id}/assess/${area}`, form)).status).toBe(302);
    }
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");

    const range = async () => {
      const html = unescape(await (await founder.get(`/engagements/${id}/assess/code`)).text());
      const [, p50, p90] =
        /Effort now, likely to cautious<\/span><span class="stat__value">([\d,]+)–([\d,]+) h/.exec(html) ??
        [];
      return { p50: Number(p50.replace(/,/g, "")), p90: Number(p90.replace(/,/g, "")) };
    };
    const before = await range();

    for (const row of suggestions(id)) {
      const res = await founder.post(`/engagements/${id}/assess/code`, {
        decide: `accept:${row.id}`,
        returnTo: `/engagements/${id}/assess/code`,
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(`/engagements/${id}/assess/code?decided=${row.id}#decision`);
    }
    expect(suggestions(id)).toEqual([]);
    expect(suggestions(id, "accepted")).toHaveLength(AI_BUILT_SUGGESTIONS.length);
    // A "select all that apply" question gets the option added; any other, the option itself.
    const bank = realContent();
    const kinds = new Map(
      [...bank.intake.questions, ...bank.areas.flatMap((a) => a.questions)].map((q) => [q.id, q.kind]),
    );
    for (const [q, option] of AI_BUILT_SUGGESTIONS)
      expect(answer(id, q).value).toBe(JSON.stringify(kinds.get(q) === "multi" ? [option] : option));

    const after = await range();
    expect(after.p90 - after.p50).toBeLessThan(before.p90 - before.p50);

    const auth = unescape(await (await founder.get(`/engagements/${id}/assess/auth`)).text());
    expect(auth).toContain("Backed by code evidence");

    // Results, the review page and the report PDF mark the evidence-backed answers.
    const results = unescape(await (await founder.get(`/engagements/${id}/results`)).text());
    expect(results).toContain(`Answers backed by your code (${AI_BUILT_SUGGESTIONS.length})`);
    expect(results).toContain(
      "A table is created without Row Level Security (supabase/migrations/20240601000000_init.sql:10)",
    );
    const review = unescape(await (await founder.get(`/engagements/${id}/assess/review`)).text());
    expect(review.split("Backed by code evidence").length - 1).toBe(AI_BUILT_SUGGESTIONS.length);
    const pdf = await founder.get(`/engagements/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    const { text } = await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true });
    // Paths may wrap after "/" and before ":line" (zero-width spaces, extracted as spaces), and long
    // names in chunks with a hyphen.
    const flat = unwrapped(text)
      .replace(/\/ /g, "/")
      .replace(/ :(\d)/g, ":$1")
      .replace(/(\S)- /g, "$1");
    expect(flat).toContain(
      "Backed by code evidence: A table is created without Row Level Security (supabase/migrations/20240601000000_init.sql:10).",
    );
    expect(flat.split("Backed by code evidence:").length - 1).toBe(AI_BUILT_SUGGESTIONS.length);
    // Accepting twice changes nothing.
    const again = await founder.post(`/engagements/${id}/assess/code`, {
      decide: `accept:${suggestions(id, "accepted")[0].id}`,
    });
    expect(again.status).toBe(302);
  });

  it("partner: accepting corrects the founder's answer, verifies a matching one, and answers an unanswered one", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await addMember(server, founder, id, "partner");
    await founder.post(`/engagements/${id}/assess/ops`, {
      intent: "save",
      q: ["ops.automated-tests", "ops.error-tracking"],
      "a:ops.automated-tests": "key-journeys",
      "a:ops.error-tracking": "customer-tells",
      "v:ops.automated-tests": "0",
      "v:ops.error-tracking": "0",
    });
    await founder.post(`/engagements/${id}/assess/auth`, {
      intent: "save",
      q: ["auth.user-content"],
      "a:auth.user-content": "rendered",
      "v:auth.user-content": "0",
    });
    await upload(partner, id, fixtureZip("ai-built"), "app.zip");
    const byQuestion = Object.fromEntries(suggestions(id).map((r) => [r.question_id, r.id]));
    for (const q of ["ops.automated-tests", "auth.user-content", "auth.secrets-in-browser"]) {
      expect(
        (await partner.post(`/engagements/${id}/assess/code`, { decide: `accept:${byQuestion[q]}` })).status,
      ).toBe(302);
    }
    expect(answer(id, "ops.automated-tests")).toMatchObject({
      value: '"key-journeys"',
      review: "corrected",
      corrected_value: '"none"',
    });
    expect(answer(id, "auth.user-content")).toMatchObject({ value: '"rendered"', review: "verified" });
    expect(answer(id, "auth.secrets-in-browser")).toMatchObject({ value: '"found"', review: null });
    // No error tracker in the code is a note, not evidence for the founder's answer: nothing to verify.
    expect(byQuestion["ops.error-tracking"]).toBeUndefined();
    expect(answer(id, "ops.error-tracking")).toMatchObject({ value: '"customer-tells"', review: null });
    const note = query<{ review_note: string }>(
      server,
      "select review_note from answers where engagement_id = ? and question_id = 'ops.automated-tests'",
      id,
    )[0].review_note;
    expect(note).toBe("Corrected by evidence from the code: No automated tests in the code");
  });

  it("a suggestion whose option the question bank no longer has is refused, and stays to decide", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const row = suggestions(id).find((r) => r.question_id === "ops.automated-tests")!;
    // As if the option was renamed in a content update since the scan.
    const db = new Database(server.dbFile);
    try {
      db.prepare("update evidence_suggestions set option_id = 'renamed-option' where id = ?").run(row.id);
    } finally {
      db.close();
    }
    const res = await founder.post(`/engagements/${id}/assess/code`, { decide: `accept:${row.id}` });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("no longer fits them. Scan the code again for current suggestions.");
    expect(answer(id, "ops.automated-tests")).toBeUndefined();
    expect(suggestions(id).map((r) => r.id)).toContain(row.id);
    // Rejecting it still works: nothing is stored from it.
    expect(
      (await founder.post(`/engagements/${id}/assess/code`, { decide: `reject:${row.id}` })).status,
    ).toBe(302);
    expect(answer(id, "ops.automated-tests")).toBeUndefined();
  });

  it("rejecting leaves the answer alone", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const row = suggestions(id).find((r) => r.question_id === "ops.automated-tests")!;
    expect(
      (await founder.post(`/engagements/${id}/assess/code`, { decide: `reject:${row.id}` })).status,
    ).toBe(302);
    expect(answer(id, "ops.automated-tests")).toBeUndefined();
    expect(suggestions(id, "rejected").map((r) => r.question_id)).toEqual(["ops.automated-tests"]);
  });
});

describe("deciding on the evidence page", () => {
  const bank = realContent();
  const words = (row: SuggestionRow) => {
    const q = bank.questionsById.get(row.question_id)!;
    return `${q.prompt} → ${q.options.find((o) => o.id === row.option_id)!.label}`;
  };
  /** The page's suggestion cards, top to bottom. */
  const cards = (html: string) => [...html.matchAll(/<h3 id="s-([A-Za-z0-9_-]+)"/g)].map((m) => m[1]);
  const decide = (client: Client, id: string, decision: string, returnTo?: string) =>
    client.post(`/engagements/${id}/assess/code`, { decide: decision, ...(returnTo ? { returnTo } : {}) });

  it("comes back to the evidence page, saying what was decided, just above the next suggestion to decide", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const page = `/engagements/${id}/assess/code`;
    const byId = new Map(suggestions(id).map((r) => [r.id, r]));
    const order = cards(unescape(await (await founder.get(page)).text()));
    const n = AI_BUILT_SUGGESTIONS.length;
    expect(order).toHaveLength(n);

    // Accept the second card: back on this page (no `#q-` anchor, which only questionnaire pages
    // have), the status line right above the third card, which is now the second.
    const res = await decide(founder, id, `accept:${order[1]}`, page);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${page}?decided=${order[1]}#decision`);
    let html = unescape(await (await founder.get(res.headers.get("Location")!.split("#")[0])).text());
    expect(html).toContain(
      `<div id="decision" class="alert alert--ok" role="status">Accepted: ${words(byId.get(order[1])!)}. ${n - 1} left to review.</div>`,
    );
    expect(cards(html)).toEqual(order.filter((s) => s !== order[1]));
    expect(html.indexOf('id="decision"')).toBeGreaterThan(html.indexOf(`id="s-${order[0]}"`));
    expect(html.indexOf('id="decision"')).toBeLessThan(html.indexOf(`id="s-${order[2]}"`));

    // Reject the last card: nothing below it, so the line stands above the first one left.
    const last = order[n - 1];
    const rejected = await decide(founder, id, `reject:${last}`, page);
    expect(rejected.headers.get("Location")).toBe(`${page}?decided=${last}#decision`);
    html = unescape(await (await founder.get(`${page}?decided=${last}`)).text());
    expect(html).toContain(
      `role="status">Rejected: ${words(byId.get(last)!)}. The answer was not changed. ${n - 2} left to review.</div>`,
    );
    expect(html.indexOf('id="decision"')).toBeLessThan(html.indexOf(`id="s-${order[0]}"`));
    expect(html.indexOf('id="decision"')).toBeGreaterThan(html.indexOf('id="suggestions"'));

    // Without a returnTo the decision is from this page too; one decided twice changes nothing.
    expect((await decide(founder, id, `accept:${order[0]}`)).headers.get("Location")).toBe(
      `${page}?decided=${order[0]}#decision`,
    );
    expect((await decide(founder, id, `reject:${order[0]}`)).headers.get("Location")).toBe(
      `${page}#suggestions`,
    );
    expect(
      suggestions(id, "accepted")
        .map((r) => r.id)
        .sort(),
    ).toEqual([order[0], order[1]].sort());

    // A questionnaire page still gets its question back.
    const checks = suggestions(id).find((r) => r.question_id === "data.server-checks")!;
    const fromQuestionnaire = await decide(
      founder,
      id,
      `accept:${checks.id}`,
      `/engagements/${id}/assess/data`,
    );
    expect(fromQuestionnaire.headers.get("Location")).toBe(
      `/engagements/${id}/assess/data#q-data.server-checks`,
    );

    // The last one: the line says so, under the list's heading.
    for (const row of suggestions(id)) await decide(founder, id, `reject:${row.id}`, page);
    const lastRow = suggestions(id, "rejected").at(-1)!;
    html = unescape(await (await founder.get(`${page}?decided=${lastRow.id}`)).text());
    expect(html).toContain("Suggestions to review (0)</h2>");
    expect(html).toMatch(/role="status">Rejected: [^<]+ Nothing left to review\.<\/div>/);
    // A stale or foreign id in the address says nothing.
    html = unescape(await (await founder.get(`${page}?decided=nope`)).text());
    expect(html).not.toContain('id="decision"');
  });

  it("the effort card says likely to cautious, and when accepting would change nothing says so once", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const page = `/engagements/${id}/assess/code`;
    const card = async () => {
      const html = unescape(await (await founder.get(page)).text());
      return html.slice(html.indexOf('aria-label="Effort range"'), html.indexOf('id="suggestions"'));
    };
    let range = await card();
    expect(range).toMatch(/Effort now, likely to cautious<\/span><span class="stat__value">[\d,]+–[\d,]+ h</);
    expect(range).toContain("If you accept every suggestion");
    expect(range).toContain(
      "Likely: half of the simulated outcomes come in below it. Cautious: 9 in 10 come in below it.",
    );
    expect(range).not.toMatch(/P10|P90/);

    // The founder answered everything the scan suggests before scanning (by hand, so no evidence
    // backs the answers yet): the suggestions say what the answers already say, and accepting
    // them would change nothing.
    const fresh = await founderWithEngagement();
    const content = realContent();
    await fresh.founder.post(`/engagements/${fresh.id}/assess?index`, {
      intent: "autosave",
      q: "intake.takes-payments",
      "a:intake.takes-payments": "yes",
      "v:intake.takes-payments": "0",
    });
    for (const [qid, option] of AI_BUILT_SUGGESTIONS) {
      const q = content.questionsById.get(qid)!;
      const where = q.area === "intake" ? "?index" : `/${q.area}`;
      const res = await fresh.founder.post(`/engagements/${fresh.id}/assess${where}`, {
        intent: "autosave",
        q: qid,
        [`a:${qid}`]: option,
        [`v:${qid}`]: "0",
      });
      expect(res.status, qid).toBe(200);
    }
    await upload(fresh.founder, fresh.id, fixtureZip("ai-built"), "app.zip");
    expect(suggestions(fresh.id)).toHaveLength(AI_BUILT_SUGGESTIONS.length);
    const html = unescape(await (await fresh.founder.get(`/engagements/${fresh.id}/assess/code`)).text());
    range = html.slice(html.indexOf('aria-label="Effort range"'), html.indexOf('id="suggestions"'));
    expect(range).toContain("Accepting the suggestions to review would not change the estimate.");
    expect(range).not.toContain("If you accept every suggestion");
    const [figure] = /[\d,]+–[\d,]+ h/.exec(range)!;
    expect(range.split(figure).length - 1).toBe(1);
  });

  it("previews what accepting every suggestion gives, a partner's correction of a multiple choice included", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await addMember(server, founder, id, "partner");
    const q = "data.server-checks"; // select all that apply; the scan suggests "injection"
    // The founder ticks one statement; the partner corrects the answer to two others.
    await founder.post(`/engagements/${id}/assess/data`, {
      intent: "autosave",
      q,
      [`a:${q}`]: "form-only",
      [`v:${q}`]: "0",
    });
    const corrected = await partner.post(`/engagements/${id}/assess/review`, {
      intent: "correct",
      questionId: q,
      version: String(answer(id, q).version),
      q,
      [`a:${q}`]: ["some-server", "fail-open"],
      note: "",
    });
    expect(corrected.status).toBe(302);
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    const page = `/engagements/${id}/assess/code`;
    const figures = async () => {
      const html = unescape(await (await founder.get(page)).text());
      const card = html.slice(html.indexOf('aria-label="Effort range"'), html.indexOf('id="suggestions"'));
      return [...card.matchAll(/<span class="stat__value">([^<]+)<\/span>/g)].map((m) => m[1]);
    };
    const [, ifAccepted] = await figures();
    expect(ifAccepted).toMatch(/^[\d,]+–[\d,]+ h$/);

    for (const row of suggestions(id)) await decide(founder, id, `accept:${row.id}`);
    // The founder's accept changes their own answer, which drops the partner's correction.
    expect(answer(id, q)).toMatchObject({ value: '["form-only","injection"]', review: null });
    expect(await figures()).toEqual([ifAccepted]);
  });

  it("a scan of the same code does not ask again about answers that rest on evidence accepted before", async () => {
    const { founder, id } = await founderWithEngagement();
    const page = `/engagements/${id}/assess/code`;
    await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    for (const row of suggestions(id)) await decide(founder, id, `accept:${row.id}`, page);
    expect(suggestions(id, "accepted")).toHaveLength(AI_BUILT_SUGGESTIONS.length);

    const res = await upload(founder, id, fixtureZip("ai-built"), "app.zip");
    expect(res.status).toBe(302);
    expect(scanCount(id)).toBe(2);
    expect(suggestions(id)).toHaveLength(0);
    const html = unescape(await (await founder.get(`${page}?done=upload`)).text());
    expect(html).toContain(
      `0 suggestions to review (${AI_BUILT_SUGGESTIONS.length} answers rest on evidence you accepted before, and are not asked again).`,
    );
    // The question pages keep their mark: nothing pending took its place.
    const ops = unescape(await (await founder.get(`/engagements/${id}/assess/ops`)).text());
    expect(ops).toContain("Backed by code evidence");
    expect(ops).not.toContain("Accept suggestion");
  });
});

describe("importing a scan file from the CLI", () => {
  const scanFileOf = (dir: string) => {
    const job = scanDirectory(dir, realRules());
    const file = toScanFile({
      result: job.result,
      suggestions: suggestAnswers(job.result.findings, realContent()),
      source: path.basename(dir),
      // As `npm run scan -- DIR --json` writes them.
      stats: scanStats(job),
      scannedAt: new Date(),
    });
    return file;
  };

  it("gives the same suggestions as an upload of the same code", async () => {
    const { founder, id } = await founderWithEngagement();
    const file = Buffer.from(JSON.stringify(scanFileOf("test/fixtures/repos/ai-built")));
    const res = await upload(founder, id, file, "scan.json", { intent: "import", field: "scanFile" });
    expect(res.status).toBe(302);
    expect(suggestions(id).map((r) => [r.question_id, r.option_id, r.confidence])).toEqual(
      expectedOrder(AI_BUILT_SUGGESTIONS),
    );
    expect(query(server, "select source, label from code_scans where engagement_id = ?", id)).toEqual([
      { source: "import", label: "ai-built (scan file)" },
    ]);
  });

  it("trusts only places and rule ids: texts come from the server's rules, excerpts are redacted again", async () => {
    const { founder, id } = await founderWithEngagement();
    const file = scanFileOf("test/fixtures/repos/clean");
    file.findings = [
      {
        ...file.findings[0],
        title: "Totally legit",
        explanation: "<script>alert(1)</script>",
        excerpt: "KEY=sk_live_abcdefghijklmnopqrstuvwx",
      },
      { ...file.findings[0], ruleId: "no-such-rule" },
    ];
    const res = await upload(founder, id, Buffer.from(JSON.stringify(file)), "scan.json", {
      intent: "import",
      field: "scanFile",
    });
    expect(res.status).toBe(302);
    const stored = query<{ findings: string; stats: string }>(
      server,
      "select findings, stats from code_scans where engagement_id = ?",
      id,
    )[0];
    const findings = JSON.parse(stored.findings) as Array<{
      title: string;
      explanation: string;
      excerpt: string;
    }>;
    expect(findings).toHaveLength(1);
    expect(findings[0].title).toBe("Paid API calls are rate-limited");
    expect(findings[0].explanation).not.toContain("<script>");
    expect(findings[0].excerpt).toBe("KEY=sk_live_[REDACTED]");
    expect(JSON.parse(stored.stats)).toMatchObject({ unknownRules: 1, findings: 1 });
  });

  it.each([
    ["not JSON", "{nope", "This file is not JSON."],
    ["another JSON file", JSON.stringify({ hello: "world" }), "This is not a Finishline scan file"],
  ])("refuses %s with a clear message", async (_, text, message) => {
    const { founder, id } = await founderWithEngagement();
    const res = await upload(founder, id, Buffer.from(text), "scan.json", {
      intent: "import",
      field: "scanFile",
    });
    expect(res.status).toBe(400);
    expect(unescape(await res.text())).toContain(message);
    expect(scanCount(id)).toBe(0);
  });
});

describe("one scan at a time per user", () => {
  it("a second upload while the first is scanning is refused with a message; another user's is not", async () => {
    // Big enough that the first scan is still going when the others arrive: 3,000 small files.
    const archive = zip(
      Array.from({ length: 3_000 }, (_, i) => ({
        name: `app/src/file-${i}.ts`,
        data: `export const value${i} = ${i};\n`.repeat(40),
      })),
    );
    const { founder, id } = await founderWithEngagement("Twice at once");
    const other = await founderWithEngagement("Someone else");
    const [a, b, c] = await Promise.all([
      upload(founder, id, archive, "a.zip"),
      upload(founder, id, archive, "b.zip"),
      upload(other.founder, other.id, archive, "c.zip"),
    ]);
    const mine = [a, b].sort((x, y) => x.status - y.status);
    expect(mine.map((r) => r.status)).toEqual([302, 429]);
    expect(Number(mine[1]!.headers.get("Retry-After"))).toBeGreaterThan(0);
    const html = unescape(await mine[1]!.text());
    expect(html.slice(html.indexOf('id="archive-error"'))).toContain(
      "One of your scans is still running. Wait for it to finish, then try again.",
    );
    expect(c.status).toBe(302);
    expect(scanCount(id)).toBe(1);
    expect(scanCount(other.id)).toBe(1);
    // Once it is done, the next one runs.
    expect((await upload(founder, id, fixtureZip("clean"), "d.zip")).status).toBe(302);
  });
});

describe("rate limit", () => {
  it("refuses uploads over the hourly limit with 429 and Retry-After", async () => {
    const limited = await startServer({ SCAN_RATE_LIMIT: "2" });
    try {
      const founder = new Client(limited.url);
      await signup(founder, `rl-${Date.now()}@example.com`);
      const { id } = await createEngagement(founder, "Rate limited");
      const send = (file: Buffer | string = fixtureZip("clean"), name = "app.zip") =>
        founder.uploadCode(id, file, name);
      // Wrong files cost no scan: not an archive, an empty one, one with a path outside it, and
      // no file at all (QA pass 2: four of them locked a founder out for most of an hour).
      expect((await send("not a zip", "x.zip")).status).toBe(422);
      expect((await send(zip([]), "empty.zip")).status).toBe(422);
      expect((await send(zip([{ name: "../../etc/passwd", data: "x" }]), "evil.zip")).status).toBe(422);
      expect((await send("", "none.zip")).status).toBe(400);
      // Real scans count.
      expect((await send()).status).toBe(302);
      expect((await send()).status).toBe(302);
      const third = await send();
      expect(third.status).toBe(429);
      const retryAfter = Number(third.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // The page itself, with the wait in minutes beside the file field: not an error page.
      const message = `You can scan 2 times an hour. Try again in about ${Math.ceil(retryAfter / 60)} minutes.`;
      const html = unescape(await third.text());
      expect(html.slice(html.indexOf('id="archive-error"'))).toContain(message);
      expect(html).not.toContain("Too many attempts");
      expect(html).toContain('name="archive"');

      // Importing a scan file shares the limit: the message goes beside its own field. And with
      // JavaScript (Remix's .data fetch) the same refusal, as data for the page.
      const cookie = [...founder.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const post = (url: string) => {
        const form = new FormData();
        form.append("intent", "import");
        form.append("scanFile", new Blob(["{}"]), "scan.json");
        return fetch(url, { method: "POST", body: form, headers: { Cookie: cookie, Origin: limited.url } });
      };
      const imported = await post(`${limited.url}/engagements/${id}/assess/code?form=import`);
      expect(imported.status).toBe(429);
      expect(Number(imported.headers.get("Retry-After"))).toBeGreaterThan(3500);
      const importHtml = unescape(await imported.text());
      expect(importHtml.slice(importHtml.indexOf('id="scanFile-error"'))).toContain(
        "You can scan 2 times an hour.",
      );
      expect(importHtml).not.toContain('id="archive-error"');
      const fetched = await post(`${limited.url}/engagements/${id}/assess/code.data?form=import`);
      expect(fetched.status).toBe(429);
      expect(Number(fetched.headers.get("Retry-After"))).toBeGreaterThan(3500);
      const body = await fetched.text();
      expect(body).toContain("You can scan 2 times an hour. Try again in about");
      expect(body).toContain("scanFile");
    } finally {
      await limited.stop();
    }
  });
});
