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
      "“Doesn't apply to my product” isn't an option for this question.",
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

  it.each([
    ["2.5", "Enter a whole number, like 3: no decimals."],
    ["2,5", "Enter a whole number, like 3: no decimals."],
    [".5", "Enter a whole number, like 3: no decimals."],
    ["1e3", "Enter a whole number in digits, like 3."],
    ["2.5 users", "Enter a whole number in digits, like 3."],
    ["ten", "Enter a whole number in digits, like 3."],
    ["0x10", "Enter a whole number in digits, like 3."],
    ["Infinity", "Enter a whole number in digits, like 3."],
    ["1,2,3", "Enter a whole number in digits, like 3."],
  ])("refuses %j for a whole-number question, saving nothing", (typed, message) => {
    const { inputs, fieldErrors } = parseAnswerForm(submit("intake.integrations", typed), allowed);
    expect(fieldErrors).toEqual({ "intake.integrations": message });
    expect(inputs).toEqual([]);
  });

  it.each([
    ["12", 12],
    [" 7 ", 7],
    ["1,200", 1200],
    ["1 200", 1200],
    ["0", 0],
  ])("reads %j as %d", (typed, value) => {
    const big = buildContent({
      areas: [{ id: "apis", questions: [{ id: "apis.count", kind: "number", min: 0, max: 100000 }] }],
    });
    const questions = new Map([...big.questionsById.values()].map((q) => [q.id, q] as const));
    const { inputs, fieldErrors } = parseAnswerForm(submit("apis.count", typed), questions);
    expect(fieldErrors).toEqual({});
    expect(inputs.map((i) => i.value)).toEqual([value]);
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

  it("refuses a typed value beside “I'm not sure”, saving neither, where the founder's meaning is unclear", () => {
    expect(errorOf(submit("intake.integrations", "5", "unsure"))).toEqual({
      "intake.integrations": "Either give a number or tick “I'm not sure”, not both.",
    });
    expect(parseAnswerForm(submit("intake.integrations", "5", "unsure"), allowed).inputs).toEqual([]);
    expect(errorOf(submit("intake.notes", "We use Stripe", "unsure"))).toEqual({
      "intake.notes": "Either write your answer or tick “I'm not sure”, not both.",
    });
    // Either one alone saves; a choice question keeps "I'm not sure" winning (a radio group).
    expect(parseAnswerForm(submit("intake.integrations", "5"), allowed).inputs).toMatchObject([{ value: 5 }]);
    expect(parseAnswerForm(submit("intake.integrations", "", "unsure"), allowed).inputs).toMatchObject([
      { value: "unsure" },
    ]);
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
