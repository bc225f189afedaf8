// Answers that contradict each other (content/conflicts.yaml). A founder who mis-clicks one answer
// can put a large item into the plan; a conflict points at both answers so they fix the one that
// slipped. Read over the answers as scoring reads them, and never read by scoring: a conflict changes
// no score, task or estimate.

import { answerContext, type AnswerContext } from "./answers";
import type { FoundConflict } from "./assessment-types";
import { conditionQuestions, evaluateCondition } from "./conditions";
import type { Answers, Content } from "./content/types";

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
