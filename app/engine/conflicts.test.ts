import { describe, expect, it } from "vitest";

import { assess } from "./assess";
import { answerContext } from "./answers";
import { findConflicts, ruledOutOptions } from "./conflicts";
import type { Answers, Conflict, Content } from "./content/types";
import { sampleContent } from "./test-fixtures";

// The sample product (test-fixtures.ts): payments apply only when the product takes payments,
// ops.monitoring is shown only when ops.ci is "yes", auth.reset allows "not applicable".
const CONFLICTS: Conflict[] = [
  {
    id: "no-reset-vs-all-safeguards",
    when: [
      { question: "auth.reset", equals: "none" },
      { question: "auth.safeguards", in: ["all", "mfa"] },
    ],
    message: "You said there is no password reset, but also that every safeguard is in place.",
  },
  {
    id: "no-services-vs-unprotected",
    when: [{ not: { question: "intake.integrations", gte: 1 } }, { question: "auth.rls", equals: "no" }],
    message: "Zero services, yet the access rules are off.",
  },
  {
    id: "no-rls-vs-monitoring",
    when: [
      { question: "auth.rls", equals: "no" },
      { question: "ops.monitoring", equals: "yes" },
    ],
    message: "Monitoring on, access rules off.",
  },
  {
    id: "no-rls-vs-webhooks",
    when: [
      { question: "payments.webhooks", equals: "yes" },
      { question: "auth.rls", equals: "no" },
    ],
    message: "Webhooks verified, access rules off.",
  },
];

const content: Content = { ...sampleContent(), conflicts: CONFLICTS };
const ids = (answers: Answers) => findConflicts(content, answers).map((c) => c.id);

describe("findConflicts", () => {
  it("returns a conflict when every side holds, with its message and both questions", () => {
    expect(
      findConflicts(content, { "auth.reset": "none", "auth.safeguards": ["rate-limit", "mfa"] }),
    ).toEqual([
      {
        id: "no-reset-vs-all-safeguards",
        message: "You said there is no password reset, but also that every safeguard is in place.",
        questions: ["auth.reset", "auth.safeguards"],
      },
    ]);
  });

  it("returns nothing when one side does not hold", () => {
    expect(ids({ "auth.reset": "self-serve", "auth.safeguards": ["all"] })).toEqual([]);
    expect(ids({ "auth.reset": "none", "auth.safeguards": ["rate-limit"] })).toEqual([]);
  });

  it("returns nothing while one side is unanswered", () => {
    expect(ids({ "auth.reset": "none" })).toEqual([]);
    expect(ids({ "auth.safeguards": ["all"] })).toEqual([]);
    expect(ids({})).toEqual([]);
  });

  it("returns nothing when one side is answered “I'm not sure” or “Doesn't apply”", () => {
    expect(ids({ "auth.reset": "unsure", "auth.safeguards": ["all"] })).toEqual([]);
    expect(ids({ "auth.reset": "none", "auth.safeguards": "unsure" })).toEqual([]);
    expect(ids({ "auth.reset": "not-applicable", "auth.safeguards": ["all"] })).toEqual([]);
  });

  it("never counts a `not` over an open question as a side that holds", () => {
    // Unanswered, unsure: the first side reads no real answer, so there is nothing to disagree with.
    expect(ids({ "auth.rls": "no" })).toEqual([]);
    expect(ids({ "auth.rls": "no", "intake.integrations": "unsure" })).toEqual([]);
    expect(ids({ "auth.rls": "no", "intake.integrations": 3 })).toEqual([]);
    const [found] = findConflicts(content, { "auth.rls": "no", "intake.integrations": 0 });
    // In questionnaire order: the intake first.
    expect(found).toMatchObject({
      id: "no-services-vs-unprotected",
      questions: ["intake.integrations", "auth.rls"],
    });
  });

  it("ignores answers to hidden questions and to areas that do not apply, as scoring does", () => {
    const base: Answers = { "auth.rls": "no", "intake.integrations": 2, "ops.monitoring": "yes" };
    // ops.monitoring is shown only when ops.ci is "yes": its stored answer is read only then.
    expect(ids({ ...base, "ops.ci": "no" })).toEqual([]);
    expect(ids({ ...base, "ops.ci": "yes" })).toEqual(["no-rls-vs-monitoring"]);
    // payments apply only when the product takes payments.
    const paying: Answers = { "auth.rls": "no", "intake.integrations": 2, "payments.webhooks": "yes" };
    expect(ids({ ...paying, "intake.takes-payments": "no" })).toEqual([]);
    expect(ids(paying)).toEqual([]);
    expect(ids({ ...paying, "intake.takes-payments": "yes" })).toEqual(["no-rls-vs-webhooks"]);
  });

  it("ignores answers that are not valid for their question", () => {
    expect(ids({ "auth.reset": "none", "auth.safeguards": ["all", "no-such-option"] })).toEqual([]);
  });

  it("lists every conflict that holds, in content order", () => {
    expect(
      ids({
        "auth.reset": "none",
        "auth.safeguards": ["mfa"],
        "auth.rls": "no",
        "intake.integrations": 0,
        "ops.ci": "yes",
        "ops.monitoring": "yes",
      }),
    ).toEqual(["no-reset-vs-all-safeguards", "no-services-vs-unprotected", "no-rls-vs-monitoring"]);
  });

  it("finds none in content without conflicts", () => {
    expect(findConflicts(sampleContent(), { "auth.reset": "none", "auth.safeguards": ["all"] })).toEqual([]);
  });

  it("changes no score, task or estimate in the assessment, which reports them as found", () => {
    const answers: Answers = { "auth.reset": "none", "auth.safeguards": ["all"], "auth.rls": "no" };
    expect(findConflicts(content, answers)).toHaveLength(1);
    const opts = { draws: 500 };
    const { conflicts, ...withConflicts } = assess(content, answers, {}, opts);
    const { conflicts: none, ...without } = assess(sampleContent(), answers, {}, opts);
    expect(JSON.stringify(withConflicts)).toBe(JSON.stringify(without));
    // The pages read them from the cached assessment rather than reading the answers again.
    expect(conflicts).toEqual(findConflicts(content, answers));
    expect(conflicts.map((c) => c.id)).toEqual(["no-reset-vs-all-safeguards"]);
    expect(none).toEqual([]);
  });
});

