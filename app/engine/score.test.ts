import { describe, expect, it } from "vitest";
import type { Answers } from "./content/types";
import { answerContext } from "./answers";
import { levelFor, scoreReadiness } from "./score";
import { buildContent, sampleContent, yesNo } from "./test-fixtures";

const content = sampleContent();
const score = (answers: Answers) => scoreReadiness(answerContext(content, answers));
const area = (answers: Answers, id: string) => score(answers).areas.find((a) => a.id === id)!;

describe("area readiness", () => {
  it("is the weighted mean readiness of scored answers", () => {
    // auth.rls weight 2 (no = 0), auth.reset weight 1 (manual = 0.5): (0 * 2 + 0.5) / 3
    expect(area({ "auth.rls": "no", "auth.reset": "manual" }, "auth").score).toBe(17);
    expect(
      area({ "auth.rls": "yes", "auth.reset": "self-serve", "auth.safeguards": ["all"] }, "auth").score,
    ).toBe(100);
  });

  it("counts unsure as 0 and lists it", () => {
    const a = area({ "auth.rls": "yes", "auth.reset": "unsure" }, "auth");
    expect(a.score).toBe(67);
    expect(a.unsure.map((u) => u.questionId)).toEqual(["auth.reset"]);
  });

  it("leaves out not-applicable answers instead of scoring them 0 or 100", () => {
    expect(area({ "auth.rls": "yes", "auth.reset": "not-applicable" }, "auth").score).toBe(100);
    expect(area({ "auth.rls": "no", "auth.reset": "not-applicable" }, "auth").score).toBe(0);
  });

  it("scores multi answers by their weakest option", () => {
    expect(area({ "auth.safeguards": ["mfa", "rate-limit"] }, "auth").score).toBe(60);
    expect(area({ "auth.safeguards": ["mfa"] }, "auth").score).toBe(80);
  });

  it("scores number answers by their band", () => {
    expect(area({ "apis.retries": 0 }, "apis").score).toBe(100);
    expect(area({ "apis.retries": 3 }, "apis").score).toBe(40);
  });

  it("has no score without answers, and none when the area does not apply", () => {
    const none = area({}, "auth");
    expect(none.score).toBeNull();
    expect(none.level).toBeNull();
    const payments = area({ "intake.takes-payments": "no", "payments.webhooks": "no" }, "payments");
    expect(payments.applicable).toBe(false);
    expect(payments.score).toBeNull();
    expect(payments.risks.high).toEqual([]);
    expect(payments.completion).toEqual({ answered: 0, total: 0, percent: 100 });
  });

  it("ignores answers to hidden questions", () => {
    // ops.monitoring shows only when ops.ci is "yes"
    expect(area({ "ops.ci": "no", "ops.monitoring": "no" }, "ops").score).toBe(0);
    expect(area({ "ops.ci": "yes", "ops.monitoring": "no" }, "ops").score).toBe(50);
  });
});

describe("overall readiness", () => {
  it("weights areas by area.weight over applicable areas with a scored answer", () => {
    // auth (weight 2) = 100, ops (weight 1) = 0, apis unanswered, payments not applicable.
    const r = score({ "intake.takes-payments": "no", "auth.rls": "yes", "ops.ci": "no" });
    expect(r.overall.score).toBe(67);
    expect(r.overall.scoredAreas).toBe(2);
    expect(r.overall.level?.name).toBe("Needs work");
  });

  it("is null before anything is scored", () => {
    expect(score({ "intake.takes-payments": "yes" }).overall).toMatchObject({
      score: null,
      level: null,
      scoredAreas: 0,
    });
  });

  it("names levels in plain words", () => {
    expect(levelFor(0).name).toBe("Prototype");
    expect(levelFor(39).name).toBe("Prototype");
    expect(levelFor(40).name).toBe("Needs work");
    expect(levelFor(70).name).toBe("Nearly ready");
    expect(levelFor(90).name).toBe("Production-ready");
    expect(levelFor(100).name).toBe("Production-ready");
  });

  it("does not call a product production-ready while a launch blocker remains", () => {
    const c = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            ...Array.from({ length: 19 }, (_, i) => yesNo(`a.q${i}`)),
            yesNo("a.blocker", [], { blocker: true }),
          ],
        },
      ],
    });
    const answers: Answers = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`a.q${i}`, "yes"]));
    const r = scoreReadiness(answerContext(c, { ...answers, "a.blocker": "no" }));
    expect(r.overall.score).toBe(95);
    expect(r.overall.level?.id).toBe("nearly-ready");
    expect(r.overall.cappedByBlockers).toBe(true);
    expect(r.blockers.map((b) => b.questionId)).toEqual(["a.blocker"]);
  });
});

describe("risks and blockers", () => {
  it("reports high and medium risks with the option's finding or the question's impact", () => {
    const a = area({ "auth.rls": "no", "auth.reset": "none", "auth.safeguards": ["rate-limit"] }, "auth");
    expect(a.risks.high.map((f) => [f.questionId, f.impact])).toEqual([
      ["auth.rls", "Impact of auth.rls."],
      ["auth.reset", "Locked-out users leave."],
    ]);
    expect(a.risks.medium.map((f) => f.questionId)).toEqual(["auth.safeguards"]);
    expect(a.blockers).toEqual([
      expect.objectContaining({
        questionId: "auth.rls",
        prompt: "Prompt of auth.rls?",
        blocker: true,
        answer: "no",
      }),
    ]);
  });

  it("takes band risks for number answers", () => {
    expect(area({ "apis.retries": 4 }, "apis").risks.medium[0]).toMatchObject({
      questionId: "apis.retries",
      answer: "4",
    });
  });

  it("raises no risk for unsure or not-applicable answers", () => {
    const a = area({ "auth.rls": "unsure", "auth.reset": "not-applicable" }, "auth");
    expect(a.risks).toEqual({ high: [], medium: [] });
  });
});

describe("completion", () => {
  it("counts answered over visible applicable questions, intake and areas separately", () => {
    const r = score({ "intake.takes-payments": "no", "auth.rls": "unsure", "ops.ci": "yes" });
    // intake: 3 visible, 1 answered; areas: auth 3 + apis 1 + ops 2 (monitoring now visible) = 6, 2 answered
    expect(r.completion.intake).toEqual({ answered: 1, total: 3, percent: 33 });
    expect(r.completion.areas).toEqual({ answered: 2, total: 6, percent: 33 });
    expect(r.completion).toMatchObject({ answered: 3, total: 9, percent: 33 });
  });

  it("never rounds an unfinished questionnaire up to 100%", () => {
    const qs = Array.from({ length: 300 }, (_, i) => yesNo(`a.q${i}`));
    const c = buildContent({ areas: [{ id: "a", questions: qs }] });
    const answers: Answers = Object.fromEntries(qs.slice(1).map((q) => [q.id, "yes"]));
    expect(scoreReadiness(answerContext(c, answers)).completion.percent).toBe(99);
  });
});
