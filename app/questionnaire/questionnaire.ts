// The questionnaire's sections (intake, then each applicable area), the questions each shows, and
// their progress. Pure, and shared by the server (loaders, the report) and the browser (which
// questions to show while the founder answers). Which question is shown is the engine's rule
// (app/engine/conditions.ts); this module only lays it out by section.
import { isAnswered } from "~/engine/answers";
import {
  conditionQuestions,
  questionnaireVisibility,
  visibleQuestions,
  type VisibilityContent,
  type VisibilityQuestion,
} from "~/engine/conditions";
import type { Answers, Content, Question } from "~/engine/content/types";
import { INTAKE_AREA } from "~/engine/intake-ids";

/**
 * Content is already what visibility reads; this stays only for the benchmark seeding scripts
 * (bench/), which still call it.
 */
export function visibilityOf(content: Content): VisibilityContent {
  return content;
}

/** A section's page below /engagements/:id/assess: the intake is the index page. */
export function sectionPath(sectionId: string): string {
  return sectionId === INTAKE_AREA ? "" : sectionId;
}

type VisibleSection = {
  id: string;
  title: string;
  summary: string;
  /** path below /engagements/:id/assess */
  path: string;
  /** the questions shown, in order */
  questions: Question[];
};

/** The sections to answer, in order (the intake, then every applicable area), with what each shows. */
export function visibleSections(content: Content, answers: Answers): VisibleSection[] {
  const visibility = questionnaireVisibility(content, answers);
  const section = (id: string, s: { title: string; summary: string; questions: readonly Question[] }) => ({
    id,
    title: s.title,
    summary: s.summary,
    path: sectionPath(id),
    questions: s.questions.filter((q) => visibility.questionVisible(q)),
  });
  return [
    section(INTAKE_AREA, content.intake),
    ...content.areas.filter((a) => visibility.areaApplies(a)).map((a) => section(a.id, a)),
  ];
}

export type SectionProgress = {
  id: string;
  title: string;
  /** path below /engagements/:id/assess */
  path: string;
  answered: number;
  total: number;
  /** of those, the questions on the quick path (none in the intake, which is all on it) */
  essentials: { answered: number; total: number };
};

/** Each shown section's progress, essentials included: one visibility pass for every count. */
export function sectionProgress(content: Content, answers: Answers): SectionProgress[] {
  return visibleSections(content, answers).map(({ id, title, path, questions }) => {
    const essential = id === INTAKE_AREA ? [] : questions.filter((q) => q.essential);
    return {
      id,
      title,
      path,
      answered: questions.filter((q) => isAnswered(answers[q.id])).length,
      total: questions.length,
      essentials: {
        answered: essential.filter((q) => isAnswered(answers[q.id])).length,
        total: essential.length,
      },
    };
  });
}

/**
 * Which of one section's questions the browser shows while the founder answers it. The engine's
 * rule, over the section's current answers and `settled`: the visible answers of other sections
 * that its conditions read, whose visibility the server decided and this page cannot change.
 */
export function visibleInSection(
  section: { id: string; questions: ReadonlyArray<Pick<VisibilityQuestion, "id" | "showIf">> },
  settled: Answers,
  answers: Answers,
): Set<string> {
  const questions = section.questions.map((q) => ({ id: q.id, area: section.id, showIf: q.showIf }));
  const own = new Set(questions.map((q) => q.id));
  const outside = Object.keys(settled).filter((id) => !own.has(id));
  // Settled answers stand in as intake questions without conditions: always shown, as decided.
  const settledQuestions = outside.map((id) => ({ id, area: INTAKE_AREA }));
  const content: VisibilityContent =
    section.id === INTAKE_AREA
      ? { intake: { questions: [...settledQuestions, ...questions] }, areas: [] }
      : { intake: { questions: settledQuestions }, areas: [{ id: section.id, questions }] };
  const current: Answers = { ...answers };
  for (const id of outside) current[id] = settled[id]!;
  return new Set(visibleQuestions({ questions }, current, content).map((q) => q.id));
}

/** The quick path: the essential questions of every applicable area on one page. */
export const ESSENTIALS_SECTION = "essentials";

/** The quick path's progress: the essential questions shown for these answers, and how many are answered. */
/** The essentials across the areas shown, from the sections' progress. */
export function essentialsProgress(sections: readonly Pick<SectionProgress, "essentials">[]): {
  answered: number;
  total: number;
} {
  return sections.reduce(
    (sum, s) => ({ answered: sum.answered + s.essentials.answered, total: sum.total + s.essentials.total }),
    { answered: 0, total: 0 },
  );
}

/** The whole quick path: the intake (listed first by sectionProgress) plus the essentials. */
export function quickPath(sections: readonly SectionProgress[]): { answered: number; total: number } {
  const essentials = essentialsProgress(sections);
  const intake = sections.find((s) => s.id === INTAKE_AREA);
  return {
    answered: essentials.answered + (intake?.answered ?? 0),
    total: essentials.total + (intake?.total ?? 0),
  };
}

type AssessmentSize = { intake: number; areas: number; total: number; essentials: number; quickPath: number };
const sizeByContent = new WeakMap<Content, AssessmentSize>();

/**
 * What a new assessment asks before its first answer, counted as its pages count it on the first
 * visit (the progress sidebar, the overview's first step): the landing page states these figures,
 * so they follow the content instead of being written into the copy. Answers then change the count:
 * what doesn't apply to the app is skipped, and a few questions appear only for some answers.
 */
export function newAssessmentSize(content: Content): AssessmentSize {
  let size = sizeByContent.get(content);
  if (!size) {
    const sections = sectionProgress(content, {});
    const total = sections.reduce((n, s) => n + s.total, 0);
    const intake = sections.find((s) => s.id === INTAKE_AREA)?.total ?? 0;
    size = {
      intake,
      areas: total - intake,
      total,
      essentials: essentialsProgress(sections).total,
      quickPath: quickPath(sections).total,
    };
    sizeByContent.set(content, size);
  }
  return size;
}

// Questions whose answer decides whether other questions or whole areas are shown: saving one of
// them changes the page, so it is never a quiet autosave.
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
