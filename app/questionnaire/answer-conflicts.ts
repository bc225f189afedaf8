// The answers that contradict each other (content/conflicts.yaml, app/engine/conflicts.ts) as the
// review and results pages show them: each conflict's message, the answers it names with the
// question they answer and where to change them, and what each answer puts in the plan, read from
// the assessment (content never quotes hours: they depend on the app's size).
import type { Assessment } from "~/engine/assessment-types";
import { describeAnswer } from "~/engine/answer-words";
import type { Answers, Content } from "~/engine/content/types";

import { sectionPath } from "./questionnaire";

type ConflictAnswer = {
  questionId: string;
  prompt: string;
  /** the answer in words, as the estimate reads it (a partner's correction applied) */
  answer: string;
  /** the questionnaire page it is asked on, below /engagements/:id/assess */
  path: string;
  /** the largest task this answer brings into the plan, and how many others it brings */
  work: { title: string; hours: number; others: number } | null;
};

export type ConflictView = { id: string; message: string; answers: ConflictAnswer[] };

export function answerConflicts(
  content: Content,
  answers: Answers,
  { conflicts, tasks }: Pick<Assessment, "conflicts" | "tasks">,
): ConflictView[] {
  return conflicts.map((c) => ({
    id: c.id,
    message: c.message,
    answers: c.questions.flatMap((id) => {
      const q = content.questionsById.get(id);
      if (!q) return [];
      // Shared setup and "find out" work are not what the answer itself asks for.
      const work = tasks
        .filter((t) => !t.shared && !t.discovery && t.triggeredBy.includes(id))
        .sort((a, b) => b.mean - a.mean);
      return [
        {
          questionId: id,
          prompt: q.prompt,
          answer: describeAnswer(q, answers[id]),
          path: sectionPath(q.area),
          work: work[0] ? { title: work[0].title, hours: work[0].mean, others: work.length - 1 } : null,
        },
      ];
    }),
  }));
}
