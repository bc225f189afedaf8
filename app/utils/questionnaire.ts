// The questionnaire's sections (intake, then each applicable area) and their progress. Pure, and
// shared by the server (loaders) and the browser (instant progress and visibility while answering).
import { isAnswered } from "~/engine/answers";
import {
  conditionQuestions,
  isAreaApplicable,
  visibleQuestions,
  type VisibilityContent,
} from "~/engine/conditions";
import type { Answers, Content, Question } from "~/engine/content/types";

export const INTAKE_SECTION = "intake";

export type SectionProgress = {
  id: string;
  title: string;
  /** path below /engagements/:id/assess */
  path: string;
  answered: number;
  total: number;
};

// Content is immutable once loaded; every save and every progress count asks for this.
const visibilityByContent = new WeakMap<Content, VisibilityContent>();

export function visibilityOf(content: Content): VisibilityContent {
  let visibility = visibilityByContent.get(content);
  if (!visibility) {
    const pick = (q: Question) => ({ id: q.id, area: q.area, showIf: q.showIf });
    visibility = {
      intake: { questions: content.intake.questions.map(pick) },
      areas: content.areas.map((a) => ({
        id: a.id,
        applicability: a.applicability,
        questions: a.questions.map(pick),
      })),
    };
    visibilityByContent.set(content, visibility);
  }
  return visibility;
}

// Questions whose answer decides whether other questions or whole areas are shown.
const controllingByContent = new WeakMap<Content, ReadonlySet<string>>();

export function controllingQuestions(content: Content): ReadonlySet<string> {
  let controlling = controllingByContent.get(content);
  if (!controlling) {
    const ids = new Set<string>();
    for (const q of content.questionsById.values())
      if (q.showIf) conditionQuestions(q.showIf).forEach((id) => ids.add(id));
    for (const a of content.areas)
      if (a.applicability) conditionQuestions(a.applicability).forEach((id) => ids.add(id));
    controllingByContent.set(content, (controlling = ids));
  }
  return controlling;
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
