// What accepting a suggested option does to an answer, for every kind of question evidence can
// suggest. A single, scale or yes-no answer becomes the option. A multi answer ("select all that
// apply") gains the option: the code proves one more of its statements true; a "none of these"
// option is dropped, since it cannot stand next to another. Pure, so the model and the previews agree.
import type { Question } from "../content/types";

type Value = string | string[] | number;

/** Whether the answer already says what the option says. */
export function includesOption(question: Pick<Question, "kind">, value: unknown, option: string): boolean {
  if (question.kind === "multi") return Array.isArray(value) && value.includes(option);
  return value === option;
}

/** The answer with the option accepted into it. */
export function withOption(
  question: Pick<Question, "kind" | "options">,
  value: unknown,
  option: string,
): Value {
  if (question.kind !== "multi") return option;
  const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.id));
  if (exclusive.has(option) || !Array.isArray(value)) return [option];
  const kept = value.filter((v): v is string => typeof v === "string" && !exclusive.has(v) && v !== option);
  // In the question's option order, so the stored answer reads like one given on the page.
  const chosen = new Set([...kept, option]);
  return question.options.filter((o) => chosen.has(o.id)).map((o) => o.id);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
