import { describe, expect, it } from "vitest";
import { answerContext, interpretAnswer, isAnswered, validateAnswers } from "./answers";
import { sampleContent } from "./test-fixtures";

const content = sampleContent();
const q = (id: string) => content.questionsById.get(id)!;

describe("validateAnswers", () => {
  it("accepts valid answers of every kind, unsure everywhere and empty answers", () => {
    expect(
      validateAnswers(content, {
        "intake.takes-payments": "yes",
        "intake.integrations": 12,
        "intake.notes": "free text",
        "auth.rls": "unsure",
        "auth.reset": "not-applicable",
        "auth.safeguards": ["rate-limit", "mfa"],
        "apis.retries": 0,
        "ops.ci": "",
        "ops.monitoring": [],
      }),
    ).toEqual([]);
  });

  it.each([
    ["nope.question", "yes", /unknown question "nope.question"/, "unknown-question"],
    ["auth.rls", "maybe", /"maybe" is not an option of this question \(options: yes, no\)/, "unknown-option"],
    ["auth.rls", ["yes"], /expected one option id \(a string\), got a list/, "expected-option"],
    ["auth.rls", 1, /expected one option id/, "expected-option"],
    ["auth.safeguards", "mfa", /expected a list of option ids/, "expected-options"],
    ["auth.safeguards", ["mfa", "sso"], /"sso" is not an option/, "unknown-option"],
    ["auth.safeguards", ["mfa", "mfa"], /selected more than once/, "duplicate-option"],
    ["auth.safeguards", ["all", "mfa"], /"all" cannot be combined/, "exclusive-combined"],
    ["intake.integrations", "5", /expected a number/, "expected-number"],
    ["intake.integrations", 51, /outside the allowed range 0..50/, "out-of-range"],
    ["intake.integrations", 2.5, /expected a whole number, got 2.5/, "expected-whole-number"],
    ["intake.integrations", -1, /outside the allowed range/, "out-of-range"],
    ["apis.retries", Number.NaN, /expected a number/, "expected-number"],
    ["auth.rls", "not-applicable", /"not-applicable" is not allowed/, "not-applicable-not-allowed"],
    ["intake.notes", 5, /expected text/, "expected-text"],
  ])("reports %s = %j", (questionId, value, reason, code) => {
    const problems = validateAnswers(content, { [questionId]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.questionId).toBe(questionId);
    expect(problems[0]!.code).toBe(code);
    expect(problems[0]!.reason).toMatch(reason);
  });

  it("reports every problem, not just the first", () => {
    expect(validateAnswers(content, { a: 1, "auth.rls": "x", "ops.ci": "yes" })).toHaveLength(2);
  });
});

describe("interpretAnswer", () => {
  it("finds the band of a number answer", () => {
    expect(interpretAnswer(q("apis.retries"), 0)).toMatchObject({ kind: "number", band: { upTo: 0 } });
    expect(interpretAnswer(q("apis.retries"), 7)).toMatchObject({ kind: "number", band: { upTo: 100 } });
    expect(interpretAnswer(q("intake.integrations"), 7)).toEqual({ kind: "number", value: 7 });
  });

  it("reads empty and invalid answers as unanswered", () => {
    expect(isAnswered("  ")).toBe(false);
    expect(isAnswered([])).toBe(false);
    expect(interpretAnswer(q("auth.rls"), "bogus")).toBeNull();
    expect(interpretAnswer(q("auth.rls"), "")).toBeNull();
  });
});

describe("answerContext", () => {
  it("drops hidden questions, non-applicable areas and invalid answers", () => {
    const ctx = answerContext(content, {
      "intake.takes-payments": "no",
      "payments.webhooks": "no",
      "ops.ci": "no",
      "ops.monitoring": "no",
      "auth.rls": "bogus",
    });
    expect(ctx.applicable.get("payments")).toBe(false);
    const visible = ctx.visible.map((x) => x.id);
    expect(visible).not.toContain("payments.webhooks");
    expect(visible).not.toContain("ops.monitoring");
    expect(ctx.interpreted.has("auth.rls")).toBe(false);
    expect(ctx.answers).toEqual({ "intake.takes-payments": "no", "ops.ci": "no" });
  });
});
