// What a change of an answer stores, on a real SQLite file: every field of the new answer (not only
// its value), the review of the old one gone, and a version that no earlier page can still match.
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { listAnswers, reviewAnswer, saveAnswers, type AnswerInput } from "../app/models/answer.server";
import { createEngagement } from "../app/models/engagement.server";
import { createUser } from "../app/models/user.server";
import { db } from "../db/connection.server";

let n = 0;
const user = (name: string) =>
  createUser({ email: `answers-${++n}-${Date.now()}@example.com`, password: "x".repeat(12), name });

async function setup() {
  const maya = await user("Maya");
  const ines = await user("Ines");
  const shop = await createEngagement({
    userId: maya.id,
    name: "Shop",
    description: "",
    contentVersion: "v1",
  });
  const save = (
    userId: string,
    input: Partial<AnswerInput> & { baseVersion: number },
    contentVersion = "v1",
  ) =>
    saveAnswers({
      engagementId: shop.id,
      userId,
      contentVersion,
      inputs: [{ questionId: "auth.rls", value: "yes", note: "", notApplicableReason: null, ...input }],
    });
  const stored = async () =>
    (await listAnswers({ engagementId: shop.id })).find((a) => a.questionId === "auth.rls");
  return { maya, ines, shop, save, stored };
}

describe("changing an answer", () => {
  it("stores the new note, reason, author, time and content version, not only the value", async () => {
    const { maya, ines, save, stored } = await setup();
    await save(maya.id, {
      value: "not-applicable",
      notApplicableReason: "We store no personal data",
      note: "first",
      baseVersion: 0,
    });
    const first = (await stored())!;
    expect(first).toMatchObject({
      answeredByName: "Maya",
      notApplicableReason: "We store no personal data",
      version: 1,
    });

    await new Promise((r) => setTimeout(r, 5));
    const result = await save(
      ines.id,
      { value: "no", note: "second", notApplicableReason: null, baseVersion: 1 },
      "v2",
    );
    expect(result.conflicts).toEqual([]);
    const second = (await stored())!;
    expect(second).toMatchObject({
      value: "no",
      note: "second",
      notApplicableReason: null,
      answeredByName: "Ines",
      contentVersion: "v2",
      version: 2,
    });
    expect(second.answeredAt).toBeGreaterThan(first.answeredAt);
  });

  it("drops the whole review of the old answer: no correction, note or reviewer left behind", async () => {
    const { maya, ines, shop, save, stored } = await setup();
    await save(maya.id, { value: "yes", baseVersion: 0 });
    const reviewed = await reviewAnswer({
      engagementId: shop.id,
      questionId: "auth.rls",
      userId: ines.id,
      version: 1,
      review: "corrected",
      correctedValue: "no",
      note: "RLS is off on 3 tables",
    });
    expect(reviewed).toEqual({ ok: true, version: 2 });
    expect(await stored()).toMatchObject({
      review: "corrected",
      correctedValue: "no",
      reviewNote: "RLS is off on 3 tables",
    });

    await save(maya.id, { value: "unsure", baseVersion: 2 });
    expect(await stored()).toMatchObject({
      value: "unsure",
      review: null,
      correctedValue: null,
      reviewNote: null,
      reviewedAt: null,
      version: 3,
    });
  });
});

describe("migration 0014", () => {
  it("clears a review and a not-applicable reason left behind by an earlier change, and nothing else", async () => {
    const { maya, ines, shop, save } = await setup();
    await save(maya.id, { value: "yes", baseVersion: 0 });
    const other = await saveAnswers({
      engagementId: shop.id,
      userId: maya.id,
      contentVersion: "v1",
      inputs: [
        {
          questionId: "ops.ci",
          value: "not-applicable",
          note: "",
          notApplicableReason: "No deploys",
          baseVersion: 0,
        },
        { questionId: "pay.webhooks", value: "no", note: "", notApplicableReason: null, baseVersion: 0 },
      ],
    });
    expect(other.conflicts).toEqual([]);
    await reviewAnswer({
      engagementId: shop.id,
      questionId: "pay.webhooks",
      userId: ines.id,
      version: 1,
      review: "verified",
      correctedValue: null,
      note: "Checked the handler",
    });
    const client = db().$client;
    // What the old upsert left: a founder's new answer with the earlier review's fields, and a
    // not-applicable reason on an answer that is no longer not applicable.
    client
      .prepare(
        `update answers set review = null, corrected_value = '"no"', review_note = 'RLS is off', reviewed_by = ?, reviewed_at = 1,
           not_applicable_reason = 'We store no personal data' where engagement_id = ? and question_id = 'auth.rls'`,
      )
      .run(ines.id, shop.id);
    const sql = fs.readFileSync(path.resolve("db/migrations/0014_stale_answer_fields.sql"), "utf8");
    for (const statement of sql.split("--> statement-breakpoint")) client.exec(statement);

    const rows = await listAnswers({ engagementId: shop.id });
    const by = (id: string) => rows.find((a) => a.questionId === id)!;
    expect(by("auth.rls")).toMatchObject({
      value: "yes",
      review: null,
      correctedValue: null,
      reviewNote: null,
      reviewedAt: null,
      notApplicableReason: null,
    });
    // Untouched: a real review, and the reason of an answer that is not applicable.
    expect(by("pay.webhooks")).toMatchObject({ review: "verified", reviewNote: "Checked the handler" });
    expect(by("ops.ci")).toMatchObject({ value: "not-applicable", notApplicableReason: "No deploys" });
  });
});
