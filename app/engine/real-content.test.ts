// The engine on the real question bank (content/): the fixtures elsewhere are small by design,
// this catches what only the real content exercises (scaled tasks, cross-area dependencies, size).

import { describe, expect, it } from "vitest";
import type { Answers, AnswerValue, Content, Question } from "./content/types";
import { formatProblems } from "./content/parse";
import { assess } from "./assess";
import { validateAnswers } from "./answers";
import { simulate } from "./simulate";
import { loadContentDir } from "../models/content.server";

function load(): Content {
  const result = loadContentDir(process.env.CONTENT_DIR ?? "content");
  if (!result.ok) throw new Error(`content is invalid:\n${formatProblems(result.problems)}`);
  return result.content;
}

/** The worst answer to a question: lowest readiness, every weakness of a multi, the top of a number. */
function worst(q: Question): AnswerValue | undefined {
  if (q.kind === "text") return undefined;
  if (q.kind === "number") return q.bands ? (q.max ?? q.bands[q.bands.length - 1]!.upTo) : q.max;
  if (q.kind === "multi") {
    const weak = q.options.filter((o) => !o.exclusive && o.readiness < 1).map((o) => o.id);
    return weak.length > 0 ? weak : [q.options[0]!.id];
  }
  return [...q.options].sort((a, b) => a.readiness - b.readiness)[0]!.id;
}

describe("real content", () => {
  const content = load();
  const questions = [...content.intake.questions, ...content.areas.flatMap((a) => a.questions)];

  it("accepts every option of every question as an answer", () => {
    for (const q of questions) {
      const values: AnswerValue[] =
        q.kind === "number"
          ? [q.min ?? 0, q.max ?? 1]
          : q.kind === "text"
            ? ["text"]
            : q.kind === "multi"
              ? q.options.map((o) => [o.id])
              : q.options.map((o) => o.id);
      for (const value of [...values, "unsure"])
        expect(validateAnswers(content, { [q.id]: value })).toEqual([]);
    }
  });

  it("assesses the worst answers everywhere", () => {
    const answers: Answers = {};
    for (const q of questions) {
      const value = worst(q);
      if (value !== undefined) answers[q.id] = value;
    }
    const a = assess(content, answers);
    expect(a.contentVersion).toBe(content.version);
    expect(a.tasks.length).toBeGreaterThan(10);
    for (const t of a.tasks) {
      expect(content.tasksById.has(t.id)).toBe(true);
      expect(t.contingent).toBe(false);
      for (const dep of t.dependsOn) expect(a.tasks.some((x) => x.id === dep)).toBe(true);
    }
    expect(a.blockers.length).toBeGreaterThan(0);
    for (const area of a.areas.filter((x) => x.applicable && x.score !== null))
      expect(area.score).toBeLessThanOrEqual(40);
    const { hours, weeks } = a.effort;
    expect(hours.p10).toBeLessThan(hours.p50);
    expect(hours.p50).toBeLessThan(hours.p80);
    expect(hours.p80).toBeLessThan(hours.p90);
    expect(weeks.p50).toBeLessThan(weeks.p90);
    expect(hours.p90 / hours.p50).toBeGreaterThan(1.3);
    // Factor off: the simulation agrees with the analytic PERT sum.
    const items = a.tasks.map((t) => ({ id: t.id, estimate: t.estimate, dependsOn: t.dependsOn }));
    const plain = simulate(items, { sigma: 0, teamSize: 2, weeklyCapacity: 30 });
    expect(Math.abs(plain.hours.mean / a.effort.pertMean - 1)).toBeLessThan(0.03);
  });

  it("prices 'I'm not sure' everywhere above the worst answers, with a wider range", () => {
    const worstAnswers: Answers = {};
    const unsure: Answers = {};
    for (const q of content.intake.questions) {
      const value = worst(q);
      if (value !== undefined) worstAnswers[q.id] = unsure[q.id] = value;
    }
    for (const area of content.areas) {
      for (const q of area.questions) {
        const value = worst(q);
        if (value !== undefined) worstAnswers[q.id] = value;
        // Numbers keep their value: an unsure count scales per-unit tasks by the task's default
        // instead, which is a different question (how many), not a worse answer.
        unsure[q.id] = q.kind === "number" && value !== undefined ? value : "unsure";
      }
    }
    const w = assess(content, worstAnswers).effort.hours;
    const u = assess(content, unsure);
    expect(u.effort.hours.p50).toBeGreaterThan(w.p50);
    expect(u.effort.hours.p90 - u.effort.hours.p50).toBeGreaterThan(w.p90 - w.p50);
    expect(u.narrowers.length).toBeGreaterThan(0);
    expect(u.narrowers.every((n) => n.state === "unsure" || n.state === "missing")).toBe(true);
  });

  it("prices an open question's worst case only as the other answers allow (decision 046)", () => {
    // The QA pass's Supabase app: "I'm not sure" about the data's symptoms put "Give the app a real
    // database" (the bank's largest launch task) in its launch minimum, an answer conflicts.yaml
    // calls a contradiction of the app keeping its data in Supabase.
    const tasks = (answers: Answers) => assess(content, answers, {}, { draws: 500 }).tasks.map((t) => t.id);
    expect(tasks({ "intake.backend": "supabase", "data.symptoms": "unsure" })).not.toContain(
      "data-backend-setup",
    );
    expect(tasks({ "intake.backend": "supabase" })).not.toContain("data-backend-setup");
    // The other symptoms stay in its worst case; and where the data lives is not known, or is not
    // a database that contradicts it, the missing database is still a case.
    expect(tasks({ "intake.backend": "supabase", "data.symptoms": "unsure" })).toContain("data-constraints");
    expect(tasks({ "intake.backend": "unsure", "data.symptoms": "unsure" })).toContain("data-backend-setup");
    expect(tasks({ "data.symptoms": "unsure" })).toContain("data-backend-setup");
    // Answered, the contradiction counts as given: the review page flags it, the plan keeps it.
    expect(tasks({ "intake.backend": "supabase", "data.symptoms": ["lost-on-device"] })).toContain(
      "data-backend-setup",
    );
  });

  it("is deterministic on the real content", () => {
    const answers: Answers = { "intake.takes-payments": "yes" };
    expect(JSON.stringify(assess(content, answers))).toBe(JSON.stringify(assess(content, answers)));
  });
});
