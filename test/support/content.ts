// Picks questions out of the real content for tests, so tests follow the question bank instead of
// hard-coding ids that content authors are free to change.
import { loadContentDir } from "../../app/models/content.server";
import { answerContext } from "../../app/engine/answers";
import type { Answers, Content, Question } from "../../app/engine/content/types";

export function realContent(): Content {
  const result = loadContentDir(process.env.CONTENT_DIR ?? "content");
  if (!result.ok) throw new Error("content is invalid: " + JSON.stringify(result.problems.slice(0, 3)));
  return result.content;
}

/** Area questions without showIf, of the given kinds, in content order. */
export function unconditional(content: Content, kinds: Question["kind"][]): Question[] {
  return content.areas
    .filter((a) => !a.applicability)
    .flatMap((a) => a.questions)
    .filter((q) => !q.showIf && kinds.includes(q.kind));
}

/**
 * The best answer to every question the intake makes visible: the highest-readiness option (one
 * for a multi), the best band's upper bound for a number. With the real content that calls for no
 * work at all, which is how tests reach "nothing to do" without listing question ids.
 */
export function bestAnswers(content: Content, intake: Answers): Answers {
  const answers: Answers = { ...intake };
  // Answers can reveal follow-up questions; go round until none is left unanswered.
  for (let round = 0; round < 10; round++) {
    let added = false;
    for (const q of answerContext(content, answers).visible) {
      if (q.area === "intake" || q.id in answers || q.kind === "text") continue;
      if (q.kind === "number") {
        const best = [...(q.bands ?? [])].sort((a, b) => b.readiness - a.readiness)[0];
        if (!best) continue;
        answers[q.id] = Math.min(best.upTo, q.max ?? best.upTo);
      } else {
        const best = [...q.options].sort((a, b) => b.readiness - a.readiness)[0];
        if (!best) continue;
        answers[q.id] = q.kind === "multi" ? [best.id] : best.id;
      }
      added = true;
    }
    if (!added) break;
  }
  return answers;
}
