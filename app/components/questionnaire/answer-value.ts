// Reading the current answer out of a question's inputs in the browser, with the same rules the
// server applies (app/questionnaire/answer-form.server.ts): "unsure" wins, then "not-applicable".
import type { AnswerValue, QuestionKind } from "~/engine/content/types";

export function readAnswer(
  fieldset: HTMLFieldSetElement,
  questionId: string,
  kind: QuestionKind,
): AnswerValue | undefined {
  const values: string[] = [];
  for (const el of Array.from(fieldset.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) continue;
    if (el.name !== `a:${questionId}`) continue;
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox") && !el.checked)
      continue;
    if (el.value.trim() !== "") values.push(el.value.trim());
  }
  if (values.includes("unsure")) return "unsure";
  if (values.includes("not-applicable")) return "not-applicable";
  if (values.length === 0) return undefined;
  if (kind === "multi") return values;
  if (kind === "number") {
    const n = Number(values[0].replace(/[,\s_]/g, ""));
    return Number.isFinite(n) ? n : undefined;
  }
  return values[0];
}

/** The fields of one question as a FormData for an autosave. */
export function collectQuestion(
  fieldset: HTMLFieldSetElement,
  questionId: string,
  version: number,
): FormData {
  const fd = new FormData();
  fd.set("intent", "autosave");
  fd.append("q", questionId);
  fd.set(`v:${questionId}`, String(version));
  for (const el of Array.from(fieldset.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) continue;
    if (!/^(a|note|na):/.test(el.name)) continue;
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox") && !el.checked)
      continue;
    fd.append(el.name, el.value);
  }
  return fd;
}
