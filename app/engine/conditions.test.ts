import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateCondition,
  isAreaApplicable,
  isQuestionVisible,
  visibleAnswers,
  visibleQuestions,
} from "./conditions";
import type { VisibilityContent } from "./conditions";
import type { AnswerValue, Answers, Condition } from "./content/types";

describe("evaluateCondition", () => {
  const answers: Answers = {
    "intake.takes-payments": "yes",
    "intake.platforms": ["web", "ios"],
    "intake.users": 1200,
    "intake.notes": "hello",
    "intake.unsure": "unsure",
    "intake.na": "not-applicable",
    "intake.none": [],
  };
  const ev = (c: Condition) => evaluateCondition(c, answers);

  it("equals on single, multi, number and text answers", () => {
    expect(ev({ question: "intake.takes-payments", equals: "yes" })).toBe(true);
    expect(ev({ question: "intake.takes-payments", equals: "no" })).toBe(false);
    expect(ev({ question: "intake.platforms", equals: "ios" })).toBe(true);
    expect(ev({ question: "intake.platforms", equals: "android" })).toBe(false);
    expect(ev({ question: "intake.users", equals: 1200 })).toBe(true);
    expect(ev({ question: "intake.users", equals: "1200" })).toBe(false);
    expect(ev({ question: "intake.notes", equals: "hello" })).toBe(true);
  });

  it("in: any listed value answered or selected", () => {
    expect(ev({ question: "intake.takes-payments", in: ["no", "yes"] })).toBe(true);
    expect(ev({ question: "intake.platforms", in: ["android", "web"] })).toBe(true);
    expect(ev({ question: "intake.platforms", in: ["android"] })).toBe(false);
    expect(ev({ question: "intake.none", in: ["web"] })).toBe(false);
  });

  it("gte / lte on numbers only", () => {
    expect(ev({ question: "intake.users", gte: 1200 })).toBe(true);
    expect(ev({ question: "intake.users", gte: 1201 })).toBe(false);
    expect(ev({ question: "intake.users", lte: 1200 })).toBe(true);
    expect(ev({ question: "intake.users", lte: 10 })).toBe(false);
    expect(ev({ question: "intake.notes", gte: 0 })).toBe(false);
    expect(ev({ question: "intake.platforms", lte: 10 })).toBe(false);
  });

  it("unanswered, unsure and not-applicable leaves are false (so their negation is true)", () => {
    for (const question of ["intake.missing", "intake.unsure", "intake.na"]) {
      expect(ev({ question, equals: "unsure" })).toBe(false);
      expect(ev({ question, equals: "not-applicable" })).toBe(false);
      expect(ev({ question, in: ["unsure", "not-applicable", "yes"] })).toBe(false);
      expect(ev({ question, gte: -Infinity })).toBe(false);
      expect(ev({ not: { question, equals: "yes" } })).toBe(true);
    }
  });

  it("does not read inherited properties as answers", () => {
    expect(evaluateCondition({ question: "constructor", in: ["x"] }, {})).toBe(false);
    expect(evaluateCondition({ question: "toString", gte: 0 }, {})).toBe(false);
  });

  it("all / any / not", () => {
    const yes = { question: "intake.takes-payments", equals: "yes" } as const;
    const no = { question: "intake.takes-payments", equals: "no" } as const;
    expect(ev({ all: [yes, { not: no }] })).toBe(true);
    expect(ev({ all: [yes, no] })).toBe(false);
    expect(ev({ any: [no, yes] })).toBe(true);
    expect(ev({ any: [] })).toBe(false);
    expect(ev({ all: [] })).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties. A tiny universe of questions and values keeps the generated conditions relevant.

const QUESTIONS = ["q.a", "q.b", "q.c", "q.d"] as const;
const VALUES = ["x", "y", "z"] as const;

const answerValueArb: fc.Arbitrary<AnswerValue> = fc.oneof(
  fc.constantFrom<AnswerValue>(...VALUES, "unsure", "not-applicable"),
  fc.subarray([...VALUES]),
  fc.integer({ min: -3, max: 3 }),
);
const answersArb: fc.Arbitrary<Answers> = fc.dictionary(fc.constantFrom(...QUESTIONS), answerValueArb);

const leafArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    question: fc.constantFrom(...QUESTIONS),
    equals: fc.oneof(fc.constantFrom(...VALUES), fc.integer({ min: -3, max: 3 })),
  }),
  fc.record({
    question: fc.constantFrom(...QUESTIONS),
    in: fc.array(fc.oneof(fc.constantFrom(...VALUES), fc.integer({ min: -3, max: 3 })), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({ question: fc.constantFrom(...QUESTIONS), gte: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ question: fc.constantFrom(...QUESTIONS), lte: fc.integer({ min: -3, max: 3 }) }),
);

const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ cond: Condition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArb,
    fc.record({ all: fc.array(tie("cond"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("cond"), { maxLength: 3 }) }),
    fc.record({ not: tie("cond") }),
  ),
})).cond;

describe("evaluateCondition properties", () => {
  it("double negation is the identity", () => {
    fc.assert(
      fc.property(
        conditionArb,
        answersArb,
        (c, a) => evaluateCondition({ not: { not: c } }, a) === evaluateCondition(c, a),
      ),
    );
  });

  it("all / any agree with every / some over their children", () => {
    fc.assert(
      fc.property(fc.array(conditionArb, { maxLength: 4 }), answersArb, (cs, a) => {
        const each = cs.map((c) => evaluateCondition(c, a));
        return (
          evaluateCondition({ all: cs }, a) === each.every(Boolean) &&
          evaluateCondition({ any: cs }, a) === each.some(Boolean)
        );
      }),
    );
  });

  it("all([]) is true and any([]) is false for any answers", () => {
    fc.assert(
      fc.property(answersArb, (a) => evaluateCondition({ all: [] }, a) && !evaluateCondition({ any: [] }, a)),
    );
  });

  it("De Morgan's laws hold", () => {
    fc.assert(
      fc.property(fc.array(conditionArb, { maxLength: 4 }), answersArb, (cs, a) => {
        const negated = cs.map((c) => ({ not: c }));
        return (
          evaluateCondition({ not: { all: cs } }, a) === evaluateCondition({ any: negated }, a) &&
          evaluateCondition({ not: { any: cs } }, a) === evaluateCondition({ all: negated }, a)
        );
      }),
    );
  });

  it("equals on a multi answer is membership", () => {
    fc.assert(
      fc.property(
        fc.subarray([...VALUES]),
        fc.constantFrom(...VALUES),
        (selected, v) =>
          evaluateCondition({ question: "q.a", equals: v }, { "q.a": selected }) === selected.includes(v),
      ),
    );
  });

  it("in is any of the equals", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...QUESTIONS),
        fc.array(fc.constantFrom(...VALUES), { minLength: 1 }),
        answersArb,
        (question, list, a) =>
          evaluateCondition({ question, in: list }, a) ===
          list.some((v) => evaluateCondition({ question, equals: v }, a)),
      ),
    );
  });

  it("leaves on unanswered, unsure or not-applicable questions are false", () => {
    fc.assert(
      fc.property(
        leafArb,
        fc.constantFrom<AnswerValue | undefined>(undefined, "unsure", "not-applicable"),
        answersArb,
        (leaf, value, a) => {
          if (!("question" in leaf)) return true;
          const answers: Answers = { ...a };
          if (value === undefined) delete answers[leaf.question];
          else answers[leaf.question] = value;
          return evaluateCondition(leaf, answers) === false;
        },
      ),
    );
  });

  it("gte and lte split numbers at the threshold", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), (n, t) => {
        const a = { "q.a": n };
        return (
          evaluateCondition({ question: "q.a", gte: t }, a) === n >= t &&
          evaluateCondition({ question: "q.a", lte: t }, a) === n <= t
        );
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Visibility

const content: VisibilityContent = {
  intake: {
    questions: [
      { id: "intake.has-accounts", area: "intake" },
      {
        id: "intake.takes-payments",
        area: "intake",
        showIf: { question: "intake.has-accounts", equals: "yes" },
      },
    ],
  },
  areas: [
    {
      id: "payments",
      applicability: { question: "intake.takes-payments", equals: "yes" },
      questions: [{ id: "payments.provider", area: "payments" }],
    },
    {
      id: "auth",
      questions: [
        { id: "auth.reset", area: "auth" },
        { id: "auth.reset-tested", area: "auth", showIf: { question: "auth.reset", equals: "yes" } },
        { id: "auth.reset-email", area: "auth", showIf: { question: "auth.reset-tested", equals: "yes" } },
        {
          id: "auth.no-reset-why",
          area: "auth",
          showIf: { not: { question: "auth.reset-tested", equals: "yes" } },
        },
        {
          id: "auth.payments-link",
          area: "auth",
          showIf: { question: "payments.provider", equals: "stripe" },
        },
      ],
    },
  ],
};
const [paymentsArea, authArea] = content.areas as [
  VisibilityContent["areas"][0],
  VisibilityContent["areas"][0],
];
const q = (id: string) =>
  [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].find((x) => x.id === id)!;

describe("visibility", () => {
  it("shows questions whose showIf holds", () => {
    const answers: Answers = { "auth.reset": "yes", "auth.reset-tested": "yes" };
    expect(visibleQuestions(authArea, answers, content).map((x) => x.id)).toEqual([
      "auth.reset",
      "auth.reset-tested",
      "auth.reset-email",
    ]);
  });

  it("hides a question whose showIf depends on a hidden question, even with a stale answer", () => {
    // auth.reset-tested was answered "yes" earlier, then auth.reset changed to "no": it is hidden,
    // so its stale answer no longer shows auth.reset-email.
    const answers: Answers = { "auth.reset": "no", "auth.reset-tested": "yes" };
    expect(isQuestionVisible(q("auth.reset-tested"), answers, content)).toBe(false);
    expect(isQuestionVisible(q("auth.reset-email"), answers, content)).toBe(false);
    // ...and a negated condition on the hidden question reads it as unanswered.
    expect(isQuestionVisible(q("auth.no-reset-why"), answers, content)).toBe(true);
    // The stale answer is dropped from the answers that count.
    expect(visibleAnswers(content, answers)).toEqual({ "auth.reset": "no" });
  });

  it("applies areas from visible intake answers only", () => {
    const stale: Answers = { "intake.has-accounts": "no", "intake.takes-payments": "yes" };
    expect(isAreaApplicable(paymentsArea, stale, content)).toBe(false);
    expect(visibleQuestions(paymentsArea, stale, content)).toEqual([]);
    const fresh: Answers = { "intake.has-accounts": "yes", "intake.takes-payments": "yes" };
    expect(isAreaApplicable(paymentsArea, fresh, content)).toBe(true);
    expect(isAreaApplicable(authArea, {}, content)).toBe(true);
  });

  it("hides questions that depend on a question in an area that does not apply", () => {
    const answers: Answers = {
      "intake.has-accounts": "yes",
      "intake.takes-payments": "no",
      "payments.provider": "stripe",
    };
    expect(isQuestionVisible(q("payments.provider"), answers, content)).toBe(false);
    expect(isQuestionVisible(q("auth.payments-link"), answers, content)).toBe(false);
    answers["intake.takes-payments"] = "yes";
    expect(isQuestionVisible(q("auth.payments-link"), answers, content)).toBe(true);
  });

  it("visibleAnswers keeps exactly the answers of visible questions", () => {
    const answers: Answers = {
      "auth.reset": "no",
      "auth.reset-tested": "yes",
      "unknown.q": "x",
      "intake.has-accounts": "no",
    };
    expect(visibleAnswers(content, answers)).toEqual({ "auth.reset": "no", "intake.has-accounts": "no" });
  });

  it("visibleAnswers is idempotent and only ever drops answers", () => {
    const ids = [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].map((x) => x.id);
    const arb = fc.dictionary(
      fc.constantFrom(...ids),
      fc.constantFrom<AnswerValue>("yes", "no", "stripe", "unsure"),
    );
    fc.assert(
      fc.property(arb, (answers) => {
        const once = visibleAnswers(content, answers);
        expect(visibleAnswers(content, once)).toEqual(once);
        for (const [id, v] of Object.entries(once)) expect(answers[id]).toEqual(v);
      }),
    );
  });

  it("does not loop on a showIf cycle (the validator rejects them anyway)", () => {
    const cyclic: VisibilityContent = {
      intake: { questions: [] },
      areas: [
        {
          id: "x",
          questions: [
            { id: "x.a", area: "x", showIf: { not: { question: "x.b", equals: "yes" } } },
            { id: "x.b", area: "x", showIf: { not: { question: "x.a", equals: "yes" } } },
          ],
        },
      ],
    };
    expect(() => visibleAnswers(cyclic, { "x.a": "yes", "x.b": "yes" })).not.toThrow();
  });
});
