import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AnswerValue, Answers, Content } from "./content/types";
import { DEFAULT_SETTINGS } from "./assessment-types";
import { assess, resolveSettings } from "./assess";
import { answerContext } from "./answers";
import { analyticSpread } from "./insight";
import { simulate } from "./simulate";
import { buildContent, sampleContent, yesNo } from "./test-fixtures";
import type { AreaSpec, QuestionSpec } from "./test-fixtures";
import { SIGMA_BASE, STAGE_SIGMA, countUncertainty, sigmaTerms } from "./uncertainty";

const content = sampleContent();
const typical: Answers = {
  "intake.takes-payments": "yes",
  "intake.integrations": 4,
  "auth.rls": "no",
  "auth.reset": "unsure",
  "auth.safeguards": ["rate-limit", "mfa"],
  "payments.webhooks": "no",
  "apis.retries": 3,
  "ops.ci": "no",
};

// ---------------------------------------------------------------------------------------------
// Random questionnaires for property tests: areas (some gated by an intake answer), questions of
// the choice kinds whose options trigger random tasks, tasks with random estimates and chains.

const estimateArb = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 30 }))
  .map(([o, dm, dp]): [number, number, number] => [o, o + dm, o + dm + dp]);

const questionArb = fc.record({
  kind: fc.constantFrom("yes-no" as const, "scale" as const, "multi" as const),
  weight: fc.integer({ min: 1, max: 3 }),
  notApplicable: fc.boolean(),
  picks: fc.tuple(fc.nat(), fc.nat()),
});

const areaArb = fc.record({
  weight: fc.double({ min: 0.5, max: 3, noNaN: true }),
  gated: fc.boolean(),
  tasks: fc.array(fc.record({ estimate: estimateArb, chained: fc.boolean() }), {
    minLength: 1,
    maxLength: 5,
  }),
  questions: fc.array(questionArb, { minLength: 1, maxLength: 5 }),
});

type AreaDraw = typeof areaArb extends fc.Arbitrary<infer T> ? T : never;

function randomContent(areas: AreaDraw[]): Content {
  const specs: AreaSpec[] = areas.map((a, ai) => {
    const id = `a${ai}`;
    const taskIds = a.tasks.map((_, ti) => `${id}-t${ti}`);
    const pick = (n: number) => taskIds[n % taskIds.length]!;
    const questions: QuestionSpec[] = a.questions.map((q, qi) => {
      const qid = `${id}.q${qi}`;
      const [x, y] = q.picks;
      const base = { id: qid, weight: q.weight, notApplicable: q.notApplicable };
      if (q.kind === "yes-no") return { ...yesNo(qid, [pick(x)]), ...base };
      if (q.kind === "scale") {
        return {
          ...base,
          kind: "scale",
          options: [
            { id: "bad", readiness: 0, risk: "high", tasks: [pick(x), pick(y)] },
            { id: "partial", readiness: 0.5, risk: "medium", tasks: [pick(y)] },
            { id: "good", readiness: 1 },
          ],
        };
      }
      return {
        ...base,
        kind: "multi",
        options: [
          { id: "gap-a", readiness: 0.3, risk: "high", tasks: [pick(x)] },
          { id: "gap-b", readiness: 0.7, risk: "medium", tasks: [pick(y)] },
          { id: "none", readiness: 1, exclusive: true },
        ],
      };
    });
    return {
      id,
      weight: a.weight,
      ...(a.gated ? { applicability: { question: "intake.flag", equals: "yes" } } : {}),
      questions,
      tasks: a.tasks.map((t, ti) => ({
        id: taskIds[ti]!,
        estimate: t.estimate,
        dependsOn: t.chained && ti > 0 ? [taskIds[ti - 1]!] : [],
      })),
    };
  });
  return buildContent({ intake: [yesNo("intake.flag")], areas: specs });
}

type Choice = "missing" | "unsure" | "na" | 0 | 1 | 2;
const choiceArb = fc.constantFrom<Choice>("missing", "unsure", "na", 0, 1, 2);

function answerFor(content: Content, id: string, choice: Choice): AnswerValue | undefined {
  const q = content.questionsById.get(id)!;
  if (choice === "missing") return undefined;
  if (choice === "unsure") return "unsure";
  if (choice === "na") return q.notApplicable ? "not-applicable" : undefined;
  if (q.kind === "multi") return choice === 2 ? ["none"] : choice === 1 ? ["gap-a", "gap-b"] : ["gap-b"];
  return q.options[choice % q.options.length]!.id;
}

