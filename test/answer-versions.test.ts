// What a change of an answer stores, on a real SQLite file: every field of the new answer (not only
// its value), the review of the old one gone, and a version that no earlier page can still match.
import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  listAnswers,
  reviewAnswer,
  saveAnswers,
  verifyAnswers,
  type AnswerInput,
} from "../app/models/answer.server";
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

describe("clearing an answer", () => {
  it("keeps counting its version, so a page opened on the old answer cannot verify or overwrite a new one", async () => {
    const { maya, ines, shop, save, stored } = await setup();
    await save(maya.id, { value: "yes", baseVersion: 0 });
    // The partner opens the review page on version 1 of "yes"; the founder clears it, then answers "no".
    const cleared = await save(maya.id, { value: null, baseVersion: 1 });
    expect(cleared.saved).toMatchObject([{ version: 0, changed: true, before: "answered" }]);
    expect(await stored()).toBeUndefined();
    expect(
      await reviewAnswer({
        engagementId: shop.id,
        questionId: "auth.rls",
        userId: ines.id,
        version: 1,
        review: "verified",
        correctedValue: null,
        note: "",
      }),
    ).toEqual({ ok: false, reason: "unanswered" });

    const again = await save(maya.id, { value: "no", baseVersion: 0 });
    expect(again.saved).toMatchObject([{ version: 3, changed: true, before: "none" }]);
    expect(await stored()).toMatchObject({ value: "no", version: 3 });

    const stale = {
      engagementId: shop.id,
      questionId: "auth.rls",
      userId: ines.id,
      version: 1,
      review: "verified" as const,
      correctedValue: null,
      note: "",
    };
    expect(await reviewAnswer(stale)).toEqual({ ok: false, reason: "conflict" });
    expect(
      await verifyAnswers({
        engagementId: shop.id,
        userId: ines.id,
        seen: [{ questionId: "auth.rls", version: 1 }],
      }),
    ).toEqual({ verified: [], changed: ["auth.rls"] });
    // A second tab of the founder's, still on version 1, is refused too.
    const tab = await save(maya.id, { value: "unsure", baseVersion: 1 });
    expect(tab.conflicts).toMatchObject([{ questionId: "auth.rls", current: { value: "no", version: 3 } }]);
    expect(await stored()).toMatchObject({ value: "no", review: null, version: 3 });
  });

  it("lets two pages that both saw no answer race fairly: the first saves, the second is a conflict", async () => {
    const { maya, ines, save, stored } = await setup();
    await save(maya.id, { value: "yes", baseVersion: 0 });
    await save(maya.id, { value: null, baseVersion: 1 });
    expect((await save(maya.id, { value: "no", baseVersion: 0 })).conflicts).toEqual([]);
    const second = await save(ines.id, { value: "unsure", baseVersion: 0 });
    expect(second.conflicts).toMatchObject([{ questionId: "auth.rls", current: { value: "no" } }]);
    expect(await stored()).toMatchObject({ value: "no", answeredByName: "Maya" });
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

describe("migration 0016", () => {
  it("removes a note a cleared review left behind, and keeps the note of a review", async () => {
    const { maya, ines, shop, save } = await setup();
    await save(maya.id, { value: "yes", baseVersion: 0 });
    const other = await saveAnswers({
      engagementId: shop.id,
      userId: maya.id,
      contentVersion: "v1",
      inputs: [
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
    // What "Clear review" used to leave: no review, no reviewer, the note typed with the clear.
    client
      .prepare(
        `update answers set review_note = 'Typed with the clear' where engagement_id = ? and question_id = 'auth.rls'`,
      )
      .run(shop.id);
    client.exec(fs.readFileSync(path.resolve("db/migrations/0016_stale_review_notes.sql"), "utf8"));

    const rows = await listAnswers({ engagementId: shop.id });
    const by = (id: string) => rows.find((a) => a.questionId === id)!;
    expect(by("auth.rls")).toMatchObject({ value: "yes", review: null, reviewNote: null });
    expect(by("pay.webhooks")).toMatchObject({ review: "verified", reviewNote: "Checked the handler" });
  });
});
