// Calibration on the real question bank: every example scenario's launch minimum lands inside the
// range of its reference class (published prices for this work, content/reference/). A content
// change that drifts from what this work really costs fails here, as `npm run calibrate` shows.

import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import type { Answers, Content, Question } from "./content/types";
import { formatProblems } from "./content/parse";
import { assess } from "./assess";
import { calibrateScenario } from "./calibration";
import { loadContentDir } from "../models/content.server";
import { readAnswersFile } from "../../scripts/estimate";

const EXAMPLES = "content/examples";

function load(): Content {
  const result = loadContentDir(process.env.CONTENT_DIR ?? "content");
  if (!result.ok) throw new Error(`content is invalid:\n${formatProblems(result.problems)}`);
  return result.content;
}

const content = load();
const scenarios = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, ...readAnswersFile(path.join(EXAMPLES, file)) }));

/** The best answer to a choice question (highest readiness), nothing for the rest. */
function best(q: Question): string | string[] | undefined {
  if (q.options.length === 0) return undefined;
  const id = [...q.options].sort((a, b) => b.readiness - a.readiness)[0]!.id;
  return q.kind === "multi" ? [id] : id;
}

describe("calibration scenarios", () => {
  it("covers the kinds of app founders bring (at least eight scenarios)", () => {
    const classes = new Set(scenarios.flatMap((s) => (s.scenario ? [s.scenario.referenceClass] : [])));
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
    for (const id of [
      "tiny-app",
      "small-app-with-payments",
      "b2b-saas",
      "marketplace",
      "ai-tool",
      "mobile-in-app-purchases",
      "internal-tool",
      "growing",
    ]) {
      expect(classes, id).toContain(id);
    }
  });

  for (const s of scenarios) {
    it(`${s.file}: launch minimum inside its reference range`, () => {
      expect(s.scenario, `${s.file} has no "scenario"`).toBeDefined();
      const result = calibrateScenario(content, s.answers, s.settings ?? {}, s.scenario!.referenceClass);
      expect(result.problems).toEqual([]);
      const launch = result.tiers[0]!;
      expect(launch.hours.p50).toBeGreaterThanOrEqual(result.reference!.low);
      expect(launch.hours.p50).toBeLessThanOrEqual(result.reference!.high);
    });
  }

  it("keeps a middling small app's total to a few hundred hours", () => {
    const bakery = scenarios.find((s) => s.file === "bakery-preorders.json")!;
    const a = assess(content, bakery.answers, bakery.settings ?? {});
    expect(a.effort.hours.p50).toBeLessThan(300);
    expect(a.effort.hours.p90).toBeLessThan(450);
  });

  it("keeps an app with the best answer everywhere near zero", () => {
    const bakery = scenarios.find((s) => s.file === "bakery-preorders.json")!;
    const answers: Answers = {};
    for (const [id, value] of Object.entries(bakery.answers))
      if (id.startsWith("intake.")) answers[id] = value;
    for (const q of content.areas.flatMap((a) => a.questions)) {
      const b = best(q);
      if (b !== undefined) answers[q.id] = b;
    }
    const a = assess(content, answers);
    expect(a.provisional.provisional).toBe(false);
    expect(a.effort.hours.p90).toBeLessThan(5);
  });

  it("shows a provisional, non-zero range for an intake-only assessment", () => {
    const bakery = scenarios.find((s) => s.file === "bakery-preorders.json")!;
    const intake = Object.fromEntries(
      Object.entries(bakery.answers).filter(([id]) => id.startsWith("intake.")),
    );
    const a = assess(content, intake);
    expect(a.provisional.provisional).toBe(true);
    expect(a.provisional.answered).toBe(Object.keys(intake).length);
    const launch = a.effort.tiers[0]!;
    expect(launch.hours.p50).toBeGreaterThan(0);
    expect(launch.hours.p90).toBeGreaterThan(launch.hours.p50);
    // Priced as the worst case: never below what the finished bakery assessment says.
    const finished = assess(content, bakery.answers);
    expect(a.effort.pertMean).toBeGreaterThan(finished.effort.pertMean);
  });
});