const scenarioArb = fc
  .array(areaArb, { minLength: 1, maxLength: 4 })
  .map(randomContent)
  .chain((c) => {
    const ids = [...c.questionsById.keys()];
    return fc
      .tuple(fc.constant(c), fc.array(choiceArb, { minLength: ids.length, maxLength: ids.length }))
      .map(([content, choices]) => {
        const answers: Answers = {};
        ids.forEach((id, i) => {
          const value = answerFor(content, id, choices[i]!);
          if (value !== undefined) answers[id] = value;
        });
        return { content, answers };
      });
  });

const fast = { draws: 2000 };

// ---------------------------------------------------------------------------------------------

describe("assess: properties", () => {
  it("keeps scores in 0..100, percentiles ordered, and only content tasks of applicable areas", () => {
    fc.assert(
      fc.property(scenarioArb, ({ content, answers }) => {
        const a = assess(content, answers, {}, fast);
        for (const s of [a.overall.score, ...a.areas.map((x) => x.score)]) {
          if (s !== null) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(100);
          }
        }
        expect(a.completion.percent).toBeGreaterThanOrEqual(0);
        expect(a.completion.percent).toBeLessThanOrEqual(100);
        const notApplicable = new Set(a.areas.filter((x) => !x.applicable).map((x) => x.id));
        for (const area of a.areas.filter((x) => !x.applicable)) expect(area.score).toBeNull();
        for (const t of a.tasks) {
          expect(content.tasksById.has(t.id)).toBe(true);
          expect(notApplicable.has(t.area)).toBe(false);
          expect(t.triggeredBy.length).toBeGreaterThan(0);
        }
        const { hours, weeks } = a.effort;
        expect(hours.p10).toBeLessThanOrEqual(hours.p50);
        expect(hours.p50).toBeLessThanOrEqual(hours.p80);
        expect(hours.p80).toBeLessThanOrEqual(hours.p90);
        expect(weeks.p50).toBeLessThanOrEqual(weeks.p90);
        expect(a.effort.cost.p90).toBeCloseTo(hours.p90 * DEFAULT_SETTINGS.hourlyRate, 6);
      }),
      { numRuns: 80 },
    );
  });

  it("is deterministic to the byte", () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), ({ content, answers }, seed) => {
        const one = JSON.stringify(assess(content, answers, {}, { seed, draws: 500 }));
        const two = JSON.stringify(assess(content, answers, {}, { seed, draws: 500 }));
        expect(one).toBe(two);
      }),
      { numRuns: 25 },
    );
  });

  it("never narrows the range when answers turn into 'I'm not sure'", () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat()), ({ content, answers }, picks) => {
        const answered = Object.keys(answers).filter(
          (id) => id !== "intake.flag" && answers[id] !== "unsure",
        );
        fc.pre(answered.length > 0);
        const turned = { ...answers };
        for (const p of picks.length > 0 ? picks : [0]) turned[answered[p % answered.length]!] = "unsure";
        const before = assess(content, answers, {}, fast).effort;
        const after = assess(content, turned, {}, fast).effort;
        // Exact: "not sure" only ever adds work (its discovery and worst case) and widens the factor.
        expect(after.pertMean).toBeGreaterThanOrEqual(before.pertMean * (1 - 1e-12));
        expect(after.sigma).toBeGreaterThanOrEqual(before.sigma);
        // Simulated quantiles move with Monte Carlo noise when the set of items changes (each item
        // has its own random stream, so an added item reshuffles which draws are the 50th and 90th
        // percentile): about 1% at these draws. A real narrowing would be far larger than that.
        const spread = (h: typeof before.hours) => h.p90 - h.p50;
        expect(spread(after.hours)).toBeGreaterThanOrEqual(spread(before.hours) * 0.98);
        expect(after.hours.p50).toBeGreaterThanOrEqual(before.hours.p50 * 0.99);
      }),
      { numRuns: 80 },
    );
  });
});

