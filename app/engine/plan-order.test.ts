// A fresh plan lists each item after what it waits for: the assessment's order (area by area) put
// some items above their own dependencies, and the plan flags exactly that as a mistake to look at.
import { describe, expect, it } from "vitest";

import type { TriggeredTask } from "./assessment-types";
import { mergePlan } from "./plan";

const task = (id: string, dependsOn: string[] = []) =>
  ({
    id,
    title: id,
    phase: "launch-blocker",
    estimate: { optimistic: 1, likely: 2, pessimistic: 4 },
    dependsOn,
  }) as unknown as TriggeredTask;

describe("a new plan's order", () => {
  it("keeps the assessment's order, moving each item after what it waits for", () => {
    const created = mergePlan(
      [],
      [task("a"), task("b", ["d"]), task("c"), task("d", ["e"]), task("e")],
    ).create;
    expect(created.map((c) => c.task.id)).toEqual(["a", "e", "d", "b", "c"]);
  });

  it("ignores dependencies that are not new items, and survives a loop", () => {
    const created = mergePlan([], [task("a", ["gone"]), task("b", ["c"]), task("c", ["b"])]).create;
    expect(created.map((c) => c.task.id).sort()).toEqual(["a", "b", "c"]);
    expect(created[0]!.task.id).toBe("a");
  });
});
