// Answers that contradict each other (content/conflicts.yaml). A founder who mis-clicks one answer
// can put a large item into the plan; a conflict points at both answers so they fix the one that
// slipped. Read over the answers as scoring reads them, and never read by scoring: a conflict that
// holds changes no score, task or estimate (the answers count as given). One thing reads them ahead
// of an answer: an open question ("I'm not sure", or unanswered) is priced as its worst case, and an
// option the other answers contradict is not a case at all (ruledOutOptions; decision 046).

import { answerContext, type AnswerContext } from "./answers";
import type { FoundConflict } from "./assessment-types";
import { conditionQuestions, evaluateCondition } from "./conditions";
import type { Answers, Condition, Content, Question } from "./content/types";

/**
 * The conflicts whose every side holds. Like scoring, only valid answers to visible questions count
 * (an answer left on a hidden question, or in an area that does not apply, is not read), and a side
 * must rest on at least one real answer: an unanswered, "I'm not sure" or not-applicable question
 * never makes a conflict, not even through a `not`.
 */
export function findConflicts(content: Content, answers: Answers): FoundConflict[] {
  if (content.conflicts.length === 0) return [];
  return conflictsIn(answerContext(content, answers));
}

/** `findConflicts` over answers already read (the assessment reads them once for both). */
export function conflictsIn(ctx: AnswerContext): FoundConflict[] {
  const { content } = ctx;
  const answered = (id: string) => {
    const kind = ctx.interpreted.get(id)?.kind;
    return kind !== undefined && kind !== "unsure" && kind !== "not-applicable";
  };
  const order = new Map(ctx.visible.map((q, i) => [q.id, i]));
  const found: FoundConflict[] = [];
  for (const conflict of content.conflicts) {
    const read = new Set<string>();
    const holds = conflict.when.every((side) => {
      const sideRead = conditionQuestions(side).filter(answered);
      sideRead.forEach((id) => read.add(id));
      return sideRead.length > 0 && evaluateCondition(side, ctx.answers);
    });
    if (!holds) continue;
    found.push({
      id: conflict.id,
      message: conflict.message,
      questions: [...read].sort((a, b) => order.get(a)! - order.get(b)!),
    });
  }
  return found;
}

/**
 * The options of an open question that the given answers contradict: a conflict has a side that is
 * exactly "this question is (one of) these options", and every other side holds on real answers
 * (not on another open question). Pricing leaves their tasks out of the question's worst case: with
 * the app on Supabase, "I'm not sure" about the data's symptoms cannot turn out to be "there is no
 * real database". Only plain `equals`/`in` sides on the question rule anything out: a side under
 * `not`, `all` or `any` says nothing certain about one option of a multiple choice.
 */
export function ruledOutOptions(ctx: AnswerContext, q: Question): Set<string> {
  const out = new Set<string>();
  const answered = (id: string) => {
    const kind = ctx.interpreted.get(id)?.kind;
    return kind !== undefined && kind !== "unsure" && kind !== "not-applicable";
  };
  for (const conflict of ctx.content.conflicts) {
    const own = conflict.when.filter((side) => isLeafOn(side, q.id));
    if (own.length !== 1) continue;
    const others = conflict.when.filter((side) => side !== own[0]);
    const hold = others.every((side) => {
      const read = conditionQuestions(side);
      return !read.includes(q.id) && read.some(answered) && evaluateCondition(side, ctx.answers);
    });
    if (!hold || others.length === 0) continue;
    const side = own[0]!;
    for (const id of "equals" in side ? [side.equals] : "in" in side ? side.in : [])
      if (typeof id === "string") out.add(id);
  }
  return out;
}

function isLeafOn(side: Condition, questionId: string): boolean {
  return "question" in side && side.question === questionId && ("equals" in side || "in" in side);
}
