// Scanning the code again after people decided on suggestions (QA pass 2, findings 1 and 7;
// docs/decisions/012-evidence-from-code.md, "Scanning again"): a decision stands for the same answer
// on the same evidence, and only for it. New proof under an accepted answer, a rejected suggestion
// whose proof changed, and a worse answer than the accepted one are asked again. An accepted answer
// that the latest scan no longer finds anything for is said to be so wherever its evidence is shown.
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { zip } from "./support/archives";
import { addMember, query } from "./support/demo-server";
import { AI_BUILT_SUGGESTIONS } from "./support/evidence";
import { unescape } from "./support/html";
import { pdfText } from "./support/pdf-text";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ SIGNUP_RATE_LIMIT: "1000", SCAN_RATE_LIMIT: "40" });
});
afterAll(async () => {
  await server?.stop();
});

const SECRETS = "auth.secrets-in-browser";
const TESTS = "ops.automated-tests";
// The AI-built example's browser code that reads the service_role key: the worst secret it holds.
const ADMIN = "src/lib/admin.ts";

/**
 * A fixture repository as a zip, changed: files left out, replaced or added (path → text). The
 * AI-built example without src/lib/admin.ts is "the same app before someone added the admin page".
 */
function variantZip(name: string, change: { omit?: string[]; files?: Record<string, string> } = {}): Buffer {
  const dir = path.resolve("test/fixtures/repos", name);
  const files = new Map<string, Buffer | string>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full).split(path.sep).join("/"), fs.readFileSync(full));
    }
  };
  walk(dir);
  for (const omitted of change.omit ?? []) files.delete(omitted);
  for (const [file, text] of Object.entries(change.files ?? {})) files.set(file, text);
  return zip(
    [...files]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([file, data]) => ({ name: `${name}-main/${file}`, data })),
  );
}

