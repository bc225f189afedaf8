// Values an exported file may carry only if the app itself would accept them (QA: an export edited by
// hand imported a currency "QQQ" and answers to options that do not exist, without a word). Over
// HTTP against the real server, with the real export of the seeded demo engagement: each bad value
// is refused with 400, its path and reason in plain words, and nothing is created.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO, demoEngagementId, login, query } from "./support/demo-server";
import { Client, signup, startServer, type TestServer } from "./support/server";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: TestServer;
let exported: Json;

beforeAll(async () => {
  server = await startServer({ SEED_DEMO: "true", SIGNUP_RATE_LIMIT: "10000", LOGIN_RATE_LIMIT: "10000" });
  const id = demoEngagementId(server);
  // A plan and a published proposal, so the file has every part to get wrong.
  const partner = await login(server, DEMO.partner.email);
  expect((await partner.post(`/engagements/${id}/plan`, { intent: "generate" })).status).toBe(302);
  const published = await partner.post(`/engagements/${id}/proposals`, { assumptions: "a", exclusions: "b" });
  expect(published.status).toBe(302);
  const founder = await login(server, DEMO.founder.email);
  exported = await (await founder.get(`/engagements/${id}/export.json`)).json();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const clone = (): Json => structuredClone(exported);
const engagements = () => query<{ n: number }>(server, "select count(*) as n from engagements")[0]!.n;
const unescape = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Imports `file` as a new user (10 imports an hour each): the status, the page's text, and the new id. */
async function importFile(file: string | Json) {
  const importer = new Client(server.url);
  await signup(importer, `import-values-${Date.now()}-${Math.random()}@example.com`);
  const res = await importer.importFile(typeof file === "string" ? file : JSON.stringify(file));
  const html = unescape(await res.text());
  return { status: res.status, html, id: res.headers.get("Location")?.split("/").pop() ?? null, importer };
}

/** Refused with 400, `message` on the page (whole, when a string), and no engagement created. */
async function expectRefused(file: string | Json, message: string | RegExp) {
  const before = engagements();
  const { status, html } = await importFile(file);
  expect(status, html.slice(0, 300)).toBe(400);
  if (typeof message === "string") expect(html).toContain(message);
  else expect(html).toMatch(message);
  expect(engagements()).toBe(before);
  return html;
}

const EXPORT_VALUE = "This export has a value Finishline can't use: ";

/** The index of `questionId` among the file's answers. */
function answerAt(data: Json, questionId: string): number {
  const i = (data.answers as Json[]).findIndex((a) => a.questionId === questionId);
  expect(i, questionId).toBeGreaterThanOrEqual(0);
  return i;
}

describe("the export's own round trip", () => {
  it("imports unchanged: every answer of the demo fits the question bank", async () => {
    const { status, html } = await importFile(clone());
    expect(status, html.slice(0, 300)).toBe(302);
  });
});

describe("engagement settings: the settings form's rules", () => {
  it("refuses a currency the app does not offer, with the path and the reason", async () => {
    const data = clone();
    data.engagement.currency = "QQQ";
    await expectRefused(
      data,
      `${EXPORT_VALUE}engagement.currency: "QQQ" is not a currency Finishline offers (use a three-letter ISO 4217 code, like USD or EUR).`,
    );
    const lower = clone();
    lower.engagement.currency = "usd";
    await expectRefused(lower, `engagement.currency: "usd" is not a currency Finishline offers`);
  });

  it("refuses a proposal snapshot priced in a currency the app does not offer", async () => {
    const data = clone();
    data.proposals[0].snapshot.settings.currency = "QQQ";
    await expectRefused(
      data,
      `${EXPORT_VALUE}proposals[0].snapshot.settings.currency: "QQQ" is not a currency Finishline offers`,
    );
  });

  it("refuses rate, team size and capacity the settings form would refuse, in its limits", async () => {
    const cases: Array<[string, unknown, string]> = [
      ["hourlyRate", 10_001, "engagement.hourlyRate must be at most 10,000."],
      ["hourlyRate", 0.5, "engagement.hourlyRate must be at least 1."],
      ["hourlyRate", 95.125, "engagement.hourlyRate must have at most 2 decimal places."],
      ["hourlyRate", "95", "engagement.hourlyRate must be a number, not text."],
      ["teamSize", 2.5, "engagement.teamSize must be a whole number."],
      ["teamSize", 51, "engagement.teamSize must be at most 50."],
      ["weeklyCapacity", 30.25, "engagement.weeklyCapacity must have at most one decimal place."],
      ["weeklyCapacity", 81, "engagement.weeklyCapacity must be at most 80."],
    ];
    for (const [field, value, reason] of cases) {
      const data = clone();
      data.engagement[field] = value;
      await expectRefused(data, `${EXPORT_VALUE}${reason}`);
    }
  });

  it("refuses a builder or stage the intake does not offer (files from before the intake)", async () => {
    const builder = clone();
    builder.engagement.builtWith = "notion";
    await expectRefused(
      builder,
      /engagement\.builtWith must be one of "lovable", "bolt", .*, not "notion"\./,
    );
    const stage = clone();
    stage.engagement.stage = "someday";
    await expectRefused(stage, /engagement\.stage must be one of "idea", .*, not "someday"\./);
  });
});

describe("answers: the questionnaire's own check (app/engine/answers.ts)", () => {
  it("refuses an answer to a question the bank does not have", async () => {
    const data = clone();
    data.answers[3].questionId = "payments.nope";
    await expectRefused(
      data,
      `${EXPORT_VALUE}answers[3].questionId: there is no question "payments.nope" in this Finishline's question bank.`,
    );
  });

  it("refuses an option the question does not have, naming the question and its options", async () => {
    const data = clone();
    const i = answerAt(data, "payments.double-charge");
    data.answers[i].value = "maybe";
    await expectRefused(
      data,
      new RegExp(
        `This export has a value Finishline can't use: answers\\[${i}\\]\\.value: "maybe" is not an option of "payments\\.double-charge" \\(options: [a-z-]+(, [a-z-]+)+\\)\\.`,
      ),
    );
    const multi = clone();
    const j = answerAt(multi, "auth.session-problems");
    multi.answers[j].value = ["second-device", "made-up"];
    await expectRefused(multi, `answers[${j}].value: "made-up" is not an option of "auth.session-problems"`);
  });

  it("refuses numbers out of range and values of the wrong kind", async () => {
    const range = clone();
    const i = answerAt(range, "intake.outside-services");
    range.answers[i].value = 51;
    await expectRefused(
      range,
      `answers[${i}].value: 51 is outside the allowed range 0..50 (question "intake.outside-services").`,
    );
    const text = clone();
    const j = answerAt(text, "intake.expected-users");
    text.answers[j].value = "lots";
    await expectRefused(
      text,
      `answers[${j}].value: expected a number, got "lots" (question "intake.expected-users")`,
    );
    const single = clone();
    const k = answerAt(single, "payments.double-charge");
    single.answers[k].value = ["seen"];
    await expectRefused(single, `answers[${k}].value: expected one option id (a string), got a list`);
    const na = clone();
    const n = answerAt(na, "intake.builder");
    na.answers[n].value = "not-applicable";
    await expectRefused(na, `answers[${n}].value: "not-applicable" is not allowed for "intake.builder".`);
  });

  it("refuses a partner's correction that is not valid for its question", async () => {
    const data = clone();
    const i = answerAt(data, "payments.double-charge");
    Object.assign(data.answers[i], { review: "corrected", correctedValue: "never-ever", reviewNote: "" });
    await expectRefused(
      data,
      `answers[${i}].correctedValue: "never-ever" is not an option of "payments.double-charge"`,
    );
  });

  it("keeps an answer made against another version of the question bank, as stored answers are kept", async () => {
    // An export from before a deploy may answer a question since removed: the app keeps such
    // answers (old assessments stay readable) and reads them as unanswered; so does the import.
    const data = clone();
    const old = {
      ...data.answers[0],
      questionId: "payments.retired-question",
      contentVersion: "000000000000",
    };
    data.answers.push(old);
    const { status, id, html } = await importFile(data);
    expect(status, html.slice(0, 300)).toBe(302);
    const rows = query<{ question_id: string; content_version: string }>(
      server,
      "select question_id, content_version from answers where engagement_id = ? order by question_id",
      id,
    );
    expect(rows).toContainEqual({
      question_id: "payments.retired-question",
      content_version: "000000000000",
    });
    expect(rows).toHaveLength(data.answers.length);
  });
});

describe("messages: an export with a bad value is called one, and problems are listed briefly", () => {
  it("does not claim an export is not one because of one value", async () => {
    const data = clone();
    data.engagement.hourlyRate = 20_000;
    const html = await expectRefused(data, `${EXPORT_VALUE}engagement.hourlyRate must be at most 10,000.`);
    expect(html).not.toContain("not a Finishline project export");
    expect(html).not.toMatch(/Number must be|less than or equal/);
  });

  it("lists at most three problems, then how many more", async () => {
    const data = clone();
    for (const i of [0, 1, 2, 3, 4]) data.answers[i].questionId = `nope.q${i}`;
    const html = await expectRefused(
      data,
      /This export has values Finishline can't use: answers\[0\]\.questionId: there is no question "nope\.q0" in this Finishline's question bank; answers\[1\]\.questionId: [^;]+; answers\[2\]\.questionId: [^;]+; and 2 more\./,
    );
    expect(html).not.toContain("nope.q3");
  });

  it("words missing fields, unknown fields and wrong types in plain words", async () => {
    const missing = clone();
    delete missing.engagement.teamSize;
    await expectRefused(missing, `${EXPORT_VALUE}engagement.teamSize is missing.`);
    const extra = clone();
    extra.plan[0].colour = "red";
    await expectRefused(extra, `${EXPORT_VALUE}plan[0] has a field Finishline does not know: "colour".`);
    const order = clone();
    order.plan[0].estimate = { optimistic: 5, likely: 3, pessimistic: 9 };
    await expectRefused(
      order,
      `${EXPORT_VALUE}plan[0].estimate must be in order: optimistic ≤ likely ≤ pessimistic.`,
    );
  });

  it("keeps “not a Finishline engagement export” for files that are not one", async () => {
    for (const file of [
      JSON.stringify({ hello: "world" }),
      "[]",
      '"text"',
      JSON.stringify({ format: "other" }),
    ]) {
      await expectRefused(file, "That file is not a Finishline project export.");
    }
    const later = clone();
    later.version = 2;
    await expectRefused(
      later,
      "This export is in version 2 of the export format; this Finishline reads version 1.",
    );
  });
});

describe("comments: what their form refuses does not come back in through a file", () => {
  it("imports a comment without its control and format characters, and refuses one made of nothing else", async () => {
    const data = clone();
    const questionId = data.answers[0].questionId as string;
    const author = data.members?.[0]?.email ?? DEMO.founder.email;
    // As a comment stored before 6 December may be exported: an ESC sequence and a right-to-left override.
    data.comments = [
      {
        targetType: "question",
        target: questionId,
        author,
        body: "Checked\u001b[2J the \u202Edashboard\u0000,\nall good.",
        createdAt: Date.now(),
      },
    ];
    const { status, html, id } = await importFile(data);
    expect(status, html.slice(0, 300)).toBe(302);
    const bodies = query<{ body: string }>(server, "select body from comments where engagement_id = ?", id);
    expect(bodies.map((b) => b.body)).toEqual(["Checked[2J the dashboard,\nall good."]);

    const empty = clone();
    empty.comments = [{ ...data.comments[0], body: "\u001b\u202E\u0007" }];
    await expectRefused(empty, `${EXPORT_VALUE}comments[0].body: a comment of control characters only.`);
  });
});
