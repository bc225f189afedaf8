import { describe, expect, it } from "vitest";

import { answerStatus, describeAnswer } from "./answer-words";
import { sampleContent } from "./test-fixtures";

const content = sampleContent();
const q = (id: string) => content.questionsById.get(id)!;

describe("describeAnswer", () => {
  it("says unsure, not applicable and unanswered the same way everywhere", () => {
    expect(describeAnswer(q("auth.rls"), "unsure")).toBe("I'm not sure");
    expect(describeAnswer(q("auth.reset"), "not-applicable")).toBe("Doesn't apply");
    for (const empty of [undefined, null, "", "  ", []]) {
      expect(describeAnswer(q("auth.rls"), empty)).toBe("Not answered");
    }
  });

  it("uses option labels, numbers with their unit, and text as written", () => {
    const labelled = {
      options: [
        { id: "a", label: "Alpha" },
        { id: "b", label: "Beta" },
      ],
    };
    expect(describeAnswer(labelled, "b")).toBe("Beta");
    expect(describeAnswer(labelled, ["a", "b"])).toBe("Alpha; Beta");
    expect(describeAnswer(labelled, "gone")).toBe("gone");
    expect(describeAnswer({ options: [], unit: "users" }, 12500)).toBe("12,500 users");
    expect(describeAnswer(q("intake.notes"), "A shop")).toBe("A shop");
  });
});

describe("answerStatus", () => {
  it("sorts values into the four states", () => {
    expect([undefined, "unsure", "not-applicable", "yes", ["x"], 0].map(answerStatus)).toEqual([
      "missing",
      "unsure",
      "not-applicable",
      "answered",
      "answered",
      "answered",
    ]);
  });
});
