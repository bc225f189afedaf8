// Properties of the estimate's structure: tiers, size, shared work, the outside view and partial
// answers (issue 11). Small in-code content keeps each property's cause visible.

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import type { Answers, Content } from "./content/types";
import { assess } from "./assess";
import { buildContent, sampleContent } from "./test-fixtures";

const fast = { draws: 2000 };

/** Two size drivers and tasks that grow with them, in all three phases, one package. */
function sizedContent(): Content {
  return buildContent({
    intake: [
      {
        id: "intake.screens",
        options: [{ id: "s1" }, { id: "s2" }, { id: "s3" }, { id: "s4" }],
      },
      { id: "intake.services", kind: "number", min: 0, max: 50 },
      { id: "intake.paid", kind: "yes-no", options: [{ id: "yes" }, { id: "no" }] },
    ],
    sizing: [
      {
        id: "screens",
        title: "Screens",
        question: "intake.screens",
        reference: 10,
        default: 15,
        min: 1,
        units: { s1: 4, s2: 10, s3: 25, s4: 60 },
      },
      { id: "services", title: "Services", question: "intake.services", reference: 2, default: 3, min: 1 },
    ],
    reference: {
      sources: [],
      classes: [
        {
          id: "paid",
          title: "Paid apps",
          description: "Taking money.",
          when: { question: "intake.paid", equals: "yes" },
          launch: { low: 10, median: 20, high: 40 },
          sources: [],
          basis: "Test data.",
        },
        {
          id: "free",
          title: "Free apps",
          description: "Not taking money.",
          launch: { low: 5, median: 10, high: 20 },
          sources: [],
          basis: "Test data.",
        },
      ],
    },
    areas: [
      {
        id: "a",
        questions: [
          {
            id: "a.ui",
            options: [
              { id: "bad", tasks: ["ui-fix", "ui-polish"] },
              { id: "ok", readiness: 1 },
            ],
          },
          {
            id: "a.api",
            options: [
              { id: "bad", tasks: ["api-fix"] },
              { id: "ok", readiness: 1 },
            ],
          },
          {
            id: "a.pay",
            options: [
              { id: "bad", tasks: ["pay-fix", "pay-later"] },
              { id: "ok", readiness: 1 },
            ],
          },
          {
            id: "a.scale",
            options: [
              { id: "bad", tasks: ["cache"] },
              { id: "ok", readiness: 1 },
            ],
          },
        ],
        packages: [{ id: "pay-setup", estimate: [1, 2, 4] }],
        tasks: [
          { id: "ui-fix", estimate: [2, 4, 9], size: { screens: 0.8 }, phase: "launch-blocker" },
          { id: "ui-polish", estimate: [3, 6, 14], size: { screens: 0.9 }, phase: "hardening" },
          { id: "api-fix", estimate: [1, 2, 5], size: { services: 0.7 }, phase: "launch-blocker" },
          { id: "pay-fix", estimate: [2, 3, 7], package: "pay-setup", phase: "launch-blocker" },
          { id: "pay-later", estimate: [1, 3, 6], package: "pay-setup", phase: "hardening" },
          { id: "cache", estimate: [2, 4, 10], phase: "scale" },
        ],
      },
    ],
  });
}

const allBad: Answers = { "a.ui": "bad", "a.api": "bad", "a.pay": "bad", "a.scale": "bad" };

