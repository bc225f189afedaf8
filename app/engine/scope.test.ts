import { describe, expect, it } from "vitest";
import type { Answers } from "./content/types";
import { answerContext } from "./answers";
import { sizeReadings, triggeredTasks } from "./scope";
import { buildContent, sampleContent } from "./test-fixtures";

const content = sampleContent();
const all = (answers: Answers) => triggeredTasks(answerContext(content, answers));
/** What the given answers call for; the provisional work of the questions left open is tested apart. */
const tasks = (answers: Answers) => all(answers).filter((t) => !t.provisional);
const ids = (answers: Answers) => tasks(answers).map((t) => t.id);

describe("triggered tasks", () => {
  it("collects each task once, with every answer that triggered it", () => {
    const t = tasks({ "auth.reset": "none", "auth.safeguards": ["rate-limit"], "auth.rls": "no" });
    expect(t.map((x) => x.id)).toEqual(["auth-rls", "auth-tests", "auth-reset", "auth-rate-limit"]);
    expect(t.find((x) => x.id === "auth-rls")!.triggeredBy).toEqual(["auth.rls"]);
    expect(t.every((x) => !x.contingent)).toBe(true);
  });

  it("records several triggering answers on a shared task", () => {
    const c = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.one",
              options: [
                { id: "bad", tasks: ["shared"] },
                { id: "ok", readiness: 1 },
              ],
            },
            {
              id: "a.two",
              options: [
                { id: "bad", tasks: ["shared"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          tasks: [{ id: "shared" }],
        },
      ],
    });
    const t = triggeredTasks(answerContext(c, { "a.two": "bad", "a.one": "bad" }));
    expect(t).toHaveLength(1);
    expect(t[0]!.triggeredBy).toEqual(["a.one", "a.two"]);
  });

  it("orders launch blockers first, then area order, then content order", () => {
    const t = tasks({
      "ops.ci": "no",
      "auth.reset": "none",
      "auth.rls": "no",
      "intake.takes-payments": "yes",
      "payments.webhooks": "no",
    });
    expect(t.map((x) => [x.id, x.phase])).toEqual([
      ["auth-rls", "launch-blocker"],
      ["auth-tests", "launch-blocker"],
      ["payments-webhooks", "launch-blocker"],
      ["auth-reset", "hardening"],
      ["ops-ci", "hardening"],
    ]);
  });

  it("prices unsure as a discovery task plus the worst case, marked contingent", () => {
    const t = tasks({ "auth.rls": "unsure" });
    expect(t.map((x) => [x.id, x.contingent, x.discovery])).toEqual([
      ["auth-rls", true, false],
      ["auth-tests", true, false],
      ["discover.auth.rls", false, true],
    ]);
    // A task wanted for sure by another answer is not contingent.
    const both = tasks({ "auth.reset": "unsure", "ops.ci": "no" });
    expect(both.find((x) => x.id === "auth-reset")!.contingent).toBe(true);
    expect(
      tasks({ "auth.reset": "none", "auth.safeguards": "unsure" } as Answers).find(
        (x) => x.id === "auth-reset",
      )!.contingent,
    ).toBe(false);
  });

  it("gives a discovery task the earliest phase of the work it could lead to", () => {
    expect(tasks({ "auth.rls": "unsure" }).find((x) => x.id === "discover.auth.rls")!.phase).toBe(
      "launch-blocker",
    );
  });

  it("adds nothing for tasks of areas that do not apply or for hidden questions", () => {
    expect(ids({ "intake.takes-payments": "no", "payments.webhooks": "no" })).toEqual([]);
    expect(ids({ "intake.takes-payments": "yes", "payments.webhooks": "no" })).toEqual(["payments-webhooks"]);
    expect(ids({ "ops.ci": "no", "ops.monitoring": "no" })).toEqual(["ops-ci"]);
    expect(ids({ "intake.takes-payments": "no", "payments.webhooks": "unsure" })).toEqual([]);
  });

  it("adds nothing for not-applicable answers or good answers", () => {
    expect(ids({ "auth.reset": "not-applicable", "auth.rls": "yes", "apis.retries": 0 })).toEqual([]);
  });

  it("prices unanswered questions as their worst case, provisional, with no discovery task", () => {
    const open = all({ "intake.takes-payments": "no", "auth.rls": "yes", "auth.reset": "self-serve" });
    // auth.safeguards, apis.retries and ops.ci are open; ops.monitoring is hidden until ops.ci is "yes".
    expect(open.map((t) => [t.id, t.contingent, t.provisional])).toEqual([
      ["auth-rate-limit", true, true],
      ["apis-retries", true, true],
      ["ops-ci", true, true],
    ]);
    expect(open.some((t) => t.discovery)).toBe(false);
    // Answered "I'm not sure": contingent but not provisional (it is plan work: someone finds out).
    const unsure = all({ "auth.rls": "unsure" }).find((t) => t.id === "auth-rls")!;
    expect([unsure.contingent, unsure.provisional]).toEqual([true, false]);
    // A task some answer wants is neither.
    const wanted = all({ "ops.ci": "no" }).find((t) => t.id === "ops-ci")!;
    expect([wanted.contingent, wanted.provisional]).toEqual([false, false]);
  });

  it("sizes a task by its declared share of each size driver, with the default while the size is unknown", () => {
    const sized = (answers: Answers) =>
      tasks({ "apis.retries": 5, ...answers }).find((t) => t.id === "apis-retries")!;
    // Share 1 of "integrations" (reference 1): the whole estimate is per integration.
    expect(sized({ "intake.integrations": 5 })).toMatchObject({
      multiplier: 5,
      estimate: { optimistic: 5, likely: 10, pessimistic: 20 },
      baseEstimate: { optimistic: 1, likely: 2, pessimistic: 4 },
    });
    expect(sized({ "intake.integrations": 0 }).multiplier).toBe(1); // the driver's min
    expect(sized({}).multiplier).toBe(2); // default
    expect(sized({ "intake.integrations": "unsure" }).multiplier).toBe(2);
    expect(sized({ "intake.integrations": 5 }).mean).toBeCloseTo((5 + 40 + 20) / 6);
  });

  it("combines shares of several drivers, keeping the rest of the work fixed", () => {
    const c = buildContent({
      intake: [
        { id: "intake.screens", options: [{ id: "few" }, { id: "many" }] },
        { id: "intake.services", kind: "number", min: 0, max: 50 },
      ],
      sizing: [
        {
          id: "screens",
          title: "Screens",
          question: "intake.screens",
          reference: 10,
          default: 15,
          min: 1,
          units: { few: 4, many: 30 },
        },
        { id: "services", title: "Services", question: "intake.services", reference: 2, default: 3, min: 1 },
      ],
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.q",
              options: [
                { id: "bad", tasks: ["t"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          tasks: [{ id: "t", estimate: [6, 12, 24], size: { screens: 0.5, services: 0.25 } }],
        },
      ],
    });
    const m = (answers: Answers) =>
      triggeredTasks(answerContext(c, { "a.q": "bad", ...answers })).find((t) => t.id === "t")!.multiplier;
    expect(m({ "intake.screens": "few", "intake.services": 2 })).toBeCloseTo(1 + 0.5 * (4 / 10 - 1));
    expect(m({ "intake.screens": "many", "intake.services": 6 })).toBeCloseTo(1 + 0.5 * 2 + 0.25 * 2);
    expect(m({})).toBeCloseTo(1 + 0.5 * 0.5 + 0.25 * 0.5); // both defaults
  });

  it("counts a size question the answers hide as the driver's hidden units, a known size", () => {
    // Without accounts nobody is asked about kinds of users: there is one, not an unknown number.
    const c = buildContent({
      intake: [
        { id: "intake.accounts", options: [{ id: "yes" }, { id: "no" }] },
        {
          id: "intake.roles",
          options: [{ id: "one" }, { id: "many" }],
          showIf: { not: { question: "intake.accounts", equals: "no" } },
        },
      ],
      sizing: [
        {
          id: "roles",
          title: "Roles",
          question: "intake.roles",
          reference: 2,
          default: 2.5,
          min: 1,
          hidden: 1,
          units: { one: 1, many: 4 },
        },
      ],
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.q",
              options: [
                { id: "bad", tasks: ["t"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          tasks: [{ id: "t", estimate: [6, 12, 24], size: { roles: 0.5 } }],
        },
      ],
    });
    const reading = (answers: Answers) => {
      const ctx = answerContext(c, { "a.q": "bad", ...answers });
      return {
        size: sizeReadings(ctx)[0],
        multiplier: triggeredTasks(ctx).find((t) => t.id === "t")!.multiplier,
      };
    };
    expect(reading({ "intake.accounts": "no" })).toEqual({
      size: {
        driverId: "roles",
        title: "Roles",
        question: "intake.roles",
        units: 1,
        reference: 2,
        answered: true,
      },
      multiplier: 1 + 0.5 * (1 / 2 - 1),
    });
    // Shown but open, it is priced cautiously; answered, as answered.
    expect(reading({ "intake.accounts": "yes" })).toMatchObject({ size: { units: 2.5, answered: false } });
    expect(reading({})).toMatchObject({ size: { units: 2.5, answered: false } });
    expect(reading({ "intake.accounts": "yes", "intake.roles": "many" })).toMatchObject({
      size: { units: 4, answered: true },
      multiplier: 1 + 0.5 * (4 / 2 - 1),
    });
    // A stale answer left behind by a hidden question does not count.
    expect(reading({ "intake.accounts": "no", "intake.roles": "many" })).toMatchObject({
      size: { units: 1 },
    });
  });

  it("brings a work package in once, with the tasks that use it, in their earliest phase", () => {
    const c = buildContent({
      areas: [
        {
          id: "p",
          questions: [
            {
              id: "p.a",
              options: [
                { id: "bad", tasks: ["late"] },
                { id: "ok", readiness: 1 },
              ],
            },
            {
              id: "p.b",
              options: [
                { id: "bad", tasks: ["early"] },
                { id: "ok", readiness: 1 },
              ],
            },
            {
              id: "p.c",
              options: [
                { id: "bad", tasks: ["alone"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          packages: [{ id: "setup", estimate: [1, 2, 3] }],
          tasks: [
            { id: "early", package: "setup", phase: "launch-blocker" },
            { id: "late", package: "setup", phase: "scale" },
            { id: "alone" },
          ],
        },
      ],
    });
    const run = (answers: Answers) => triggeredTasks(answerContext(c, answers));
    expect(run({ "p.c": "bad", "p.a": "ok", "p.b": "ok" }).map((t) => t.id)).toEqual(["alone"]);
    const onlyLate = run({ "p.a": "bad", "p.b": "ok", "p.c": "ok" });
    expect(onlyLate.map((t) => [t.id, t.phase])).toEqual([
      ["setup", "scale"],
      ["late", "scale"],
    ]);
    const both = run({ "p.a": "bad", "p.b": "bad", "p.c": "ok" });
    expect(both.map((t) => [t.id, t.phase])).toEqual([
      ["setup", "launch-blocker"],
      ["early", "launch-blocker"],
      ["late", "scale"],
    ]);
    const setup = both.find((t) => t.id === "setup")!;
    expect(setup).toMatchObject({ shared: true, members: ["late", "early"], triggeredBy: ["p.a", "p.b"] });
    expect(both.find((t) => t.id === "late")!.dependsOn).toEqual(["setup"]);
    expect(both.find((t) => t.id === "early")!).toMatchObject({ package: "setup", dependsOn: ["setup"] });
  });

  it("keeps dependencies among triggered tasks, passing through untriggered ones", () => {
    // auth-rate-limit -> ops-ci -> ops-env; ops-env is never triggered by an answer.
    const t = tasks({ "auth.safeguards": ["rate-limit"], "ops.ci": "no", "auth.rls": "no" });
    expect(t.find((x) => x.id === "auth-rate-limit")!.dependsOn).toEqual(["ops-ci"]);
    expect(t.find((x) => x.id === "ops-ci")!.dependsOn).toEqual([]);
    expect(t.find((x) => x.id === "auth-tests")!.dependsOn).toEqual(["auth-rls"]);
    const c = buildContent({
      areas: [
        {
          id: "a",
          questions: [
            {
              id: "a.q",
              options: [
                { id: "bad", tasks: ["top", "bottom"] },
                { id: "ok", readiness: 1 },
              ],
            },
          ],
          tasks: [
            { id: "top", dependsOn: ["middle"] },
            { id: "middle", dependsOn: ["bottom"] },
            { id: "bottom" },
          ],
        },
      ],
    });
    expect(triggeredTasks(answerContext(c, { "a.q": "bad" })).find((x) => x.id === "top")!.dependsOn).toEqual(
      ["bottom"],
    );
  });

  it("only triggers tasks that exist in the content", () => {
    const all = tasks({
      "intake.takes-payments": "yes",
      "auth.rls": "unsure",
      "auth.reset": "unsure",
      "auth.safeguards": "unsure",
      "payments.webhooks": "unsure",
      "apis.retries": "unsure",
      "ops.ci": "unsure",
    });
    for (const t of all) expect(content.tasksById.has(t.id)).toBe(true);
    // Everything else is reachable: not ops-env (only ever a dependency), nor ops-monitoring and
    // its discovery task (its question is hidden while ops.ci is unsure).
    expect(all).toHaveLength(content.tasks.length - 3);
  });
});
