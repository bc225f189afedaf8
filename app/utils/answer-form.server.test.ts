import { describe, expect, it } from "vitest";

import type { Question } from "~/engine/content/types";
import { buildContent, sampleContent, yesNo } from "~/engine/test-fixtures";

import { parseAnswerForm } from "./answer-form.server";

const content = sampleContent();
const allowed = new Map([...content.questionsById.values()].map((q) => [q.id, q] as const));

function submit(id: string, ...values: string[]): FormData {
  const fd = new FormData();
  fd.append("q", id);
  for (const v of values) fd.append(`a:${id}`, v);
  return fd;
}

const errorOf = (fd: FormData, questions: ReadonlyMap<string, Question> = allowed) =>
  parseAnswerForm(fd, questions).fieldErrors;

describe("parseAnswerForm: the engine's problem codes in the founder's words", () => {
  it.each([
    ["out of range (min and max)", submit("intake.integrations", "51"), "Enter a number from 0 to 50."],
    [
      "not applicable where not allowed",
      submit("auth.rls", "not-applicable"),
      "“Not applicable” isn't an option for this question.",
    ],
    [
      "an option the question does not have",
      submit("auth.rls", "maybe"),
      "That choice isn't one of this question's options. Pick one from the list.",
    ],
    [
      "an exclusive option with others",
      submit("auth.safeguards", "all", "mfa"),
      "“None of these” can't be combined with other choices.",
    ],
  ])("%s", (_what, fd, message) => {
    const id = fd.get("q") as string;
    expect(errorOf(fd)).toEqual({ [id]: message });
  });

  it("words a one-sided range by the side it has", () => {
    const oneSided = buildContent({
      areas: [
        {
          id: "apis",
          questions: [
            { id: "apis.min", kind: "number", min: 2 },
            { id: "apis.max", kind: "number", max: 9 },
          ],
        },
      ],
    });
    const questions = new Map([...oneSided.questionsById.values()].map((q) => [q.id, q] as const));
    expect(errorOf(submit("apis.min", "1"), questions)).toEqual({
      "apis.min": "Enter a number of at least 2.",
    });
    expect(errorOf(submit("apis.max", "10"), questions)).toEqual({
      "apis.max": "Enter a number no larger than 9.",
    });
  });

  it("saves valid answers beside the ones with problems", () => {
    const fd = submit("auth.rls", "maybe");
    fd.append("q", "ops.ci");
    fd.append("a:ops.ci", "yes");
    const parsed = parseAnswerForm(fd, allowed);
    expect(Object.keys(parsed.fieldErrors)).toEqual(["auth.rls"]);
    expect(parsed.inputs.map((i) => [i.questionId, i.value])).toEqual([["ops.ci", "yes"]]);
  });

  it("accepts what the engine accepts", () => {
    const yes = buildContent({ areas: [{ id: "ops", questions: [yesNo("ops.ci")] }] });
    const questions = new Map([...yes.questionsById.values()].map((q) => [q.id, q] as const));
    expect(parseAnswerForm(submit("ops.ci", "unsure"), questions)).toMatchObject({
      fieldErrors: {},
      inputs: [{ questionId: "ops.ci", value: "unsure" }],
    });
  });
});
