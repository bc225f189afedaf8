// Condition evaluation and question visibility.
// Pure and dependency-free on purpose: the questionnaire UI runs the same rules in the browser,
// so this module must not import node built-ins, zod, or anything server-only.
//
// Semantics (docs/content-format.md, "Condition"):
// - a leaf is false when its question has no answer, or the answer is "unsure" or "not-applicable";
// - multi answers (arrays): `equals` is true when the value is selected, `in` when any listed value
//   is selected; `gte` / `lte` only ever match number answers;
// - `all: []` is true and `any: []` is false (the usual identities for and/or).
//
// Visibility rule: conditions are evaluated over *visible* answers only. A question is visible when
// its area applies (intake questions always apply) and its `showIf` holds over the answers of
// visible questions. So an answer left behind on a question that was later hidden counts as
// unanswered: it neither scores nor keeps dependent questions on screen. Stored answers are kept
// (the founder may flip the earlier answer back), they are only ignored. The validator rejects
// showIf cycles and restricts applicability and intake showIf to intake questions, so the
// recursion below always terminates; a defensive cycle guard treats a cycle as hidden anyway.

import type { Answers, AnswerValue, Area, Condition, Question } from "./content/types";
import { NOT_APPLICABLE, UNSURE } from "./content/types";
import { INTAKE_AREA } from "./intake-ids";

/** The parts of a question visibility needs (works on the serialized content in the browser). */
export type VisibilityQuestion = Pick<Question, "id" | "area" | "showIf">;
type VisibilityArea = Pick<Area, "id" | "applicability"> & {
  questions: readonly VisibilityQuestion[];
};
/** The parts of Content visibility needs: a plain object, no Maps, so it can cross to the browser. */
export interface VisibilityContent {
  intake: { questions: readonly VisibilityQuestion[] };
  areas: readonly VisibilityArea[];
}

/** Answers that count for conditions and scoring: absent, "unsure" and "not-applicable" do not. */
function usableAnswer(value: AnswerValue | undefined): value is Exclude<AnswerValue, "unsure"> {
  return value !== undefined && value !== UNSURE && value !== NOT_APPLICABLE;
}

function evaluateLeaf(answer: AnswerValue | undefined, test: (single: string | number) => boolean): boolean {
  if (!usableAnswer(answer)) return false;
  if (Array.isArray(answer)) return answer.some(test);
  return test(answer);
}

export function evaluateCondition(cond: Condition, answers: Answers): boolean {
  if ("all" in cond) return cond.all.every((c) => evaluateCondition(c, answers));
  if ("any" in cond) return cond.any.some((c) => evaluateCondition(c, answers));
  if ("not" in cond) return !evaluateCondition(cond.not, answers);
  const answer = Object.prototype.hasOwnProperty.call(answers, cond.question)
    ? answers[cond.question]
    : undefined;
  if ("equals" in cond) return evaluateLeaf(answer, (v) => v === cond.equals);
  if ("in" in cond) return evaluateLeaf(answer, (v) => cond.in.includes(v));
  // Number comparisons never match option ids or text, and never match inside multi answers.
  if (typeof answer !== "number" || !Number.isFinite(answer)) return false;
  if ("gte" in cond) return answer >= cond.gte;
  return answer <= cond.lte;
}

/** Every question id a condition reads (for dependency graphs and validation). */
export function conditionQuestions(cond: Condition): string[] {
  if ("all" in cond) return cond.all.flatMap(conditionQuestions);
  if ("any" in cond) return cond.any.flatMap(conditionQuestions);
  if ("not" in cond) return conditionQuestions(cond.not);
  return [cond.question];
}

// ---------------------------------------------------------------------------------------------
// Visibility over a whole questionnaire.

interface VisibilityIndex {
  questions: Map<string, VisibilityQuestion>;
  areas: Map<string, VisibilityArea>;
}

// Content objects are immutable after loading, so the lookup maps are built once per content.
const indexCache = new WeakMap<VisibilityContent, VisibilityIndex>();

function indexOf(content: VisibilityContent): VisibilityIndex {
  const cached = indexCache.get(content);
  if (cached) return cached;
  const questions = new Map<string, VisibilityQuestion>();
  for (const q of content.intake.questions) questions.set(q.id, q);
  const areas = new Map<string, VisibilityArea>();
  for (const area of content.areas) {
    areas.set(area.id, area);
    for (const q of area.questions) questions.set(q.id, q);
  }
  const index = { questions, areas };
  indexCache.set(content, index);
  return index;
}

