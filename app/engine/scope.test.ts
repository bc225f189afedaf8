import { describe, expect, it } from "vitest";
import type { Answers } from "./content/types";
import { answerContext } from "./answers";
import { triggeredTasks } from "./scope";
import { buildContent, sampleContent } from "./test-fixtures";

const content = sampleContent();
const tasks = (answers: Answers) => triggeredTasks(answerContext(content, answers));
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

  it("scales tasks by a number answer, clamped, with the default when unanswered or unsure", () => {
    const scaled = (answers: Answers) =>
      tasks({ "apis.retries": 5, ...answers }).find((t) => t.id === "apis-retries")!;
    expect(scaled({ "intake.integrations": 5 })).toMatchObject({
      multiplier: 5,
      estimate: { optimistic: 5, likely: 10, pessimistic: 20 },
      baseEstimate: { optimistic: 1, likely: 2, pessimistic: 4 },
    });
    expect(scaled({ "intake.integrations": 0 }).multiplier).toBe(1);
    expect(scaled({ "intake.integrations": 50 }).multiplier).toBe(20);
    expect(scaled({}).multiplier).toBe(2);
    expect(scaled({ "intake.integrations": "unsure" }).multiplier).toBe(2);
    expect(scaled({ "intake.integrations": 5 }).mean).toBeCloseTo((5 + 40 + 20) / 6);
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
