// The real question bank in content/: valid, and complete enough to ship.

import { readdirSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";
import { loadContentDir } from "../app/models/content.server";
import { answerContext } from "../app/engine/answers";
import { findConflicts } from "../app/engine/conflicts";
import { formatProblems } from "../app/engine/content/parse";
import type { Answers, AnswerValue, Condition, Content } from "../app/engine/content/types";
import { DEMO_ANSWERS } from "../db/demo-answers";
import { readAnswersFile } from "../scripts/estimate";

describe("content/", () => {
  const result = loadContentDir("content");
  const content = () => {
    if (!result.ok) throw new Error(`content/ is invalid:\n${formatProblems(result.problems)}`);
    return result.content;
  };

  it("parses with zero problems", () => {
    expect(result.ok ? "" : formatProblems(result.problems)).toBe("");
  });

  it("has the six areas, each with at least 8 questions that explain themselves", () => {
    const { areas } = content();
    expect(areas.map((a) => a.id).sort()).toEqual(["apis", "auth", "data", "ops", "payments", "performance"]);
    for (const area of areas) {
      expect(area.questions.length, area.id).toBeGreaterThanOrEqual(8);
      for (const q of area.questions) expect(q.help.trim().length, q.id).toBeGreaterThan(0);
    }
  });

  it("quotes the not-applicable answer as the page shows it, only where the question offers it", () => {
    // The page's option reads "Doesn't apply to my product" (question-field.tsx); help that said
    // answer "Not applicable" sent founders looking for a button that is not there.
    for (const q of content().areas.flatMap((a) => a.questions)) {
      expect(q.help, q.id).not.toContain('"Not applicable"');
      if (q.help.includes(`"Doesn't apply to my product"`)) expect(q.notApplicable, q.id).toBe(true);
    }
  });

  it("has a discovery task for every scored question", () => {
    const { areas, tasksById } = content();
    for (const q of areas.flatMap((a) => a.questions).filter((x) => x.scored)) {
      expect(tasksById.get(`discover.${q.id}`)?.question, q.id).toBe(q.id);
    }
  });

  it("gives every scored question the title of its find-out task, under 70 characters", () => {
    const scored = content()
      .areas.flatMap((a) => a.questions)
      .filter((q) => q.scored);
    expect(scored.filter((q) => !q.findOut).map((q) => q.id)).toEqual([]);
    const titles = content()
      .tasks.filter((t) => t.discovery)
      .map((t) => t.title);
    expect(titles.length).toBe(scored.length);
    for (const title of titles)
      expect(title, title).toMatch(/^Find out (whether|what|how|which|who|where|when|if) [^:…]+$/);
  });

  it("asks whether companies' data is kept apart only when the users could be companies or teams", () => {
    const asked = (roles: string | undefined) =>
      answerContext(content(), {
        "intake.has-accounts": "yes",
        ...(roles === undefined ? {} : { "intake.user-roles": roles }),
      }).visible.some((q) => q.id === "auth.team-separation");
    expect(
      Object.fromEntries(
        ["one", "users-admins", "several", "teams", "unsure", undefined].map((r) => [String(r), asked(r)]),
      ),
    ).toEqual({
      one: false,
      "users-admins": false,
      several: true,
      teams: true,
      unsure: true,
      undefined: true,
    });
  });

  describe("content/conflicts.yaml", () => {
    const conflicts = () => content().conflicts;

    it("say what the founder said and which answer to change, without hours", () => {
      expect(conflicts().length).toBeGreaterThan(0);
      for (const c of conflicts()) {
        expect(c.message, c.id).toMatch(/^You said /);
        expect(c.message, c.id).toMatch(/\b(change|untick|check)\b/);
        expect(c.message, c.id).not.toMatch(/\d\s*(h|hours?)\b/);
      }
    });

    it("can each be found: answered as they read, each one is flagged, and one answer made unsure clears it", () => {
      for (const c of conflicts()) {
        const answers: Answers = {};
        for (const side of c.when) witness(content(), side, answers);
        const found = findConflicts(content(), answers).find((f) => f.id === c.id);
        expect(found, `${c.id} with ${JSON.stringify(answers)}`).toBeDefined();
        expect(found!.questions.length, c.id).toBeGreaterThanOrEqual(2);
        for (const id of found!.questions) {
          const ids = findConflicts(content(), { ...answers, [id]: "unsure" }).map((f) => f.id);
          expect(ids, `${c.id} with ${id} unsure`).not.toContain(c.id);
        }
      }
    });

    it("finds none in the demo engagement's answers", () => {
      expect(findConflicts(content(), DEMO_ANSWERS)).toEqual([]);
    });

    // A calibration scenario is an app someone could have; one that contradicts itself calibrates
    // the estimate against answers no founder could truthfully give.
    it("finds none in the calibration scenarios", () => {
      const dir = "content/examples";
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
        const { answers } = readAnswersFile(path.join(dir, file));
        expect(findConflicts(content(), answers as Answers).map((f) => f.id), file).toEqual([]);
      }
    });
  });
});

/**
 * Answers that make a condition hold, read off its positive leaves: the first value of each `in`,
 * the first branch of each `any`; a `not` is left to the other leaves (the content's conflicts pair
 * a `not` with a positive leaf on the same question).
 */
function witness(content: Content, cond: Condition, answers: Answers): void {
  if ("all" in cond) return cond.all.forEach((c) => witness(content, c, answers));
  if ("any" in cond) return cond.any[0] ? witness(content, cond.any[0], answers) : undefined;
  if ("not" in cond) return;
  const value: AnswerValue =
    "equals" in cond
      ? (cond.equals as string | number)
      : "in" in cond
        ? cond.in[0]!
        : "gte" in cond
          ? cond.gte
          : cond.lte;
  if (content.questionsById.get(cond.question)?.kind === "multi") {
    const before = answers[cond.question];
    answers[cond.question] = [...(Array.isArray(before) ? before : []), String(value)];
  } else answers[cond.question] = value;
}