/**
 * Resolves visibility lazily with memoisation: evaluating a condition asks only for the answers
 * it reads, and each of those is included only if its own question is visible.
 */
class VisibilityResolver implements QuestionnaireVisibility {
  private readonly visible = new Map<string, boolean>();
  private readonly inProgress = new Set<string>();
  /** Visible answers read so far; filled on demand by `include`. */
  private readonly filtered: Answers = {};

  constructor(
    private readonly index: VisibilityIndex,
    private readonly answers: Answers,
  ) {}

  areaApplies(area: Pick<Area, "applicability">): boolean {
    return area.applicability ? this.holds(area.applicability) : true;
  }

  questionVisible(question: VisibilityQuestion): boolean {
    const known = this.visible.get(question.id);
    if (known !== undefined) return known;
    // Re-entered through a showIf cycle: the validator rejects those; just do not loop.
    if (this.inProgress.has(question.id)) return false;
    this.inProgress.add(question.id);
    const area = question.area === INTAKE_AREA ? undefined : this.index.areas.get(question.area);
    const result =
      (area ? this.areaApplies(area) : true) && (question.showIf ? this.holds(question.showIf) : true);
    this.inProgress.delete(question.id);
    this.visible.set(question.id, result);
    return result;
  }

  /** The answers of every visible question. */
  visibleAnswers(): Answers {
    const out: Answers = {};
    for (const [id, value] of Object.entries(this.answers)) {
      const q = this.index.questions.get(id);
      if (q && this.questionVisible(q)) out[id] = value;
    }
    return out;
  }

  private holds(cond: Condition): boolean {
    for (const id of conditionQuestions(cond)) this.include(id);
    return evaluateCondition(cond, this.filtered);
  }

  private include(id: string): void {
    if (Object.prototype.hasOwnProperty.call(this.filtered, id)) return;
    const q = this.index.questions.get(id);
    const value = Object.prototype.hasOwnProperty.call(this.answers, id) ? this.answers[id] : undefined;
    // Unknown questions (stale answers after a content change) simply read as unanswered.
    if (value !== undefined && q && this.questionVisible(q)) this.filtered[id] = value;
  }
}

/** The visibility of one questionnaire for one set of answers; ask it as often as you like. */
interface QuestionnaireVisibility {
  areaApplies(area: Pick<Area, "applicability">): boolean;
  questionVisible(question: VisibilityQuestion): boolean;
  /** The answers of every visible question. */
  visibleAnswers(): Answers;
}

/**
 * The one visibility rule (see the top of this file), for the server and the browser alike. Every
 * other function here is a shorthand for one question to it.
 */
export function questionnaireVisibility(
  content: VisibilityContent,
  answers: Answers,
): QuestionnaireVisibility {
  return new VisibilityResolver(indexOf(content), answers);
}

/** Answers restricted to visible questions; feed this to scoring so hidden answers never count. */
export function visibleAnswers(content: VisibilityContent, answers: Answers): Answers {
  return questionnaireVisibility(content, answers).visibleAnswers();
}

/** Whether a question is shown: its area applies and its showIf holds over visible answers. */
export function isQuestionVisible(
  question: VisibilityQuestion,
  answers: Answers,
  content: VisibilityContent,
): boolean {
  return questionnaireVisibility(content, answers).questionVisible(question);
}

/** Whether an area applies to this product, read from visible answers only. */
export function isAreaApplicable(
  area: Pick<Area, "applicability">,
  answers: Answers,
  content: VisibilityContent,
): boolean {
  return questionnaireVisibility(content, answers).areaApplies(area);
}

/** The questions of an area (or of the intake) to show, in order; none when the area does not apply. */
export function visibleQuestions<Q extends VisibilityQuestion>(
  area: Pick<Area, "applicability"> & { questions: readonly Q[] },
  answers: Answers,
  content: VisibilityContent,
): Q[] {
  const visibility = questionnaireVisibility(content, answers);
  if (!visibility.areaApplies(area)) return [];
  return area.questions.filter((q) => visibility.questionVisible(q));
}
