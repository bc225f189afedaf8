import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { decode } from "turbo-stream";

import { controllingQuestions } from "~/questionnaire/questionnaire";

import { realContent, unconditional } from "./support/content";
import { addMember } from "./support/demo-server";
import { Client, createEngagement, signup, startServer, type TestServer } from "./support/server";

let server: TestServer;
const content = realContent();

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function storedAnswers(
  engagementId: string,
): Record<string, { value: unknown; version: number; note: string }> {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    const rows = db
      .prepare("select question_id, value, version, note from answers where engagement_id = ?")
      .all(engagementId) as Array<{ question_id: string; value: string; version: number; note: string }>;
    return Object.fromEntries(
      rows.map((r) => [r.question_id, { value: JSON.parse(r.value), version: r.version, note: r.note }]),
    );
  } finally {
    db.close();
  }
}

async function founderWithEngagement() {
  const founder = new Client(server.url);
  await signup(founder, `q-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`);
  const { id } = await createEngagement(founder, "Questionnaire test");
  return { founder, id };
}

const choiceQuestions = unconditional(content, ["single", "scale", "yes-no"]);
const firstArea = content.areas.find((a) => !a.applicability)!;
const areaChoice = firstArea.questions.filter(
  (q) => !q.showIf && ["single", "scale", "yes-no"].includes(q.kind),
);

