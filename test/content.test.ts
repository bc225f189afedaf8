// The real question bank in content/: valid, and complete enough to ship.

import { describe, expect, it } from "vitest";
import { loadContentDir } from "../app/models/content.server";
import { answerContext } from "../app/engine/answers";
import { formatProblems } from "../app/engine/content/parse";

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
});
