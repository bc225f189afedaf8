import type { Question } from "~/engine/content/types";

/** An answer in words, the way the founder picked it. */
export function describeAnswer(q: Question, value: unknown): string {
  if (value === undefined || value === null || value === "") return "Not answered";
  if (value === "unsure") return "I'm not sure";
  if (value === "not-applicable") return "Doesn't apply";
  const label = (id: string) => q.options.find((o) => o.id === id)?.label ?? id;
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join("; ");
  if (typeof value === "number") return `${value.toLocaleString("en-US")}${q.unit ? ` ${q.unit}` : ""}`;
  return q.options.length > 0 ? label(String(value)) : String(value);
}