async function founderWithEngagement() {
  const founder = new Client(server.url);
  await signup(founder, `rescan-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  const { id } = await createEngagement(founder, "Rescan test");
  return { founder, id };
}

async function upload(client: Client, id: string, file: Buffer, filename: string) {
  expect((await client.uploadCode(id, file, filename)).status).toBe(302);
}

const decide = (client: Client, id: string, decide: string) =>
  client.post(`/engagements/${id}/assess/code`, { decide, returnTo: `/engagements/${id}/assess/code` });

type Row = {
  id: string;
  question_id: string;
  option_id: string;
  status: string;
  label: string;
  evidence: string;
};
const rows = (id: string, status: string) =>
  query<Row>(
    server,
    `select s.id, s.question_id, s.option_id, s.status, c.label, s.evidence
       from evidence_suggestions s join code_scans c on c.id = s.scan_id
      where s.engagement_id = ? and s.status = ? order by s.rowid`,
    id,
    status,
  );
const only = (id: string, status: string, questionId: string) =>
  rows(id, status).filter((r) => r.question_id === questionId);
const files = (r: Row) => (JSON.parse(r.evidence) as Array<{ file: string | null }>).map((f) => f.file);
const answerOf = (id: string, questionId: string) =>
  query<{ value: string; review: string | null; version: number }>(
    server,
    "select value, review, version from answers where engagement_id = ? and question_id = ?",
    id,
    questionId,
  )[0];

const page = async (client: Client, pathname: string) => unescape(await (await client.get(pathname)).text());
/** The evidence page's card of one suggestion, from its heading to the next card. */
const card = (html: string, suggestionId: string) => {
  const from = html.indexOf(`id="s-${suggestionId}"`);
  return from < 0 ? "" : html.slice(from, html.indexOf("</article>", from));
};

describe("new evidence under an answer that rests on accepted evidence (QA pass 2, 1)", () => {
  it("is asked again, new places marked, and once accepted it is the evidence behind the answer", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, variantZip("ai-built", { omit: [ADMIN] }), "app-v1.zip");
    const [first] = only(id, "pending", SECRETS);
    expect(first.option_id).toBe("found");
    expect(files(first)).not.toContain(ADMIN);
    for (const r of rows(id, "pending")) await decide(founder, id, `accept:${r.id}`);
    const accepted = rows(id, "accepted").length;

    // The same app with a service_role key in browser code: the answer stays "found", the proof grows.
    await upload(founder, id, variantZip("ai-built"), "app-v2.zip");
    const pending = rows(id, "pending");
    expect(pending.map((r) => [r.question_id, r.option_id])).toEqual([[SECRETS, "found"]]);
    expect(files(pending[0])).toContain(ADMIN);
    expect(pending[0].label).toBe("app-v2.zip");

    const code = await page(founder, `/engagements/${id}/assess/code?done=upload`);
    expect(code).toContain(
      `1 suggestion to review (${accepted - 1} answers rest on evidence you accepted before, and are not asked again).`,
    );
    const shown = card(code, pending[0].id);
    expect(shown).toMatch(
      /Asked again: accepted before by [^<]* \(from app-v1\.zip\), and this scan's evidence is different: 1 new place \(marked New below\)\./,
    );
    // The new place, and only it, is marked.
    expect(shown.match(/>New<\/span>/g)).toHaveLength(1);
    expect(shown).toMatch(
      />New<\/span> <strong>Browser code uses the Supabase service_role key<\/strong> — <span class="evidence-list__place">src\/lib\/admin\.ts:6</,
    );

    // Under the question, the new scan's evidence is shown, open, with its buttons.
    const auth = await page(founder, `/engagements/${id}/assess/auth`);
    const panel = auth.slice(auth.indexOf(`id="suggestion-${SECRETS}-found"`));
    expect(panel.slice(0, panel.indexOf("</aside>"))).toContain(`${ADMIN}:6`);
    expect(panel).toContain("<details open");

    const before = answerOf(id, SECRETS);
    await decide(founder, id, `accept:${pending[0].id}`);
    // The answer already said it: accepting records the evidence, the answer is untouched.
    expect(answerOf(id, SECRETS)).toEqual(before);
    const after = await page(founder, `/engagements/${id}/assess/auth`);
    const question = after.slice(after.indexOf(`id="q-${SECRETS}"`));
    const backed = question.slice(question.indexOf('aria-label="Evidence from your code"'));
    expect(backed.slice(0, backed.indexOf("</aside>"))).toContain("from app-v2.zip");
    expect(backed.slice(0, backed.indexOf("</aside>"))).toContain(`${ADMIN}:6`);

    // And a third scan of the same code asks nothing: every decision stands for its evidence.
    await upload(founder, id, variantZip("ai-built"), "app-v2.zip");
    expect(rows(id, "pending")).toEqual([]);
    // The evidence shown is the newest scan's; the decisions keep their person and time.
    expect(new Set(rows(id, "accepted").map((r) => r.label))).toEqual(new Set(["app-v2.zip"]));
  });

  it("a worse answer than the accepted one comes back as a suggestion, said to be worse", async () => {
    const { founder, id } = await founderWithEngagement();
    // A clean app whose only secret sits in a .env file of the repository, not in browser code.
    const env = fs
      .readFileSync("test/fixtures/repos/ai-built/.env", "utf8")
      .split("\n")
      .filter((line) => line.startsWith("SUPABASE_SERVICE_ROLE_KEY="))
      .join("\n");
    await upload(founder, id, variantZip("clean", { files: { ".env": `${env}\n` } }), "clean.zip");
    const [better] = only(id, "pending", SECRETS);
    expect(better.option_id).toBe("in-repo");
    await decide(founder, id, `accept:${better.id}`);

    await upload(founder, id, variantZip("ai-built"), "app.zip");
    const [worse] = only(id, "pending", SECRETS);
    expect(worse.option_id).toBe("found");
    const shown = card(await page(founder, `/engagements/${id}/assess/code`), worse.id);
    expect(shown).toMatch(
      /rests on evidence [^<]* accepted \(from clean\.zip\); this scan suggests a worse answer\./,
    );
  });
});

describe("a rejected suggestion after a re-scan (QA pass 2, 7)", () => {
  it("stays rejected on the same code, even with lines moved, and no partner can accept it", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, variantZip("ai-built"), "app.zip");
    const [tests] = only(id, "pending", TESTS);
    const [secrets] = only(id, "pending", SECRETS);
    await decide(founder, id, `reject:${tests.id}`);
    await decide(founder, id, `reject:${secrets.id}`);

    // The same code, once as it was and once with a line added above every secret.
    const moved = Object.fromEntries(
      ["src/lib/ai.ts", "src/pages/Checkout.tsx", ".env", ADMIN].map((file) => [
        file,
        "\n" + fs.readFileSync(path.join("test/fixtures/repos/ai-built", file), "utf8"),
      ]),
    );
    for (const [zipped, name] of [
      [variantZip("ai-built"), "app.zip"],
      [variantZip("ai-built", { files: moved }), "app-moved.zip"],
    ] as const) {
      await upload(founder, id, zipped, name);
      const pending = rows(id, "pending").map((r) => r.question_id);
      expect(pending).toHaveLength(AI_BUILT_SUGGESTIONS.length - 2);
      expect(pending).not.toContain(TESTS);
      expect(pending).not.toContain(SECRETS);
      // One row each stays rejected: the newest scan's, so what is listed is its evidence.
      expect(rows(id, "rejected").map((r) => [r.question_id, r.label])).toEqual([
        [SECRETS, name],
        [TESTS, name],
      ]);
    }
    const code = await page(founder, `/engagements/${id}/assess/code?done=upload`);
    expect(code).toContain(
      `${AI_BUILT_SUGGESTIONS.length - 2} suggestions to review (2 suggestions you rejected before rest on the same evidence, and stay rejected).`,
    );
    expect(code.match(/badge--muted">Rejected<\/span>/g)).toHaveLength(2);
    expect(code).not.toContain(`id="s-${only(id, "rejected", TESTS)[0].id}"`);

    // The partner scans the same code: nothing of the founder's rejections to accept.
    const partner = await addMember(server, founder, id, "partner");
    await upload(partner, id, variantZip("ai-built"), "app.zip");
    expect(only(id, "pending", TESTS)).toEqual([]);
    expect((await decide(partner, id, `accept:${only(id, "rejected", TESTS)[0].id}`)).status).toBe(302);
    expect(only(id, "accepted", TESTS)).toEqual([]);
    expect(answerOf(id, TESTS)).toBeUndefined();
  });

  it("comes back, marked as rejected before, when its proof changed", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, variantZip("ai-built", { omit: [ADMIN] }), "app-v1.zip");
    const [secrets] = only(id, "pending", SECRETS);
    await decide(founder, id, `reject:${secrets.id}`);

    await upload(founder, id, variantZip("ai-built"), "app-v2.zip");
    const [back] = only(id, "pending", SECRETS);
    expect(back.option_id).toBe("found");
    const shown = card(await page(founder, `/engagements/${id}/assess/code`), back.id);
    expect(shown).toMatch(
      /Rejected before by [^<]* \(from app-v1\.zip\)\. It is back because this scan's evidence is different: 1 new place \(marked New below\)\./,
    );
    expect(shown).toContain(`${ADMIN}:6`);
  });
});

describe("an accepted answer the latest scan no longer finds", () => {
  it("is said to be so under the question, on the evidence page, in results and in the report, until a scan finds it again", async () => {
    const { founder, id } = await founderWithEngagement();
    await upload(founder, id, variantZip("ai-built"), "app.zip");
    const [secrets] = only(id, "pending", SECRETS);
    await decide(founder, id, `accept:${secrets.id}`);
    const warning = "The latest scan (app-fixed.zip) no longer finds this.";
    const listed = "No longer found in your code (1)";
    expect(await page(founder, `/engagements/${id}/assess/auth`)).not.toContain("no longer finds");

    // Every secret taken out of the code: the answer stays the founder's, but it is flagged.
    const fixed = variantZip("ai-built", {
      omit: [ADMIN, "src/lib/ai.ts", ".env", "src/pages/Checkout.tsx"],
    });
    await upload(founder, id, fixed, "app-fixed.zip");
    expect(only(id, "pending", SECRETS)).toEqual([]);
    expect(answerOf(id, SECRETS)?.value).toBe(JSON.stringify("found"));

    const auth = await page(founder, `/engagements/${id}/assess/auth`);
    const question = auth.slice(auth.indexOf(`id="q-${SECRETS}"`));
    const backed = question.slice(question.indexOf('aria-label="Evidence from your code"'));
    expect(backed.slice(0, backed.indexOf("</aside>"))).toContain(warning);
    expect(backed.slice(0, backed.indexOf("</aside>"))).toContain("from app.zip");

    const code = await page(founder, `/engagements/${id}/assess/code?done=upload`);
    expect(code).toContain("1 accepted answer no longer found (listed below)");
    const section = code.slice(code.indexOf('id="not-found"'), code.indexOf('id="decided"'));
    expect(section).toContain(listed);
    expect(section).toContain(`#q-${SECRETS}`);
    expect(section).toContain("accepted from app.zip");

    // Results and the report read it through SQLite's JSON, not the page's parse: same answer.
    const tail = "; the latest scan (app-fixed.zip) no longer finds it";
    expect(await page(founder, `/engagements/${id}/results`)).toContain(tail);
    const pdf = await founder.get(`/engagements/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    const { flat } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(flat).toContain("the latest scan (app-fixed.zip) no longer finds it");

    // The secret is back in the code: the same proof as accepted, so nothing is asked or flagged.
    await upload(founder, id, variantZip("ai-built"), "app.zip");
    expect(only(id, "pending", SECRETS)).toEqual([]);
    expect(await page(founder, `/engagements/${id}/assess/auth`)).not.toContain("no longer finds");
    expect(await page(founder, `/engagements/${id}/assess/code`)).not.toContain(listed);
    expect(await page(founder, `/engagements/${id}/results`)).not.toContain(tail);
  });
});
