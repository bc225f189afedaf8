import { describe, expect, it } from "vitest";

import { inversions, laterInWords, orderNotice, placedBeforeWhatTheyWaitFor } from "./order-warnings";

type Phase = "launch-blocker" | "hardening" | "scale";
type Scope = "included" | "excluded" | "deferred" | "proposed";

const item = (
  id: string,
  phase: Phase,
  position: number,
  dependsOn: string[] = [],
  scope: Scope = "included",
) => ({
  id,
  title: id.toUpperCase(),
  phase,
  position,
  scope,
  dependsOn,
});

describe("order against dependencies", () => {
  it("finds items placed above what they wait for, in a phase and across phases", () => {
    const plan = [
      item("b", "launch-blocker", 1, ["a"]),
      item("a", "launch-blocker", 2),
      item("c", "launch-blocker", 3, ["a"]),
      // A launch item waiting for hardening work: the list runs it first, the timeline last.
      item("d", "launch-blocker", 4, ["e"]),
      item("e", "hardening", 0),
    ];
    expect(inversions(plan).map((i) => `${i.item.id}<${i.waitsFor.id}`)).toEqual(["b<a", "d<e"]);
    expect(placedBeforeWhatTheyWaitFor(plan)).toEqual(
      new Map([
        ["b", ["“A”"]],
        ["d", ["“E”"]],
      ]),
    );
  });

  it("says that later-phase work a move made an item wait for now counts in its tier", () => {
    const plan = [
      item("d", "launch-blocker", 1, ["e", "f"]),
      item("e", "hardening", 0),
      item("f", "scale", 0),
      item("g", "hardening", 1, ["f"]),
    ];
    expect(orderNotice(plan, "d")).toBe(
      "“D” now comes before “E” and “F”, which it waits for; the timeline still runs them first. So “E” (Hardening) now counts in the launch minimum's hours and price. So “F” (Scale later) now counts in the launch minimum's hours and price.",
    );
    // Seen from the prerequisite, and within one phase nothing moves between tiers.
    expect(orderNotice(plan, "f")).toContain(
      "So “F” (Scale later) now counts in the launch minimum's hours and price.",
    );
    expect(orderNotice([item("b", "hardening", 1, ["a"]), item("a", "hardening", 2)], "b")).not.toContain(
      "counts in",
    );
  });

  it("leaves out items not in scope: the timeline does not schedule them", () => {
    const plan = [item("b", "scale", 1, ["a"]), item("a", "scale", 2, [], "deferred")];
    expect(inversions(plan)).toEqual([]);
    expect(inversions([item("b", "scale", 1, ["a"], "excluded"), item("a", "scale", 2)])).toEqual([]);
  });

  it("says what a move left out of order, both ways", () => {
    const plan = [
      item("x", "hardening", 1, ["y", "z"]),
      item("w", "hardening", 2, ["x"]),
      item("y", "hardening", 3),
      item("z", "hardening", 4),
    ];
    expect(orderNotice(plan, "x")).toBe(
      "“X” now comes before “Y” and “Z”, which it waits for; the timeline still runs them first.",
    );
    expect(orderNotice(plan, "y")).toBe(
      "“X” now comes before “Y”, which it waits for; the timeline still runs “Y” first.",
    );
    expect(orderNotice(plan, "w")).toBeNull();
    expect(orderNotice(plan, "nothing")).toBeNull();
    const two = [
      item("v", "scale", 1, ["m"]),
      item("u", "scale", 2, ["m"]),
      item("m", "scale", 3, ["n"]),
      item("n", "scale", 4),
    ];
    expect(orderNotice(two, "m")).toBe(
      "“M” now comes before “N”, which it waits for; the timeline still runs “N” first. “V” and “U” now come before “M”, which they wait for; the timeline still runs “M” first.",
    );
  });

  it("words a row's warning", () => {
    expect(laterInWords(["“A”"])).toBe("“A” comes later in the plan; the timeline runs it first.");
    expect(laterInWords(["“A”", "“B”", "“C”"])).toBe(
      "“A”, “B” and “C” come later in the plan; the timeline runs them first.",
    );
  });
});
