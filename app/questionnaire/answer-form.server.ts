import { z } from "zod";

import { answerProblem, type AnswerIssue } from "~/engine/answers";
import type { Question } from "~/engine/content/types";
import { NOT_APPLICABLE, UNSURE } from "~/engine/content/types";
import { answerToken, type AnswerInput } from "~/models/answer.server";
import type { StoredValue } from "~/models/effective-value";
import { boundedArray } from "~/utils/bounded-array";

// Field names (one question = one fieldset):
//   q            the ids of the questions in this submission (repeated)
//   a:<id>       the answer: option id(s), a number, text, "unsure" or "not-applicable"
//   note:<id>    free-text note;  na:<id>  why it does not apply;  v:<id>  version the editor saw
//   s:<id>       what the page showed (answerToken in answer.server.ts; empty: no answer)
const RawQuestionSchema = z.object({
  values: boundedArray(z.string().max(4000, "That answer is too long."), 100),
  note: z.string().max(2000, "Keep the note to 2,000 characters or fewer.").default(""),
  naReason: z.string().max(500, "Keep the reason to 500 characters or fewer.").default(""),
  version: z.coerce.number().int().min(0).max(1_000_000_000).catch(0),
  shown: z.string().max(64).optional(),
});

type ParsedAnswerForm = {
  inputs: AnswerInput[];
  fieldErrors: Record<string, string>;
};

function text(formData: FormData, name: string): string | undefined {
  const v = formData.get(name);
  return typeof v === "string" ? v : undefined;
}

/** What the founder reads for each problem the engine finds in an answer. */
function fieldMessage(q: Question, { code }: AnswerIssue): string {
  switch (code) {
    case "out-of-range":
      if (q.min !== undefined && q.max !== undefined) return `Enter a number from ${q.min} to ${q.max}.`;
      if (q.min !== undefined) return `Enter a number of at least ${q.min}.`;
      return `Enter a number no larger than ${q.max}.`;
    case "expected-whole-number":
      return WHOLE_NUMBER_MESSAGE;
    case "not-applicable-not-allowed":
      return "“Doesn't apply to my product” isn't an option for this question.";
    case "unknown-option":
      return "That choice isn't one of this question's options. Pick one from the list.";
    case "exclusive-combined":
      return "“None of these” can't be combined with other choices.";
    // The form's own inputs cannot produce these (toValue shapes the value by the question's kind).
    case "unknown-question":
    case "expected-option":
    case "expected-options":
    case "duplicate-option":
    case "expected-number":
    case "expected-text":
      return "That answer doesn't fit this question.";
  }
}

const WHOLE_NUMBER_MESSAGE = "Enter a whole number, like 3: no decimals.";

/**
 * A typed whole number: digits, optionally grouped by thousands ("1,200" or "1 200"). Anything else
 * is refused with a message rather than guessed at: "2.5" (no fractions of users), "1e3" (JavaScript
 * would read it as 1000), "3 users", "ten".
 */
function wholeNumber(typed: string): { value: number } | { error: string } {
  const compact = typed.replace(/[\s_\u00a0\u202f]/g, "");
  if (/^-?(\d+|\d{1,3}(,\d{3})+)$/.test(compact)) return { value: Number(compact.replace(/,/g, "")) };
  if (/^-?\d*[.,]\d+$/.test(compact)) return { error: WHOLE_NUMBER_MESSAGE };
  return { error: "Enter a whole number in digits, like 3." };
}

/** Turns the raw field values for one question into a stored value (null = no answer). */
function toValue(q: Question, values: string[]): { value: StoredValue | null } | { error: string } {
  const given = values.map((v) => v.trim()).filter((v) => v !== "");
  // A number or a text beside "I'm not sure" (or "not applicable"): without JavaScript nothing
  // unticks the box when a value is typed, and which of the two the founder meant cannot be told.
  // Saving either would drop the other without a word.
  if ((q.kind === "number" || q.kind === "text") && given.some((v) => v !== UNSURE && v !== NOT_APPLICABLE)) {
    const alternative = given.includes(UNSURE)
      ? "I'm not sure"
      : given.includes(NOT_APPLICABLE)
        ? "Doesn't apply to my product"
        : undefined;
    if (alternative)
      return {
        error: `Either ${q.kind === "number" ? "give a number" : "write your answer"} or tick “${alternative}”, not both.`,
      };
  }
  if (given.includes(UNSURE)) return { value: UNSURE };
  if (given.includes(NOT_APPLICABLE)) return { value: NOT_APPLICABLE };
  if (given.length === 0) return { value: null };
  switch (q.kind) {
    case "multi":
      return { value: [...new Set(given)] };
    case "number":
      return wholeNumber(given[0]!);
    case "text":
      return { value: values[0] ?? "" };
    default:
      if (given.length > 1) return { error: "Choose one answer." };
      return { value: given[0] };
  }
}

/**
 * Parses the answers in a questionnaire submission. `allowed` are the questions this page may
 * answer; anything else (a question from another content version, another section, a hand-made
 * field) gets a field error while the rest of the submission still saves.
 */
export function parseAnswerForm(
  formData: FormData,
  allowed: ReadonlyMap<string, Question>,
): ParsedAnswerForm {
  const inputs: AnswerInput[] = [];
  // Keyed by question ids from the request: a null prototype keeps "__proto__" an ordinary key.
  const fieldErrors: Record<string, string> = Object.create(null);
  const ids = [...new Set(formData.getAll("q").filter((v): v is string => typeof v === "string"))].slice(
    0,
    200,
  );
  for (const id of ids) {
    const q = allowed.get(id);
    if (!q) {
      fieldErrors[id] =
        "This question is not part of this page of the assessment (the questions may have changed since you opened it). Reload the page to see the current questions.";
      continue;
    }
    const raw = RawQuestionSchema.safeParse({
      values: formData.getAll(`a:${id}`).filter((v): v is string => typeof v === "string"),
      note: text(formData, `note:${id}`),
      naReason: text(formData, `na:${id}`),
      version: text(formData, `v:${id}`),
      shown: text(formData, `s:${id}`),
    });
    if (!raw.success) {
      fieldErrors[id] = raw.error.issues[0]?.message ?? "That answer could not be read.";
      continue;
    }
    const converted = toValue(q, raw.data.values);
    if ("error" in converted) {
      fieldErrors[id] = converted.error;
      continue;
    }
    const { value } = converted;
    if (value !== null) {
      const problem = answerProblem(q, value);
      if (problem) {
        fieldErrors[id] = fieldMessage(q, problem);
        continue;
      }
    }
    inputs.push({
      questionId: id,
      value,
      note: raw.data.note.trim(),
      notApplicableReason: value === NOT_APPLICABLE ? raw.data.naReason.trim() || null : null,
      baseVersion: raw.data.version,
      ...(raw.data.shown === undefined ? {} : { shown: raw.data.shown || answerToken(undefined) }),
    });
  }
  return { inputs, fieldErrors };
}
