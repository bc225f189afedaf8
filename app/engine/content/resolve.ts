// Turns validated content into the engine's Content: defaults applied, areas sorted, lookups
// built, and one generated "find out" task per scored area question (the price of "I'm not sure").
// Only called when the checks found no problem, so every reference here resolves.

import { INTAKE_AREA } from "../intake-ids";
import { resolveCoverage } from "./coverage";
import type { Loaded, LoadedArea } from "./loaded";
import { CHOICE_KINDS } from "./schema";
import type {
  AreaMetaInput,
  BandInput,
  ConflictInput,
  OptionInput,
  PackageInput,
  QuestionInput,
  ReferenceClassInput,
  ReferenceSourceInput,
  SizeDriverInput,
  TaskInput,
} from "./schema";
import type {
  Area,
  Band,
  Conflict,
  Content,
  Option,
  Phase,
  Question,
  ReferenceClass,
  ReferenceSource,
  SizeDriver,
  Task,
} from "./types";
import { PHASES } from "./types";

const DISCOVERY_PREFIX = "discover.";
const SHORT_PROMPT_LENGTH = 80;

export function resolveContent(loaded: Loaded, version: string): Content {
  const intake = loaded.intake;
  if (!intake?.meta) throw new Error("resolveContent called on content with problems (intake)");
  const areas = loaded.areas.map((a) => resolveArea(requireMeta(a), a)).sort((x, y) => x.order - y.order);
  const intakeQuestions = intake.questions.map((q) => resolveQuestion(q.value, INTAKE_AREA));
  const allQuestions = [...intakeQuestions, ...areas.flatMap((a) => a.questions)];
  const questionsById = new Map(allQuestions.map((q) => [q.id, q]));
  const contentTasks = loaded.areas.flatMap((a) =>
    a.tasks.map((t) => resolveTask(t.value, requireMeta(a).id)),
  );
  const phaseOf = new Map(contentTasks.map((t) => [t.id, t.phase]));
  const packages = loaded.areas.flatMap((a) =>
    a.packages.map((p) => resolvePackage(p.value, requireMeta(a).id, contentTasks)),
  );
  // Tasks grouped by area (in area order): its packages, its own tasks, then its discovery tasks.
  const tasks = areas.flatMap((area) => [
    ...packages.filter((t) => t.area === area.id),
    ...contentTasks.filter((t) => t.area === area.id),
    ...area.questions.filter((q) => q.discoveryTask).map((q) => discoveryTask(q, area, phaseOf)),
  ]);
  return {
    version,
    intake: { title: intake.meta.title, summary: intake.meta.summary, questions: intakeQuestions },
    areas,
    tasks,
    sizing: loaded.sizing.drivers.map((d) => resolveDriver(d.value)),
    reference: {
      sources: loaded.reference.sources.map((s) => resolveSource(s.value)),
      classes: loaded.reference.classes.map((c) => resolveClass(c.value)),
    },
    coverage: loaded.coverage.map(resolveCoverage).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    conflicts: loaded.conflicts.items.map((c) => resolveConflict(c.value)),
    questionsById,
    tasksById: new Map(tasks.map((t) => [t.id, t])),
  };
}

function resolveDriver(d: SizeDriverInput): SizeDriver {
  return {
    id: d.id,
    title: d.title,
    question: d.question,
    reference: d.reference,
    default: d.default,
    min: d.min,
    ...(d.hidden !== undefined ? { hidden: d.hidden } : {}),
    ...(d.units ? { units: { ...d.units } } : {}),
  };
}

function resolveSource(s: ReferenceSourceInput): ReferenceSource {
  return { ...s };
}

function resolveClass(c: ReferenceClassInput): ReferenceClass {
  return { ...c };
}

function resolveConflict(c: ConflictInput): Conflict {
  return { id: c.id, when: c.when, message: c.message };
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
  if (area === INTAKE_AREA) return false;
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
    ...(q.findOut !== undefined ? { findOut: q.findOut } : {}),
    kind: q.kind,
    weight: q.weight,
    notApplicable: q.notApplicable,
    essential: q.essential,
    ...(q.showIf ? { showIf: q.showIf } : {}),
    options: q.options.map((o) => resolveOption(o, area === INTAKE_AREA)),
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

function resolveTask(t: TaskInput, area: string): Task {
  return {
    id: t.id,
    area,
    title: t.title,
    description: t.description,
    deliverables: t.deliverables,
    acceptance: t.acceptance,
    estimate: t.estimate,
    size: { ...t.size },
    dependsOn: t.dependsOn,
    phase: t.phase,
    skills: t.skills,
    ...(t.package !== undefined ? { package: t.package } : {}),
    shared: false,
    discovery: false,
  };
}

/**
 * A package as a task. Its phase here is the earliest among all the tasks that use it; scope.ts
 * narrows that to the tasks actually in the plan.
 */
function resolvePackage(p: PackageInput, area: string, tasks: readonly Task[]): Task {
  const phases = new Set(tasks.filter((t) => t.package === p.id).map((t) => t.phase));
  return {
    id: p.id,
    area,
    title: p.title,
    description: p.description,
    deliverables: p.deliverables,
    acceptance: p.acceptance,
    estimate: p.estimate,
    size: { ...p.size },
    dependsOn: [],
    phase: PHASES.find((ph) => phases.has(ph)) ?? "hardening",
    skills: p.skills,
    shared: true,
    discovery: false,
  };
}

function discoveryTask(q: Question, area: Area, phaseOf: ReadonlyMap<string, Phase>): Task {
  const triggered = [...q.options.flatMap((o) => o.tasks), ...(q.bands ?? []).flatMap((b) => b.tasks)];
  const phases = new Set(triggered.flatMap((id) => phaseOf.get(id) ?? []));
  // The earliest phase the answer could lead to: finding out cannot wait longer than the fix.
  const phase = PHASES.find((p) => phases.has(p)) ?? "hardening";
  return {
    id: `${DISCOVERY_PREFIX}${q.id}`,
    area: area.id,
    // A title written for it reads as one ("Find out whether backups restore"); the prompt, cut
    // short, is the fallback.
    title: q.findOut ? `Find out ${q.findOut}` : `Find out: ${shortPrompt(q.prompt)}`,
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
    size: {},
    dependsOn: [],
    phase,
    skills: ["discovery"],
    shared: false,
    discovery: true,
    question: q.id,
  };
}

/** The prompt, cut at a word boundary so titles stay readable in tables and the PDF. */
function shortPrompt(prompt: string): string {
  const trimmed = prompt.trim();
  if (trimmed.length <= SHORT_PROMPT_LENGTH) return trimmed;
  const cut = trimmed.slice(0, SHORT_PROMPT_LENGTH);
  const space = cut.lastIndexOf(" ");
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}