describe("assess: examples", () => {
  it("gives the same result for the same seed and a close one for another seed", () => {
    const a = assess(content, typical, DEFAULT_SETTINGS);
    expect(JSON.stringify(assess(content, typical, DEFAULT_SETTINGS))).toBe(JSON.stringify(a));
    const b = assess(content, typical, DEFAULT_SETTINGS, { seed: 99 });
    expect(b.effort.seed).toBe(99);
    expect(Math.abs(b.effort.hours.p50 / a.effort.hours.p50 - 1)).toBeLessThan(0.03);
    expect(Math.abs(b.effort.hours.mean / a.effort.hours.mean - 1)).toBeLessThan(0.03);
  });

  it("shows a range consistent with published overrun data", () => {
    const { hours, likelySum } = assess(content, typical).effort;
    // A falsely confident sum of independent tasks gives P90/P50 near 1.08.
    expect(hours.p90 / hours.p50).toBeGreaterThan(1.5);
    // Average overruns of 30-40% sit inside the range: P80 is at least 30% above the naive estimate.
    expect(hours.p80 / likelySum).toBeGreaterThan(1.3);
    expect(hours.mean).toBeGreaterThan(hours.p50);
  });

  it("matches the analytic PERT sum within 3% with the shared factor off (same items)", () => {
    const a = assess(content, typical);
    const items = a.tasks.map((t) => ({ id: t.id, estimate: t.estimate, dependsOn: t.dependsOn }));
    const r = simulate(items, { sigma: 0, teamSize: 1, weeklyCapacity: 30 });
    const pert = a.tasks.reduce((s, t) => s + t.mean, 0);
    expect(a.effort.pertMean).toBeCloseTo(pert, 9);
    expect(Math.abs(r.hours.mean / pert - 1)).toBeLessThan(0.03);
  });

  it("prices hours in the engagement currency and turns them into weeks per team size", () => {
    const one = assess(content, typical, { hourlyRate: 80, currency: "EUR" });
    expect(one.effort.cost).toMatchObject({ currency: "EUR", rate: 80 });
    expect(one.effort.cost.p50).toBeCloseTo(one.effort.hours.p50 * 80, 6);
    expect(one.effort.weeks.p50).toBeCloseTo(one.effort.hours.p50 / (30 * 0.7), 6);
    const three = assess(content, typical, { teamSize: 3 });
    expect(three.effort.hours).toEqual(one.effort.hours);
    expect(three.effort.weeks.p50).toBeLessThan(one.effort.weeks.p50);
    expect(three.effort.weeks.p50).toBeGreaterThanOrEqual(one.effort.weeks.p50 / 3);
  });

  it("excludes areas that do not apply from tasks and scores", () => {
    const a = assess(content, { ...typical, "intake.takes-payments": "no" });
    expect(a.areas.find((x) => x.id === "payments")).toMatchObject({ applicable: false, score: null });
    expect(a.tasks.some((t) => t.area === "payments")).toBe(false);
    expect(a.blockers.map((b) => b.questionId)).toEqual(["auth.rls"]);
  });

  it("prices an empty questionnaire as provisional, never as free", () => {
    const a = assess(content, {});
    expect(a.overall.score).toBeNull();
    expect(a.completion.percent).toBe(0);
    expect(a.provisional).toMatchObject({ provisional: true, answered: 0 });
    // Every open question counts as its worst answer: all its work, none of it plan work yet.
    expect(a.tasks.length).toBeGreaterThan(0);
    expect(a.tasks.every((t) => t.provisional && t.contingent && !t.discovery)).toBe(true);
    expect(a.effort.hours.p50).toBeGreaterThan(0);
    expect(a.effort.tiers[0]!.hours.p50).toBeGreaterThan(0);
    expect(a.provisional.unansweredHours).toBeCloseTo(a.effort.pertMean);
    expect(a.narrowers.every((n) => n.state === "missing")).toBe(true);
  });

  it("is never cheaper with questions left open than with their worst answers", () => {
    const worst = assess(content, { "auth.rls": "no", "auth.reset": "none", "ops.ci": "no" });
    const open = assess(content, {});
    expect(open.effort.pertMean).toBeGreaterThanOrEqual(worst.effort.pertMean);
    expect(open.effort.hours.p90).toBeGreaterThan(worst.effort.hours.p90);
  });
});

describe("settings", () => {
  it("fills defaults and takes the stage from the intake when not set", () => {
    expect(resolveSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings({ hourlyRate: 150, currency: undefined })).toMatchObject({
      hourlyRate: 150,
      currency: "USD",
    });
    const c = buildContent({
      intake: [{ id: "intake.stage", options: [{ id: "beta" }, { id: "growing" }, { id: "prototype" }] }],
      areas: [{ id: "a", questions: [yesNo("a.q")] }],
    });
    expect(resolveSettings({}, answerContext(c, { "intake.stage": "growing" })).stage).toBe("live");
    expect(resolveSettings({}, answerContext(c, { "intake.stage": "beta" })).stage).toBe("beta");
    expect(resolveSettings({ stage: "idea" }, answerContext(c, { "intake.stage": "beta" })).stage).toBe(
      "idea",
    );
    expect(() => resolveSettings({ hourlyRate: -1 })).toThrow(RangeError);
  });
});

