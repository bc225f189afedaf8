import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { conditionQuestions, visibleAnswers } from "~/engine/conditions";
import type { Answers, AnswerValue } from "~/engine/content/types";
import { buildContent, yesNo } from "~/engine/test-fixtures";

import {
  essentialsProgress,
  quickPath,
  sectionPath,
  sectionProgress,
  visibleInSection,
  visibleSections,
} from "./questionnaire";

// Conditions in every direction the content format allows: intake chains, an area that applies
// only for some intake answers, a question shown by a later one in its own area, and questions
// shown by answers in other areas (including one that may not apply).
const content = buildContent({
  intake: [
    { id: "intake.accounts", kind: "yes-no", options: [{ id: "yes" }, { id: "no" }] },
    {
      id: "intake.payments",
      kind: "yes-no",
      options: [{ id: "yes" }, { id: "no" }],
      showIf: { question: "intake.accounts", equals: "yes" },
    },
  ],
  areas: [
    {
      id: "auth",
      questions: [
        yesNo("auth.reset-tested", [], { showIf: { question: "auth.reset", equals: "yes" } }),
        yesNo("auth.reset"),
        yesNo("auth.email", [], { showIf: { question: "auth.reset-tested", equals: "yes" } }),
        yesNo("auth.webhooks-too", [], { showIf: { question: "payments.webhooks", equals: "no" } }),
      ],
    },
    {
      id: "payments",
      applicability: { question: "intake.payments", equals: "yes" },
      questions: [yesNo("payments.webhooks"), yesNo("payments.retries")],
    },
    {
      id: "ops",
      questions: [
        yesNo("ops.ci"),
        yesNo("ops.alerts", [], {
          showIf: {
            all: [
              { question: "ops.ci", equals: "yes" },
              { question: "auth.email", equals: "no" },
            ],
          },
        }),
      ],
    },
  ],
});

const ids = [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)].map((q) => q.id);
const answersArb = fc.dictionary(
  fc.constantFrom(...ids),
  fc.constantFrom<AnswerValue>("yes", "no", "unsure", "not-applicable"),
);

/** What the browser gets for one section (as app/questionnaire/questionnaire.server.ts sends it). */
function browserView(sectionId: string, answers: Answers) {
  const section = sectionId === "intake" ? content.intake : content.areas.find((a) => a.id === sectionId)!;
  const referenced = section.questions.flatMap((q) => (q.showIf ? conditionQuestions(q.showIf) : []));
  const visible = visibleAnswers(content, answers);
  const settled = Object.fromEntries(
    referenced.filter((id) => id in visible).map((id) => [id, visible[id]!]),
  );
  const own = Object.fromEntries(
    section.questions.filter((q) => q.id in answers).map((q) => [q.id, answers[q.id]!]),
  );
  return { section: { id: sectionId, questions: section.questions }, settled, own };
}

describe("visible sections", () => {
  it("lists the intake, then the areas that apply, each with the questions shown", () => {
    const answers: Answers = { "intake.accounts": "yes", "intake.payments": "no", "auth.reset": "yes" };
    expect(
      visibleSections(content, answers).map((s) => [s.id, s.path, s.questions.map((q) => q.id)]),
    ).toEqual([
      ["intake", "", ["intake.accounts", "intake.payments"]],
      ["auth", "auth", ["auth.reset-tested", "auth.reset"]],
      ["ops", "ops", ["ops.ci"]],
    ]);
    expect(sectionProgress(content, answers).map((s) => [s.id, s.answered, s.total])).toEqual([
      ["intake", 2, 2],
      ["auth", 1, 2],
      ["ops", 0, 1],
    ]);
  });

  it("maps the intake to the questionnaire's index page", () => {
    expect(sectionPath("intake")).toBe("");
    expect(sectionPath("payments")).toBe("payments");
  });
});

describe("visibleInSection (the browser) agrees with the server", () => {
  it("for every section and every set of answers", () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        for (const s of visibleSections(content, answers)) {
          const { section, settled, own } = browserView(s.id, answers);
          expect([...visibleInSection(section, settled, own)].sort()).toEqual(
            s.questions.map((q) => q.id).sort(),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("shows a question whose condition is on a later question of the same section", () => {
    const { section, settled, own } = browserView("auth", { "auth.reset": "yes" });
    expect(visibleInSection(section, settled, own).has("auth.reset-tested")).toBe(true);
  });

  it("ignores a stale answer on a hidden question, and the answers it would show", () => {
    const { section, settled, own } = browserView("auth", { "auth.reset": "no", "auth.reset-tested": "yes" });
    expect([...visibleInSection(section, settled, own)]).toEqual(["auth.reset"]);
  });

  it("reads other sections' answers only as the server settled them", () => {
    // payments does not apply, so its stale "no" does not show auth.webhooks-too.
    const stale = browserView("auth", { "intake.accounts": "no", "payments.webhooks": "no" });
    expect(stale.settled).toEqual({});
    expect(visibleInSection(stale.section, stale.settled, stale.own).has("auth.webhooks-too")).toBe(false);
    const fresh = browserView("auth", {
      "intake.accounts": "yes",
      "intake.payments": "yes",
      "payments.webhooks": "no",
    });
    expect(visibleInSection(fresh.section, fresh.settled, fresh.own).has("auth.webhooks-too")).toBe(true);
  });
});

describe("essentials and the quick path", () => {
  it("count the essential questions shown, area by area, from the sections' one visibility pass", () => {
    // The same bank with essentials always shown (auth.reset, ops.ci), shown only after an answer
    // (auth.email) and in an area that applies only when the app takes payments.
    const essential = new Set(["auth.reset", "ops.ci", "auth.email", "payments.webhooks"]);
    const withEssentials = {
      ...content,
      areas: content.areas.map((a) => ({
        ...a,
        questions: a.questions.map((q) => (essential.has(q.id) ? { ...q, essential: true } : q)),
      })),
    };
    const answers: Answers = { "intake.accounts": "yes", "intake.payments": "no", "auth.reset": "yes" };
    const sections = sectionProgress(withEssentials, answers);
    // Straight from the visible questions, for comparison.
    const shown = visibleSections(withEssentials, answers)
      .filter((s) => s.id !== "intake")
      .flatMap((s) => s.questions.filter((q) => q.essential));
    expect(shown.map((q) => q.id).sort()).toEqual(["auth.reset", "ops.ci"]);
    expect(essentialsProgress(sections)).toEqual({ answered: 1, total: 2 });
    expect(sections.map((s) => [s.id, s.essentials.answered, s.essentials.total])).toEqual([
      ["intake", 0, 0],
      ["auth", 1, 1],
      ["ops", 0, 1],
    ]);
    // The quick path is the whole intake plus the essentials.
    expect(quickPath(sections)).toEqual({ answered: 2 + 1, total: 2 + 2 });
    // Once shown, they count: auth.email after the reset is tested, payments once it applies.
    const more = sectionProgress(withEssentials, {
      ...answers,
      "intake.payments": "yes",
      "auth.reset-tested": "yes",
      "payments.webhooks": "no",
    });
    expect(essentialsProgress(more)).toEqual({ answered: 2, total: 4 });
  });
});
