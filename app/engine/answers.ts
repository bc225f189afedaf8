// Reading answers against the question bank: validation (for the CLI and the web app's actions),
// interpretation (which option, band or number an answer means) and the visible, applicable view
// of a questionnaire that scoring and estimation share.

import type { Answers, Band, Content, Option, Question } from "./content/types";
import { NOT_APPLICABLE, UNSURE } from "./content/types";
import { questionnaireVisibility } from "./conditions";

/**
 * Why a value does not answer its question, as a code: the web form words each for the founder
 * (app/questionnaire/answer-form.server.ts), the CLI prints the reason, written for content authors.
 */
type AnswerProblemCode =
  | "unknown-question"
  | "not-applicable-not-allowed"
  | "expected-option"
  | "unknown-option"
  | "expected-options"
  | "duplicate-option"
  | "exclusive-combined"
  | "expected-number"
  | "expected-whole-number"
  | "out-of-range"
  | "expected-text";

export interface AnswerIssue {
  code: AnswerProblemCode;
  reason: string;
}

export interface AnswerProblem extends AnswerIssue {
  questionId: string;
}

/** What one valid answer means. */
export type Interpreted =
  | { kind: "unsure" }
  | { kind: "not-applicable" }
  | { kind: "options"; options: Option[] }
  | { kind: "number"; value: number; band?: Band }
  | { kind: "text"; value: string };

const CHOICE_KINDS = new Set(["single", "scale", "yes-no"]);

function describeOptions(q: Question): string {
  return q.options.map((o) => o.id).join(", ");
}

/** First band whose upTo is at or above the value; values above every band use the last one. */
function bandFor(q: Question, value: number): Band | undefined {
  const bands = q.bands ?? [];
  return bands.find((b) => value <= b.upTo) ?? bands[bands.length - 1];
}

/** Whether a stored value counts as answered at all (empty text or an empty selection do not). */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Why `value` is not a valid answer to `q`, or null when it is (or when it is empty: an empty
 * answer is "not answered yet", not an error). Takes `unknown` because stored and uploaded answers
 * are only as typed as the JSON they came from.
 */
export function answerProblem(q: Question, value: unknown): AnswerIssue | null {
  const problem = (code: AnswerProblemCode, reason: string): AnswerIssue => ({ code, reason });
  if (!isAnswered(value)) return null;
  if (value === UNSURE) return null;
  if (value === NOT_APPLICABLE) {
    return q.notApplicable
      ? null
      : problem("not-applicable-not-allowed", `"${NOT_APPLICABLE}" is not allowed for this question`);
  }
  const optionIds = new Set(q.options.map((o) => o.id));
  const unknownOption = (id: string) =>
    problem("unknown-option", `"${id}" is not an option of this question (options: ${describeOptions(q)})`);
  if (CHOICE_KINDS.has(q.kind)) {
    if (typeof value !== "string")
      return problem("expected-option", `expected one option id (a string), got ${typeOf(value)}`);
    return optionIds.has(value) ? null : unknownOption(value);
  }
  if (q.kind === "multi") {
    if (!Array.isArray(value))
      return problem("expected-options", `expected a list of option ids, got ${typeOf(value)}`);
    const seen = new Set<string>();
    for (const item of value as unknown[]) {
      if (typeof item !== "string")
        return problem("expected-options", `expected option ids (strings) in the list, got ${typeOf(item)}`);
      if (!optionIds.has(item)) return unknownOption(item);
      if (seen.has(item)) return problem("duplicate-option", `option "${item}" is selected more than once`);
      seen.add(item);
    }
    const exclusive = q.options.find((o) => o.exclusive && seen.has(o.id));
    if (exclusive && seen.size > 1)
      return problem("exclusive-combined", `option "${exclusive.id}" cannot be combined with other options`);
    return null;
  }
  if (q.kind === "number") {
    if (typeof value !== "number" || !Number.isFinite(value))
      return problem("expected-number", `expected a number, got ${typeOf(value)}`);
    // Number questions count things (users, services, screens): no fractions.
    if (!Number.isInteger(value))
      return problem("expected-whole-number", `expected a whole number, got ${value}`);
    if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max)) {
      return problem(
        "out-of-range",
        `${value} is outside the allowed range ${q.min ?? "-∞"}..${q.max ?? "∞"}`,
      );
    }
    return null;
  }
  // text
  return typeof value === "string" ? null : problem("expected-text", `expected text, got ${typeOf(value)}`);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "string" ? `"${value}"` : `a ${typeof value}`;
}