describe("uncertainty", () => {
  const counts = { counted: 20, unsureCount: 0, missingCount: 0 };

  it("starts near 0.3 with clear requirements and widens with stage, unsure and missing answers", () => {
    expect(sigmaTerms(counts, "live").sigma).toBeCloseTo(SIGMA_BASE);
    expect(sigmaTerms(counts, "idea").sigma).toBeCloseTo(SIGMA_BASE + STAGE_SIGMA.idea);
    const unsure = sigmaTerms({ ...counts, unsureCount: 10 }, "prototype").sigma;
    const missing = sigmaTerms({ ...counts, missingCount: 10 }, "prototype").sigma;
    expect(unsure).toBeGreaterThan(sigmaTerms(counts, "prototype").sigma);
    // Both price their worst case (scope.ts); what stays unknown is the same.
    expect(missing).toBeCloseTo(unsure);
    // Everything open on an idea: the widest reading the terms allow, still within the cap.
    const open = sigmaTerms({ ...counts, missingCount: counts.counted }, "idea").sigma;
    expect(open).toBeCloseTo(SIGMA_BASE + STAGE_SIGMA.idea + 0.4);
    expect(open).toBeLessThanOrEqual(1);
  });

  it("counts visible non-text questions only", () => {
    const ctx = answerContext(content, { "auth.rls": "unsure" });
    // intake: takes-payments, integrations (notes is text); auth 3, apis 1, ops 1; payments hidden
    expect(countUncertainty(ctx)).toEqual({ counted: 7, unsureCount: 1, missingCount: 6 });
  });
});

describe("drivers and narrowers", () => {
  it("lists the biggest tasks and answers, splitting shared tasks", () => {
    const a = assess(content, typical, {}, { top: 3 });
    expect(a.drivers.tasks).toHaveLength(3);
    expect(a.drivers.tasks[0]!.taskId).toBe("auth-rls");
    const hours = a.drivers.tasks.map((d) => d.hours);
    expect([...hours].sort((x, y) => y - x)).toEqual(hours);
    const rls = a.drivers.questions.find((d) => d.questionId === "auth.rls")!;
    expect(rls.taskIds).toEqual(["auth-rls", "auth-tests"]);
    expect(rls.hours).toBeCloseTo((6 + 48 + 28) / 6 + (3 + 24 + 12) / 6);
    const all = assess(content, typical, {}, { top: 100 });
    const totalShare = all.drivers.questions.reduce((s, d) => s + d.share, 0);
    expect(totalShare).toBeCloseTo(1, 9);
  });

  it("ranks the unsure or missing answers that widen the range most", () => {
    const c = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            yesNo("a.big", ["big"]),
            yesNo("a.small", ["small"]),
            yesNo("a.known", ["known"]),
            yesNo("a.blank"),
          ],
          tasks: [
            { id: "big", estimate: [20, 40, 100] },
            { id: "small", estimate: [1, 2, 3] },
            { id: "known", estimate: [10, 20, 40] },
          ],
        },
      ],
    });
    const a = assess(c, { "a.big": "unsure", "a.small": "unsure", "a.known": "no" });
    // a.small removes its task and its discovery; a.blank (no tasks) only its share of the spread.
    expect(a.narrowers.map((n) => [n.questionId, n.state])).toEqual([
      ["a.big", "unsure"],
      ["a.small", "unsure"],
      ["a.blank", "missing"],
    ]);
    expect(a.narrowers[0]!.meanHours).toBeCloseTo((20 + 160 + 100) / 6 + (0.5 + 4 + 3) / 6);
    const spread = a.effort.hours.p90 - a.effort.hours.p50;
    for (const n of a.narrowers) {
      expect(n.spreadHours).toBeGreaterThan(0);
      expect(n.spreadHours).toBeLessThan(spread);
    }
    // Resolving the top one for real removes about as much spread as estimated.
    const resolved = assess(c, { "a.big": "yes", "a.small": "unsure", "a.known": "no" });
    const removed = spread - (resolved.effort.hours.p90 - resolved.effort.hours.p50);
    expect(Math.abs(removed / a.narrowers[0]!.spreadHours - 1)).toBeLessThan(0.15);
  });

  it("approximates the simulated spread in closed form", () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      id: `t${i}`,
      estimate: { optimistic: 2, likely: 5, pessimistic: 14 },
      dependsOn: [],
    }));
    const r = simulate(items, { sigma: 0.4, teamSize: 1, weeklyCapacity: 30 });
    const mean = r.pertMean;
    const sigmaItem = Math.log(7) / (2 * 1.2815515655446004);
    const variance = 12 * (mean / 12) ** 2 * Math.expm1(sigmaItem * sigmaItem);
    const analytic = analyticSpread(mean, variance, 0.4);
    expect(Math.abs(analytic / (r.hours.p90 - r.hours.p50) - 1)).toBeLessThan(0.05);
  });
});