describe("tiers", () => {
  it("has the launch minimum first, then hardening, then scale later, each with its own range", () => {
    const a = assess(sizedContent(), { ...allBad, "intake.paid": "yes" }, { hourlyRate: 100 }, fast);
    expect(a.effort.tiers.map((t) => [t.id, t.title, t.tasks])).toEqual([
      ["launch", "Launch minimum", 4], // ui-fix, api-fix, pay-fix and the package they share
      ["hardening", "Hardening", 2],
      ["scale", "Scale later", 1],
    ]);
    for (const t of a.effort.tiers) {
      expect(t.hours.p50).toBeGreaterThan(0);
      expect(t.hours.p10).toBeLessThanOrEqual(t.hours.p50);
      expect(t.hours.p50).toBeLessThanOrEqual(t.hours.p90);
      expect(t.weeks.p50).toBeLessThanOrEqual(t.weeks.p90);
      expect(t.cost.p50).toBeCloseTo(t.hours.p50 * 100, 6);
      expect(t.meaning.length).toBeGreaterThan(10);
    }
  });

  it("adds up: tier means are the total mean, tier weeks the total weeks", () => {
    fc.assert(
      fc.property(
        fc.record({ "a.ui": fc.constantFrom("bad", "ok", "unsure"), "a.pay": fc.constantFrom("bad", "ok") }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        (answers, teamSize, seed) => {
          const a = assess(sizedContent(), { ...allBad, ...answers }, { teamSize }, { ...fast, seed });
          const sum = (f: (t: (typeof a.effort.tiers)[number]) => number) =>
            a.effort.tiers.reduce((s, t) => s + f(t), 0);
          expect(sum((t) => t.hours.mean)).toBeCloseTo(a.effort.hours.mean, 6);
          expect(sum((t) => t.weeks.mean)).toBeCloseTo(a.effort.weeks.mean, 6);
          expect(sum((t) => t.cost.mean)).toBeCloseTo(a.effort.cost.mean, 4);
          expect(sum((t) => t.tasks)).toBe(a.tasks.length);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("size", () => {
  it("never makes a bigger app cost less", () => {
    const screens = ["s1", "s2", "s3", "s4"];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        (small, step, services, more) => {
          const big = Math.min(3, small + step);
          const run = (s: string, n: number) =>
            assess(sizedContent(), { ...allBad, "intake.screens": s, "intake.services": n }, {}, fast).effort;
          const a = run(screens[small]!, services);
          const b = run(screens[big]!, services + more);
          expect(b.pertMean).toBeGreaterThan(a.pertMean);
          // Same items, same streams: every draw grows, so every quantile does.
          expect(b.hours.p50).toBeGreaterThan(a.hours.p50);
          expect(b.hours.p90).toBeGreaterThan(a.hours.p90);
          expect(b.tiers[0]!.hours.p50).toBeGreaterThan(a.tiers[0]!.hours.p50);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("reports each driver's units, and the cautious default while a size question is open", () => {
    const a = assess(sizedContent(), { ...allBad, "intake.screens": "s1" });
    expect(a.size).toEqual([
      {
        driverId: "screens",
        title: "Screens",
        question: "intake.screens",
        units: 4,
        reference: 10,
        answered: true,
      },
      {
        driverId: "services",
        title: "Services",
        question: "intake.services",
        units: 3,
        reference: 2,
        answered: false,
      },
    ]);
  });
});

describe("shared work", () => {
  const shared = (answers: Answers) => assess(sizedContent(), answers, {}, fast);

  it("counts a package once for all the tasks that use it, and says so", () => {
    const a = shared(allBad);
    expect(a.tasks.filter((t) => t.id === "pay-setup")).toHaveLength(1);
    expect(a.effort.shared).toEqual([
      {
        packageId: "pay-setup",
        title: "Package pay-setup",
        hours: (1 + 8 + 4) / 6,
        members: [
          { id: "pay-fix", title: "Task pay-fix" },
          { id: "pay-later", title: "Task pay-later" },
        ],
        saved: (1 + 8 + 4) / 6, // counted once instead of twice
      },
    ]);
  });

  it("never costs more for a task added to a package than for the same task alone", () => {
    // The same work as independent tasks: each carries the whole setup.
    const alone = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.pay",
              options: [
                { id: "bad", tasks: ["pay-fix", "pay-later"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          tasks: [
            { id: "pay-fix", estimate: [3, 5, 11], phase: "launch-blocker" },
            { id: "pay-later", estimate: [2, 5, 10], phase: "hardening" },
          ],
        },
      ],
    });
    const inPackage = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.pay",
              options: [
                { id: "bad", tasks: ["pay-fix", "pay-later"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          packages: [{ id: "pay-setup", estimate: [1, 2, 4] }],
          tasks: [
            { id: "pay-fix", estimate: [2, 3, 7], package: "pay-setup", phase: "launch-blocker" },
            { id: "pay-later", estimate: [1, 3, 6], package: "pay-setup", phase: "hardening" },
          ],
        },
      ],
    });
    const a = assess(alone, { "a.pay": "bad" }).effort;
    const b = assess(inPackage, { "a.pay": "bad" }).effort;
    expect(b.pertMean).toBeLessThan(a.pertMean);
    expect(b.pertMean).toBeCloseTo(a.pertMean - (1 + 8 + 4) / 6, 6);
    // One task alone in its package costs exactly increment + setup.
    const one = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.pay",
              options: [
                { id: "bad", tasks: ["pay-fix"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          packages: [{ id: "pay-setup", estimate: [1, 2, 4] }],
          tasks: [{ id: "pay-fix", estimate: [2, 3, 7], package: "pay-setup", phase: "launch-blocker" }],
        },
      ],
    });
    expect(assess(one, { "a.pay": "bad" }).effort.pertMean).toBeCloseTo((2 + 12 + 7 + 1 + 8 + 4) / 6, 6);
  });
});

describe("the outside view", () => {
  it("picks the first reference class whose condition holds and places the launch minimum in it", () => {
    const paid = assess(sizedContent(), { ...allBad, "intake.paid": "yes" }, { hourlyRate: 50 }, fast);
    expect(paid.reference).toMatchObject({ classId: "paid", low: 10, median: 20, high: 40, unit: "hours" });
    expect(paid.reference!.cost).toEqual({ low: 500, median: 1000, high: 2000, currency: "USD" });
    expect(paid.reference!.estimate).toBeCloseTo(paid.effort.tiers[0]!.hours.p50, 9);
    const free = assess(sizedContent(), { ...allBad, "intake.paid": "no" }, {}, fast);
    expect(free.reference!.classId).toBe("free");
  });

  it("places the launch minimum as its whole hours read, so '80 h' is never 'above' a range ending at 80 h", () => {
    const answers = { ...allBad, "intake.paid": "yes" };
    const estimate = assess(sizedContent(), answers, {}, fast).reference!.estimate;
    // The case under test: the unrounded figure is just above the whole hours shown.
    expect(estimate).toBeGreaterThan(Math.round(estimate));
    // A class whose range ends exactly at the shown figure, with the unrounded one just above or below it.
    const endingAt = (high: number) => {
      const content = sizedContent();
      content.reference!.classes[0]!.launch = { low: 1, median: high / 2, high };
      return assess(content, answers, {}, fast).reference!;
    };
    expect(endingAt(Math.round(estimate)).position).toBe("within");
    expect(endingAt(Math.round(estimate) - 1).position).toBe("above");
  });

  it("says plainly when the launch minimum is more than twice outside the range, and why", () => {
    const huge = assess(
      sizedContent(),
      { ...allBad, "intake.paid": "no", "intake.screens": "s4", "intake.services": 40 },
      {},
      fast,
    );
    expect(huge.reference!.position).toBe("far-above");
    expect(huge.reference!.reasons.join(" ")).toMatch(
      /bigger than a typical one.*screens about 60 \(typical 10\)/i,
    );
    expect(huge.reference!.reasons.join(" ")).toMatch(
      /4 tasks are needed before launch; the largest: Task api-fix \(about 33 h\); Task ui-fix/,
    );
    const none = assess(
      sizedContent(),
      { "a.ui": "ok", "a.api": "ok", "a.pay": "ok", "a.scale": "bad", "intake.paid": "no" },
      {},
      fast,
    );
    expect(none.reference!.position).toBe("far-below");
    expect(none.reference!.reasons).toEqual(["No answer calls for work before launch."]);
  });

  it("has no reference when no class applies", () => {
    expect(assess(sampleContent(), {}).reference).toBeNull();
  });
});

describe("partial answers", () => {
  it("are provisional and never cheaper than answering the open questions with their worst answers", () => {
    const c = sizedContent();
    const partial = assess(c, { "a.ui": "ok" }, {}, fast);
    expect(partial.provisional).toMatchObject({ provisional: true, answered: 1 });
    expect(partial.provisional.unansweredHours).toBeGreaterThan(0);
    const worst = assess(c, { ...allBad, "a.ui": "ok" }, {}, fast);
    expect(partial.effort.pertMean).toBeCloseTo(worst.effort.pertMean, 6);
    expect(worst.provisional.unansweredHours).toBe(0);
    // Best answers everywhere: nothing to do, and not provisional.
    const best = assess(
      c,
      {
        "a.ui": "ok",
        "a.api": "ok",
        "a.pay": "ok",
        "a.scale": "ok",
        "intake.screens": "s1",
        "intake.services": 1,
        "intake.paid": "no",
      },
      {},
      fast,
    );
    expect(best.provisional.provisional).toBe(false);
    expect(best.effort.hours.p90).toBe(0);
  });
});
