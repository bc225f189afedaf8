// Turns validated content into the engine's Content: defaults applied, areas sorted, lookups
// built, and one generated "find out" task per scored area question (the price of "I'm not sure").
// Only called when the checks found no problem, so every reference here resolves.

import type { Loaded, LoadedArea } from "./parse";
import { CHOICE_KINDS } from "./schema";
import type { AreaMetaInput, BandInput, OptionInput, QuestionInput, TaskInput } from "./schema";
import type { Area, Band, Content, Option, Phase, Question, ScaleBy, Task } from "./types";
import { PHASES } from "./types";

const INTAKE = "intake";
export const DISCOVERY_PREFIX = "discover.";
const SHORT_PROMPT_LENGTH = 80;

export function resolveContent(loaded: Loaded, version: string): Content {
  const intake = loaded.intake;
  if (!intake?.meta) throw new Error("resolveContent called on content with problems (intake)");
  const areas = loaded.areas.map((a) => resolveArea(requireMeta(a), a)).sort((x, y) => x.order - y.order);
  const intakeQuestions = intake.questions.map((q) => resolveQuestion(q.value, INTAKE));
  const allQuestions = [...intakeQuestions, ...areas.flatMap((a) => a.questions)];
  const questionsById = new Map(allQuestions.map((q) => [q.id, q]));
  const contentTasks = loaded.areas.flatMap((a) =>
    a.tasks.map((t) => resolveTask(t.value, requireMeta(a).id, questionsById)),
  );
  const phaseOf = new Map(contentTasks.map((t) => [t.id, t.phase]));
  // Tasks grouped by area (in area order): the area's own tasks, then its discovery tasks.
  const tasks = areas.flatMap((area) => [
    ...contentTasks.filter((t) => t.area === area.id),
    ...area.questions.filter((q) => q.discoveryTask).map((q) => discoveryTask(q, area, phaseOf)),
  ]);
  return {
    version,
    intake: { title: intake.meta.title, summary: intake.meta.summary, questions: intakeQuestions },
    areas,
    tasks,
    questionsById,
    tasksById: new Map(tasks.map((t) => [t.id, t])),
  };
}

function requireMeta(area: LoadedArea): AreaMetaInput {
  if (!area.meta) throw new Error(`resolveContent called on content with problems (${area.file})`);
  return area.meta;
}

function resolveArea(meta: AreaMetaInput, loaded: LoadedArea): Area {
  return {
    id: meta.id,
    order: meta.order,
    title: meta.title,
    summary: meta.summary,
    weight: meta.weight,
    ...(meta.applicability ? { applicability: meta.applicability } : {}),
    discovery: meta.discovery,
    questions: loaded.questions.map((q) => resolveQuestion(q.value, meta.id)),
  };
}

function isScored(q: QuestionInput, area: string): boolean {
  if (area === INTAKE) return false;
  return (
    (CHOICE_KINDS as readonly string[]).includes(q.kind) || (q.kind === "number" && q.bands !== undefined)
  );
}

function resolveQuestion(q: QuestionInput, area: string): Question {
  const scored = isScored(q, area);
  return {
    id: q.id,
    area,
    prompt: q.prompt,
    help: q.help,
    ...(q.impact !== undefined ? { impact: q.impact } : {}),
    kind: q.kind,
    weight: q.weight,
    notApplicable: q.notApplicable,
    ...(q.showIf ? { showIf: q.showIf } : {}),
    options: q.options.map((o) => resolveOption(o, area === INTAKE)),
    ...(q.min !== undefined ? { min: q.min } : {}),
    ...(q.max !== undefined ? { max: q.max } : {}),
    ...(q.unit !== undefined ? { unit: q.unit } : {}),
    ...(q.bands ? { bands: q.bands.map(resolveBand) } : {}),
    scored,
    ...(scored ? { discoveryTask: `${DISCOVERY_PREFIX}${q.id}` } : {}),
  };
}

function resolveOption(o: OptionInput, intake: boolean): Option {
  return {
    id: o.id,
    label: o.label,
    // Intake answers are facts about the product, not readiness; the docs say it is ignored there.
    readiness: intake ? 0 : (o.readiness ?? 0),
    risk: o.risk,
    blocker: o.blocker,
    ...(o.finding !== undefined ? { finding: o.finding } : {}),
    tasks: o.tasks,
    exclusive: o.exclusive,
  };
}

function resolveBand(b: BandInput): Band {
  return {
    upTo: b.upTo,
    readiness: b.readiness,
    risk: b.risk,
    blocker: b.blocker,
    ...(b.finding !== undefined ? { finding: b.finding } : {}),
    tasks: b.tasks,
  };
}

function resolveTask(t: TaskInput, area: string, questions: ReadonlyMap<string, Question>): Task {
  return {
    id: t.id,
    area,
    title: t.title,
    description: t.description,
    deliverables: t.deliverables,
    acceptance: t.acceptance,
    estimate: t.estimate,
    ...(t.scaleBy ? { scaleBy: resolveScaleBy(t.scaleBy, questions) } : {}),
    dependsOn: t.dependsOn,
    phase: t.phase,
    skills: t.skills,
    discovery: false,
  };
}

// Defaults as documented: min 1, max the question's max (checks.ts guaranteed one exists).
function resolveScaleBy(
  s: NonNullable<TaskInput["scaleBy"]>,
  questions: ReadonlyMap<string, Question>,
): ScaleBy {
  const max = s.max ?? questions.get(s.question)?.max;
  if (max === undefined) throw new Error(`resolveContent: scaleBy on "${s.question}" has no max`);
  return { question: s.question, min: s.min ?? 1, max, default: s.default };
}

function discoveryTask(q: Question, area: Area, phaseOf: ReadonlyMap<string, Phase>): Task {
  const triggered = [...q.options.flatMap((o) => o.tasks), ...(q.bands ?? []).flatMap((b) => b.tasks)];
  const phases = new Set(triggered.flatMap((id) => phaseOf.get(id) ?? []));
  // The earliest phase the answer could lead to: finding out cannot wait longer than the fix.
  const phase = PHASES.find((p) => phases.has(p)) ?? "hardening";
  return {
    id: `${DISCOVERY_PREFIX}${q.id}`,
    area: area.id,
    title: `Find out: ${shortPrompt(q.prompt)}`,
    description:
      `The answer to "${q.prompt}" was "I'm not sure". An engineer checks the code, configuration ` +
      "and dashboards to find the real answer, so the work it leads to can be scoped and priced.",
    deliverables: [
      `A written, evidenced answer to: ${q.prompt}`,
      "The plan updated with the tasks that answer triggers",
    ],
    acceptance: [
      "The question is answered from evidence (code, configuration or provider dashboards), not memory",
      "The answer is recorded in the assessment and the plan reflects it",
    ],
    estimate: area.discovery,
    dependsOn: [],
    phase,
    skills: ["discovery"],
    discovery: true,
    question: q.id,
  };
}

/** The prompt, cut at a word boundary so titles stay readable in tables and the PDF. */
export function shortPrompt(prompt: string): string {
  const trimmed = prompt.trim();
  if (trimmed.length <= SHORT_PROMPT_LENGTH) return trimmed;
  const cut = trimmed.slice(0, SHORT_PROMPT_LENGTH);
  const space = cut.lastIndexOf(" ");
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}