describe("an open question's worst case, against the other answers", () => {
  const rls = content.areas[0]!.questions.find((q) => q.id === "auth.rls")!;
  const out = (answers: Answers) => [...ruledOutOptions(answerContext(content, answers), rls)];
  const taskIds = (answers: Answers) => assess(content, answers, {}, { draws: 200 }).tasks.map((t) => t.id);

  it("leaves out an option the given answers contradict, and its tasks", () => {
    // Zero outside services contradicts "the access rules are off" (no-services-vs-unprotected).
    expect(out({ "intake.integrations": 0, "auth.rls": "unsure" })).toEqual(["no"]);
    expect(taskIds({ "intake.integrations": 0, "auth.rls": "unsure" })).not.toContain("auth-rls");
    expect(taskIds({ "intake.integrations": 0 })).not.toContain("auth-rls");
    // Without the contradiction the worst case stands, as a contingent task.
    expect(out({ "intake.integrations": 3, "auth.rls": "unsure" })).toEqual([]);
    const tasks = assess(
      content,
      { "intake.integrations": 3, "auth.rls": "unsure" },
      {},
      { draws: 200 },
    ).tasks;
    expect(tasks.find((t) => t.id === "auth-rls")).toMatchObject({ contingent: true });
  });

  it("rules nothing out on an open question's say, or through a side that is not a plain option", () => {
    // The other side rests on an open question: nothing is known to contradict.
    expect(out({ "intake.integrations": "unsure", "auth.rls": "unsure" })).toEqual([]);
    expect(out({ "auth.rls": "unsure" })).toEqual([]);
    // auth.reset's side is plain; auth.safeguards' `in` is plain too, so "all" rules out "none" …
    const reset = content.areas[0]!.questions.find((q) => q.id === "auth.reset")!;
    expect([...ruledOutOptions(answerContext(content, { "auth.safeguards": ["all"] }), reset)]).toEqual([
      "none",
    ]);
    // … but a question read only under `not` (intake.integrations) has no option ruled out.
    const integrations = content.intake.questions.find((q) => q.id === "intake.integrations")!;
    expect([...ruledOutOptions(answerContext(content, { "auth.rls": "no" }), integrations)]).toEqual([]);
  });

  it("counts an unsure answer as a possible launch blocker only while a blocker answer is still possible", () => {
    const possible = (answers: Answers) =>
      assess(content, answers, {}, { draws: 200 }).possibleBlockers.map((q) => q.questionId);
    expect(possible({ "intake.integrations": 3, "auth.rls": "unsure" })).toEqual(["auth.rls"]);
    expect(possible({ "intake.integrations": 0, "auth.rls": "unsure" })).toEqual([]);
    // Unanswered is not "not sure": the open questions are counted as open, elsewhere.
    expect(possible({ "intake.integrations": 3 })).toEqual([]);
    // And never a blocker of its own.
    expect(
      assess(content, { "intake.integrations": 3, "auth.rls": "unsure" }, {}, { draws: 200 }).blockers,
    ).toEqual([]);
  });

  it("changes nothing once the question is answered: a conflict that holds still counts as given", () => {
    const answers: Answers = { "intake.integrations": 0, "auth.rls": "no" };
    expect(findConflicts(content, answers).map((c) => c.id)).toEqual(["no-services-vs-unprotected"]);
    expect(taskIds(answers)).toContain("auth-rls");
  });
});