describe("questionnaire pages", () => {
  it("starts at the intake and lists the applicable areas with progress", async () => {
    const { founder, id } = await founderWithEngagement();
    const res = await founder.get(`/engagements/${id}/assess`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(content.intake.title);
    const firstIntake = content.intake.questions.find((q) => !q.showIf)!;
    expect(html).toContain(`id="q-${firstIntake.id}"`);
    for (const area of content.areas.filter((a) => !a.applicability)) {
      expect(html).toContain(`href="/engagements/${id}/assess/${area.id}"`);
    }

    const areaPage = await founder.get(`/engagements/${id}/assess/${firstArea.id}`);
    expect(areaPage.status).toBe(200);
    expect(await areaPage.text()).toContain("I&#x27;m not sure");
    expect((await founder.get(`/engagements/${id}/assess/no-such-area`)).status).toBe(404);
  });

  it("saves a whole area without JavaScript and moves to the next section", async () => {
    const { founder, id } = await founderWithEngagement();
    const [q1, q2, q3] = areaChoice;
    const res = await founder.post(`/engagements/${id}/assess/${firstArea.id}`, {
      intent: "continue",
      q: [q1.id, q2.id, q3.id],
      [`a:${q1.id}`]: q1.options[0].id,
      [`a:${q2.id}`]: "unsure",
      [`a:${q3.id}`]: q3.options[1].id,
      [`note:${q1.id}`]: "Checked with our developer on Monday",
      [`v:${q1.id}`]: "0",
      [`v:${q2.id}`]: "0",
      [`v:${q3.id}`]: "0",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(new RegExp(`/engagements/${id}/assess/`));
    expect(res.headers.get("Location")).not.toBe(`/engagements/${id}/assess/${firstArea.id}`);
    const stored = storedAnswers(id);
    expect(stored[q1.id]).toMatchObject({
      value: q1.options[0].id,
      version: 1,
      note: "Checked with our developer on Monday",
    });
    expect(stored[q2.id]).toMatchObject({ value: "unsure", version: 1 });
    expect(stored[q3.id]).toMatchObject({ value: q3.options[1].id, version: 1 });

    const review = await (await founder.get(`/engagements/${id}/assess/review`)).text();
    expect(review).toContain("I&#x27;m not sure");
    expect(review).toContain("Checked with our developer on Monday");

    const later = await founder.post(`/engagements/${id}/assess/${firstArea.id}`, {
      intent: "later",
      q: q1.id,
      [`a:${q1.id}`]: q1.options[1].id,
      [`v:${q1.id}`]: "1",
    });
    expect(later.status).toBe(302);
    expect(later.headers.get("Location")).toBe(`/engagements/${id}?saved=1`);
    expect(storedAnswers(id)[q1.id]).toMatchObject({ value: q1.options[1].id, version: 2 });
  });

  it("rejects a bad option, an out-of-range number and an unknown question with 400, keeping the good answers", async () => {
    const { founder, id } = await founderWithEngagement();
    const [good, bad] = areaChoice;
    const numberQ = content.areas
      .flatMap((a) => a.questions)
      .find((q) => q.kind === "number" && q.max !== undefined && !q.showIf);
    const form: Record<string, string | string[]> = {
      intent: "continue",
      q: [good.id, bad.id, "auth.question-from-another-version"],
      [`a:${good.id}`]: good.options[0].id,
      [`a:${bad.id}`]: "definitely-not-an-option",
      "a:auth.question-from-another-version": "yes",
    };
    const res = await founder.post(`/engagements/${id}/assess/${firstArea.id}`, form);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("That choice isn&#x27;t one of this question&#x27;s options");
    expect(html).toContain("This question is not part of this page of the assessment");
    expect(html).toMatch(/2 answers need your attention/);
    const stored = storedAnswers(id);
    expect(stored[good.id]?.value).toBe(good.options[0].id);
    expect(stored[bad.id]).toBeUndefined();

    if (numberQ) {
      const area = numberQ.area;
      const r = await founder.post(`/engagements/${id}/assess/${area}`, {
        intent: "autosave",
        q: numberQ.id,
        [`a:${numberQ.id}`]: String((numberQ.max ?? 0) + 1),
      });
      expect(r.status).toBe(400);
      expect(await r.text()).toContain(`Enter a number from ${numberQ.min} to ${numberQ.max}`);
      expect(storedAnswers(id)[numberQ.id]).toBeUndefined();
    }
  });

  it("never lets concurrent autosaves of different questions overwrite each other", async () => {
    const { founder, id } = await founderWithEngagement();
    const targets = choiceQuestions.slice(0, 24);
    const responses = await Promise.all(
      targets.map((q) =>
        founder.post(`/engagements/${id}/assess/${q.area}`, {
          intent: "autosave",
          q: q.id,
          [`a:${q.id}`]: q.options[q.options.length - 1].id,
          [`v:${q.id}`]: "0",
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(targets.map(() => 200));
    const stored = storedAnswers(id);
    for (const q of targets) expect(stored[q.id]?.value).toBe(q.options[q.options.length - 1].id);
  });

  it("refuses a stale autosave with 409 and shows the current answer", async () => {
    const { founder, id } = await founderWithEngagement();
    const q = areaChoice[0];
    const first = await founder.post(`/engagements/${id}/assess/${q.area}`, {
      intent: "autosave",
      q: q.id,
      [`a:${q.id}`]: q.options[0].id,
      [`v:${q.id}`]: "0",
    });
    expect(first.status).toBe(200);
    const stale = await founder.post(`/engagements/${id}/assess/${q.area}`, {
      intent: "autosave",
      q: q.id,
      [`a:${q.id}`]: q.options[1].id,
      [`v:${q.id}`]: "0",
    });
    expect(stale.status).toBe(409);
    expect(storedAnswers(id)[q.id]).toMatchObject({ value: q.options[0].id, version: 1 });
  });

  it("asks the browser to reload the page's loaders only when an autosave changes more than its field", async () => {
    const { founder, id } = await founderWithEngagement();
    const controlling = controllingQuestions(content);
    const q = areaChoice.find((c) => !controlling.has(c.id))!;
    // What the browser's fetcher gets: the action's data, single-fetch encoded.
    const autosave = async (value: string, version: number) => {
      const res = await founder.post(`/engagements/${id}/assess/${q.area}.data`, {
        intent: "autosave",
        q: q.id,
        [`a:${q.id}`]: value,
        [`v:${q.id}`]: String(version),
      });
      expect(res.status).toBe(200);
      const decoded = await decode(res.body!);
      await decoded.done;
      return (decoded.value as { data: { ok: boolean; reload: boolean } }).data;
    };
    // A first answer changes the progress counts; replacing it with another answer changes nothing
    // but the field; the same answer again changes nothing at all.
    expect(await autosave(q.options[0].id, 0)).toMatchObject({ ok: true, reload: true });
    expect(await autosave(q.options[1].id, 1)).toMatchObject({ ok: true, reload: false });
    expect(await autosave(q.options[1].id, 2)).toMatchObject({ ok: true, reload: false });
    expect(storedAnswers(id)[q.id]).toMatchObject({ value: q.options[1].id, version: 2 });
  });

  it("lets only the founder answer; non-members get 404", async () => {
    const { id } = await founderWithEngagement();
    const stranger = new Client(server.url);
    await signup(stranger, `stranger-${Date.now()}@example.com`);
    const q = areaChoice[0];
    expect((await stranger.get(`/engagements/${id}/assess`)).status).toBe(404);
    const post = await stranger.post(`/engagements/${id}/assess/${q.area}`, {
      intent: "autosave",
      q: q.id,
      [`a:${q.id}`]: q.options[0].id,
    });
    expect(post.status).toBe(404);
    expect(storedAnswers(id)[q.id]).toBeUndefined();
  });
});

describe("answers as the estimate reads them", () => {
  const intake = (id: string) => `/engagements/${id}/assess?index`;
  const version = (id: string, q: string) => String(storedAnswers(id)[q]?.version ?? 0);
  const autosave = (founder: Client, id: string, q: string, value: string) =>
    founder.post(q.startsWith("intake.") ? intake(id) : `/engagements/${id}/assess/${q.split(".")[0]}`, {
      intent: "autosave",
      q,
      [`a:${q}`]: value,
      [`v:${q}`]: version(id, q),
    });
  /** The opening tag of the payment-provider question on the founder's intake page. */
  const providerQuestion = async (founder: Client, id: string) =>
    /<fieldset[^>]*id="q-intake\.payment-provider"[^>]*>/.exec(
      await (await founder.get(intake(id))).text(),
    )?.[0];

  it("a partner's correction to an intake answer decides which follow-ups the founder is asked", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await addMember(server, founder, id, "partner");
    const correct = (value: string) =>
      partner.post(`/engagements/${id}/assess/review`, {
        intent: "correct",
        questionId: "intake.takes-payments",
        version: version(id, "intake.takes-payments"),
        q: "intake.takes-payments",
        "a:intake.takes-payments": value,
        note: "",
      });
    expect((await autosave(founder, id, "intake.takes-payments", "no")).status).toBe(200);
    expect(await providerQuestion(founder, id)).toMatch(/\bhidden\b/);

    // The estimate now counts the provider question as open: the founder is asked it, and can answer it.
    expect((await correct("yes")).status).toBe(302);
    const shown = await providerQuestion(founder, id);
    expect(shown).toBeDefined();
    expect(shown).not.toMatch(/\bhidden\b/);
    expect((await autosave(founder, id, "intake.payment-provider", "stripe")).status).toBe(200);
    expect(storedAnswers(id)["intake.payment-provider"]?.value).toBe("stripe");

    // Corrected back to "no", the question goes, as it does for the estimate.
    expect((await correct("no")).status).toBe(302);
    expect(await providerQuestion(founder, id)).toMatch(/\bhidden\b/);
  });

  it("the review's 'Not sure' filter counts answers as corrected, as the estimate does", async () => {
    const { founder, id } = await founderWithEngagement();
    const partner = await addMember(server, founder, id, "partner");
    const [sure, unsure] = areaChoice;
    expect((await autosave(founder, id, sure.id, sure.options[0].id)).status).toBe(200);
    expect((await autosave(founder, id, unsure.id, "unsure")).status).toBe(200);
    const notSure = async () => {
      const html = (await (await partner.get(`/engagements/${id}/assess/review`)).text()).replace(
        /<!-- -->/g,
        "",
      );
      return Number(/Not sure <span class="filter-bar__count">(\d+)<\/span>/.exec(html)?.[1]);
    };
    expect(await notSure()).toBe(1);
    const correct = (q: (typeof areaChoice)[number], value: string) =>
      partner.post(`/engagements/${id}/assess/review`, {
        intent: "correct",
        questionId: q.id,
        version: version(id, q.id),
        q: q.id,
        [`a:${q.id}`]: value,
        note: "Checked in the code",
      });
    // The partner finds out the unsure one, and doubts the other: still one, but the other one.
    expect((await correct(unsure, unsure.options[0].id)).status).toBe(302);
    expect(await notSure()).toBe(0);
    expect((await correct(sure, "unsure")).status).toBe(302);
    expect(await notSure()).toBe(1);
  });

  it("an answer no longer valid for its question counts as open in the progress, as in the estimate", async () => {
    const { founder, id } = await founderWithEngagement();
    const q = areaChoice[0];
    for (const [question, value] of [
      ["intake.builder", "lovable"],
      [q.id, q.options[0].id],
    ])
      expect((await autosave(founder, id, question, value)).status).toBe(200);
    const progress = async () => {
      const html = (await (await founder.get(intake(id))).text()).replace(/<!-- -->/g, "");
      return /(\d+) of (\d+) questions/.exec(html)?.slice(1).map(Number);
    };
    const [answered, total] = (await progress())!;
    expect(answered).toBe(2);
    // An option the question bank no longer has (renamed in a content update, or imported from an
    // older version): stored, but the estimate reads the question as unanswered.
    const db = new Database(server.dbFile);
    try {
      db.prepare("update answers set value = ? where engagement_id = ? and question_id = ?").run(
        JSON.stringify("renamed-option"),
        id,
        q.id,
      );
      db.prepare("update engagements set updated_at = updated_at + 1 where id = ?").run(id);
    } finally {
      db.close();
    }
    expect(await progress()).toEqual([1, total]);
  });
});

describe("the quick path", () => {
  const essentials = content.areas.flatMap((a) => a.questions.filter((q) => q.essential));
  const unconditionalEssential = essentials.filter(
    (q) => !q.showIf && !content.areas.find((a) => a.id === q.area)!.applicability,
  );
  const payingEssentials = essentials.filter((q) => q.area === "payments");

  it("puts every area's essentials on one page, hiding those of areas that don't apply", async () => {
    const { founder, id } = await founderWithEngagement();
    expect(unconditionalEssential.length).toBeGreaterThanOrEqual(10);
    expect(payingEssentials.length).toBeGreaterThan(0);
    // From the intake, the quick path is one button away.
    const start = await founder.post(`/engagements/${id}/assess?index`, {
      intent: "essentials",
      q: "intake.takes-payments",
      "a:intake.takes-payments": "no",
      "v:intake.takes-payments": "0",
    });
    expect(start.status).toBe(302);
    // (leaving the intake with questions open: the page says how many, test/founder-flow.test.ts)
    expect(start.headers.get("Location")).toBe(`/engagements/${id}/assess/essentials?from-intake=1`);

    const html = await (await founder.get(`/engagements/${id}/assess/essentials`)).text();
    for (const q of unconditionalEssential) expect(html).toContain(`id="q-${q.id}"`);
    // Only essentials: a question that is not essential is not on the page.
    const ordinary = firstArea.questions.find((q) => !q.essential)!;
    expect(html).not.toContain(`id="q-${ordinary.id}"`);
    // Payments doesn't apply: its essentials are on the page but hidden, like on an area page.
    for (const q of payingEssentials)
      expect(html).toMatch(new RegExp(`id="q-${q.id.replace(".", "\\.")}"[^>]*hidden`));
    // Grouped under the areas' titles, and the sidebar lists the quick path with its count and time.
    expect(html).toContain(`<h3 class="assess-form__area">${firstArea.title.replace("&", "&amp;")}</h3>`);
    expect(html).toContain("Quick path: the essentials");
    // The sidebar's count is the number of essential questions the page shows.
    const count = /Quick path: the essentials.*?aria-label="0 of (\d+) answered"/.exec(html);
    const shown = [...html.matchAll(/<fieldset id="q-([\w.-]+)"([^>]*)>/g)].filter(
      (m) => !/hidden/.test(m[2]!),
    );
    expect(Number(count?.[1])).toBe(shown.length);
    expect(shown.length).toBeGreaterThanOrEqual(unconditionalEssential.length);
    expect(html).toMatch(/about \d+ min/);
    expect(html).toContain("Save and see the results");
  });

  it("saves only essential answers there, and continues to the results", async () => {
    const { founder, id } = await founderWithEngagement();
    const [q] = unconditionalEssential.filter((x) => ["single", "scale", "yes-no"].includes(x.kind));
    const ordinary = firstArea.questions.find((x) => !x.essential && !x.showIf && x.kind === "single")!;
    // A forged answer to a question the page doesn't ask is refused by name; the rest is saved.
    const forged = await founder.post(`/engagements/${id}/assess/essentials`, {
      intent: "continue",
      q: [q!.id, ordinary.id],
      [`a:${q!.id}`]: q!.options[0]!.id,
      [`v:${q!.id}`]: "0",
      [`a:${ordinary.id}`]: ordinary.options[0]!.id,
      [`v:${ordinary.id}`]: "0",
    });
    expect(forged.status).toBe(400);
    const stored = storedAnswers(id);
    expect(stored[q!.id]).toMatchObject({ value: q!.options[0]!.id, version: 1 });
    expect(stored[ordinary.id]).toBeUndefined();
    const res = await founder.post(`/engagements/${id}/assess/essentials`, {
      intent: "continue",
      q: q!.id,
      [`a:${q!.id}`]: q!.options[0]!.id,
      [`v:${q!.id}`]: "1",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/engagements/${id}/results`);
    const page = await (await founder.get(`/engagements/${id}/assess/essentials`)).text();
    expect(page).toMatch(/Quick path: the essentials.*?aria-label="1 of \d+ answered"/);
  });
});

describe("plain numbers", () => {
  it.each([
    ["2.5", "Enter a whole number, like 3: no decimals."],
    ["1e3", "Enter a whole number in digits, like 3."],
    ["2.5 users", "Enter a whole number in digits, like 3."],
  ])("refuses %j users with a clear message and keeps what was saved", async (typed, message) => {
    const { founder, id } = await founderWithEngagement();
    const q = "intake.expected-users";
    const ok = await founder.post(`/engagements/${id}/assess?index`, {
      intent: "autosave",
      q,
      [`a:${q}`]: "1,200",
      [`v:${q}`]: "0",
    });
    expect(ok.status).toBe(200);
    expect(storedAnswers(id)[q]).toMatchObject({ value: 1200, version: 1 });

    const res = await founder.post(`/engagements/${id}/assess?index`, {
      intent: "save",
      q,
      [`a:${q}`]: typed,
      [`v:${q}`]: "1",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    // The typed text is shown again to fix, in a field with a numeric keypad.
    expect(html).toContain(`value="${typed}"`);
    expect(html).toMatch(/inputMode="numeric"|inputmode="numeric"/);
    expect(storedAnswers(id)[q]).toMatchObject({ value: 1200, version: 1 });
  });
});

describe("a follow-up question an answer reveals, without JavaScript", () => {
  // The intake's first question shown only for some answers to another intake question (which
  // payment provider, once the app takes payments).
  const followUp = content.intake.questions.find(
    (q) => q.showIf && "question" in q.showIf && "in" in q.showIf,
  )!;
  const condition = followUp.showIf as { question: string; in: Array<string | number> };
  const controller = condition.question;
  const revealing = String(condition.in[0]);
  const hiding = content.questionsById.get(controller)!.options.find((o) => !condition.in.includes(o.id))!.id;
  const intake = (id: string) => `/engagements/${id}/assess`;
  // One founder, an engagement per case: signing up is rate limited.
  let founder: Client;
  beforeAll(async () => {
    founder = (await founderWithEngagement()).founder;
  });
  const engagement = async () => (await createEngagement(founder, "Follow-up test")).id;
  /** Where "Save and continue" goes once the intake is done: the next section's page. */
  const nextSection = (id: string) => new RegExp(`^/engagements/${id}/assess/[\\w-]+(\\?from-intake=1)?$`);

  /** The intake's form as a browser without JavaScript sends it: a disabled (hidden) question sends nothing. */
  async function intakeForm(id: string, intent: string, answers: Record<string, string>) {
    const html = await (await founder.get(intake(id))).text();
    const posted = [...html.matchAll(/<fieldset id="q-([\w.-]+)"([^>]*)>/g)]
      .filter((m) => !/disabled/.test(m[2]!))
      .map((m) => m[1]!);
    const versions = Object.fromEntries(
      [...html.matchAll(/name="v:([\w.-]+)" value="(\d+)"/g)].map((m) => [m[1]!, m[2]!]),
    );
    const form: Record<string, string | string[]> = { intent, q: posted };
    for (const qid of posted) {
      form[`v:${qid}`] = versions[qid] ?? "0";
      if (answers[qid] !== undefined) form[`a:${qid}`] = answers[qid];
    }
    return { posted, form };
  }

  it("stays on the section, at the new question, with a notice, instead of moving on", async () => {
    expect(followUp.id).toBeDefined();
    const id = await engagement();
    const { posted, form } = await intakeForm(id, "continue", { [controller]: revealing });
    expect(posted).toContain(controller);
    expect(posted).not.toContain(followUp.id);

    const res = await founder.post(`${intake(id)}?index`, form);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`${intake(id)}?added=1#q-${followUp.id}`);
    expect(storedAnswers(id)[controller]?.value).toBe(revealing);

    const page = await (await founder.get(`${intake(id)}?added=1`)).text();
    expect(page).toContain("Your answers added 1 question here.");
    expect(page).toMatch(
      new RegExp(`<fieldset id="q-${followUp.id.replace(".", "\\.")}"(?![^>]*hidden)[^>]*>`),
    );

    // Back on the page with the follow-up in view, the founder may skip it: now it moves on.
    const again = await intakeForm(id, "continue", {});
    expect(again.posted).toContain(followUp.id);
    const next = await founder.post(`${intake(id)}?index`, again.form);
    expect(next.status).toBe(302);
    expect(next.headers.get("Location")).toMatch(nextSection(id));
  });

  it("stays too for 'answer the essentials first', not for 'finish later'", async () => {
    const id = await engagement();
    const { form } = await intakeForm(id, "essentials", { [controller]: revealing });
    const res = await founder.post(`${intake(id)}?index`, form);
    expect(res.headers.get("Location")).toBe(`${intake(id)}?added=1#q-${followUp.id}`);

    const other = await engagement();
    const later = await intakeForm(other, "later", { [controller]: revealing });
    const left = await founder.post(`${intake(other)}?index`, later.form);
    expect(left.headers.get("Location")).toBe(`/engagements/${other}?saved=1`);
  });

  it("moves on when the founder had the follow-up on the page (JavaScript showed it) or it was answered", async () => {
    // With JavaScript the follow-up appears as the answer changes, and the form sends it, unanswered.
    const id = await engagement();
    const { form } = await intakeForm(id, "continue", { [controller]: revealing });
    form.q = [...(form.q as string[]), followUp.id];
    form[`v:${followUp.id}`] = "0";
    const res = await founder.post(`${intake(id)}?index`, form);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(nextSection(id));

    // Answered once, then hidden by another answer, then shown again: nothing new to answer.
    const other = await engagement();
    const ask = (intent: string, answers: Record<string, string>) =>
      intakeForm(other, intent, answers).then(({ form: f }) => founder.post(`${intake(other)}?index`, f));
    await ask("save", { [controller]: revealing });
    await ask("save", { [controller]: revealing, [followUp.id]: followUp.options[0]!.id });
    await ask("save", { [controller]: hiding });
    expect(storedAnswers(other)[followUp.id]?.value).toBe(followUp.options[0]!.id);
    const back = await ask("continue", { [controller]: revealing });
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toMatch(nextSection(other));
  });
});
