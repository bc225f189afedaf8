// The results page, the report PDF and the estimate CLI show one projection of an assessment: the
// same level, tiers, reference, shared work and method, whichever of them a reader opens.
import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { report } from "../../scripts/estimate";
import { assess } from "~/engine/assess";
import { formatProblems } from "~/engine/content/parse";
import { loadContentDir } from "~/models/content.server";

import { assessmentView } from "./assessment-view";
import { resultsView } from "../routes/engagements.$id.results/results-view.server";

const loaded = loadContentDir("content");
if (!loaded.ok) throw new Error(formatProblems(loaded.problems));
const content = loaded.content;
const { answers } = JSON.parse(readFileSync("content/examples/bakery-preorders.json", "utf8"));
const assessment = assess(content, answers, { currency: "EUR", hourlyRate: 90 }, { draws: 400 });
const view = assessmentView(assessment);

describe("assessmentView", () => {
  it("names the level, states every reference source's figure and explains the method", () => {
    expect(view.overall.level).toBe(assessment.overall.level?.name);
    expect(view.reference?.classId).toBe("small-app-with-payments");
    expect(view.reference?.sources.every((s) => s.figure !== null)).toBe(true);
    expect(view.effort.tiers.map((t) => t.id)).toEqual(["launch", "hardening", "scale"]);
    expect(view.effort.total.cost.currency).toBe("EUR");
    expect(view.method.join(" ")).toContain(String(assessment.tasks.length));
  });

  it("is what the results page and the CLI show", () => {
    const page = resultsView({
      engagementId: "e",
      assessment,
      stored: [],
      content,
      percentiles: false,
      founder: true,
    });
    expect(page.overall).toEqual(view.overall);
    expect(page.estimate).toEqual(view.effort);
    expect(page.reference).toEqual(view.reference);
    expect(page.method).toEqual(view.method);

    const cli = report(assessment);
    expect(cli.overall).toEqual(view.overall);
    expect(cli.reference).toEqual(view.reference);
    expect(cli.effort.shared.map((s) => s.members)).toEqual(view.effort.shared.map((s) => s.members));
    expect(cli.effort.cost.p50).toBe(Math.round(view.effort.cost.p50));
  });
});
