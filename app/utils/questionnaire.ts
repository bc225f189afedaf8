// The questionnaire's sections (intake, then each applicable area) and their progress. Pure, and
// shared by the server (loaders) and the browser (instant progress and visibility while answering).
import { isAnswered } from "~/engine/answers";
import { isAreaApplicable, visibleQuestions, type VisibilityContent } from "~/engine/conditions";
import type { Answers, Content, Question } from "~/engine/content/types";

export const INTAKE_SECTION = "intake";
/** The quick path: the essential questions of every applicable area on one page. */
export const ESSENTIALS_SECTION = "essentials";

export type SectionProgress = {
  id: string;
  title: string;
  /** path below /engagements/:id/assess */
  path: string;
  answered: number;
  total: number;
};

export function visibilityOf(content: Content): VisibilityContent {
  const pick = (q: Question) => ({ id: q.id, area: q.area, showIf: q.showIf });
  return {
    intake: { questions: content.intake.questions.map(pick) },
    areas: content.areas.map((a) => ({
      id: a.id,
      applicability: a.applicability,
      questions: a.questions.map(pick),
    })),
  };
}

export function sectionProgress(content: Content, answers: Answers): SectionProgress[] {
  const visibility = visibilityOf(content);
  const count = (questions: readonly Question[]) => ({
    answered: questions.filter((q) => isAnswered(answers[q.id])).length,
    total: questions.length,
  });
  const intakeVisible = visibleQuestions({ questions: content.intake.questions }, answers, visibility);
  const sections: SectionProgress[] = [
    { id: INTAKE_SECTION, title: content.intake.title, path: "", ...count(intakeVisible) },
  ];
  for (const area of content.areas) {
    if (!isAreaApplicable(area, answers, visibility)) continue;
    sections.push({
      id: area.id,
      title: area.title,
      path: area.id,
      ...count(visibleQuestions(area, answers, visibility)),
    });
  }
  return sections;
}

/** The quick path's progress: the essential questions shown for these answers, and how many are answered. */
export function essentialsProgress(content: Content, answers: Answers): { answered: number; total: number } {
  const visibility = visibilityOf(content);
  const shown = content.areas.flatMap((area) =>
    visibleQuestions(area, answers, visibility).filter((q) => q.essential),
  );
  return { answered: shown.filter((q) => isAnswered(answers[q.id])).length, total: shown.length };
}

/** The whole quick path: the intake (its progress as listed first by sectionProgress) plus the essentials. */
export function quickPath(
  content: Content,
  answers: Answers,
  intake: Pick<SectionProgress, "answered" | "total"> | undefined,
): { answered: number; total: number } {
  const essentials = essentialsProgress(content, answers);
  return {
    answered: essentials.answered + (intake?.answered ?? 0),
    total: essentials.total + (intake?.total ?? 0),
  };
}
