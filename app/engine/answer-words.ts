// An answer in words, one wording everywhere it is shown: results, the review page, the report PDF,
// evidence notes, findings, and the questionnaire's "someone else changed this" notice. Pure, so the
// browser uses it too.

import { isAnswered } from "./answers";
import type { Option, Question } from "./content/types";
import { NOT_APPLICABLE, UNSURE } from "./content/types";

export type AnswerStatus = "answered" | "unsure" | "not-applicable" | "missing";

export function answerStatus(value: unknown): AnswerStatus {
  if (!isAnswered(value)) return "missing";
  if (value === UNSURE) return "unsure";
  if (value === NOT_APPLICABLE) return "not-applicable";
  return "answered";
}

const STATUS_WORDS: Record<Exclude<AnswerStatus, "answered">, string> = {
  missing: "Not answered",
  unsure: "I'm not sure",
  "not-applicable": "Doesn't apply",
};

/** What describing an answer needs of its question (the browser's questions have no more). */
type DescribedQuestion = Pick<Question, "unit"> & {
  options: ReadonlyArray<Pick<Option, "id" | "label">>;
};

/** An answer in words, the way the founder picked it: option labels, a number with its unit, text. */
export function describeAnswer(q: DescribedQuestion, value: unknown): string {
  const status = answerStatus(value);
  if (status !== "answered") return STATUS_WORDS[status];
  const label = (id: string) => q.options.find((o) => o.id === id)?.label ?? id;
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join("; ");
  if (typeof value === "number") return `${value.toLocaleString("en-US")}${q.unit ? ` ${q.unit}` : ""}`;
  return q.options.length > 0 ? label(String(value)) : String(value);
}