/**
 * Every problem in a set of answers: unknown questions, options that are not the question's,
 * values of the wrong type for the question's kind, numbers out of range, "not-applicable" where
 * the question does not allow it. Visibility is not checked: an answer to a question that is
 * hidden now is kept (the earlier answer may flip back) and simply ignored.
 */
export function validateAnswers(
  content: Content,
  answers: Readonly<Record<string, unknown>>,
): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const [questionId, value] of Object.entries(answers)) {
    const q = content.questionsById.get(questionId);
    if (!q) {
      problems.push({ questionId, code: "unknown-question", reason: `unknown question "${questionId}"` });
      continue;
    }
    const problem = answerProblem(q, value);
    if (problem) problems.push({ questionId, ...problem });
  }
  return problems;
}

/** The meaning of a valid, non-empty answer; null for empty or invalid ones. */
export function interpretAnswer(q: Question, value: unknown): Interpreted | null {
  if (!isAnswered(value) || answerProblem(q, value) !== null) return null;
  if (value === UNSURE) return { kind: "unsure" };
  if (value === NOT_APPLICABLE) return { kind: "not-applicable" };
  if (q.kind === "number" && typeof value === "number") {
    const band = q.bands ? bandFor(q, value) : undefined;
    return band ? { kind: "number", value, band } : { kind: "number", value };
  }
  if (q.kind === "text" && typeof value === "string") return { kind: "text", value };
  const ids = Array.isArray(value) ? value : [value];
  return { kind: "options", options: q.options.filter((o) => ids.includes(o.id)) };
}

// ---------------------------------------------------------------------------------------------

/** A questionnaire as the engine sees it: only what is visible and applicable counts. */
export interface AnswerContext {
  content: Content;
  /** valid answers of visible questions (what conditions, scoring and estimation read) */
  answers: Answers;
  /** area id -> whether it applies to this product */
  applicable: ReadonlyMap<string, boolean>;
  /** visible questions of the intake and of applicable areas, in questionnaire order */
  visible: readonly Question[];
  /** visible question id -> meaning of its answer (absent when unanswered) */
  interpreted: ReadonlyMap<string, Interpreted>;
}

/**
 * The answers the engine reads: invalid ones (stale after a content change, imported from another
 * version, or hand-edited) read as unanswered rather than failing the whole assessment;
 * validateAnswers is there to report them. Progress counts through this too, or a question would
 * show as answered while the estimate prices it as open.
 */
export function validAnswers(content: Content, answers: Answers): Answers {
  const valid: Answers = {};
  for (const [id, value] of Object.entries(answers)) {
    const q = content.questionsById.get(id);
    if (q && isAnswered(value) && answerProblem(q, value) === null) valid[id] = value;
  }
  return valid;
}

export function answerContext(content: Content, answers: Answers): AnswerContext {
  const valid = validAnswers(content, answers);
  const visibility = questionnaireVisibility(content, valid);
  const shown = visibility.visibleAnswers();
  const applicable = new Map(content.areas.map((a) => [a.id, visibility.areaApplies(a)]));
  const visible = [
    ...content.intake.questions.filter((q) => visibility.questionVisible(q)),
    ...content.areas.flatMap((a) =>
      applicable.get(a.id) ? a.questions.filter((q) => visibility.questionVisible(q)) : [],
    ),
  ];
  const interpreted = new Map<string, Interpreted>();
  for (const q of visible) {
    const meaning = interpretAnswer(q, shown[q.id]);
    if (meaning) interpreted.set(q.id, meaning);
  }
  return { content, answers: shown, applicable, visible, interpreted };
}
