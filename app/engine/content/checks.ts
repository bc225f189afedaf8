// Cross-file checks: everything a single element's schema cannot see. Runs over the elements that
// passed their own schema, and uses the raw ids of all elements so that one invalid question does
// not also show up as "unknown question" everywhere it is referenced.

import { conditionQuestions, evaluateCondition } from "../conditions";
import { INTAKE_AREA } from "../intake-ids";
import { checkCoverage } from "./coverage";
import type { Loaded, LoadedArea, Located, RawId } from "./loaded";
import { formatPath } from "./problems";
import type { PathSegment, ProblemList } from "./problems";
import { CHOICE_KINDS, RESERVED_OPTION_IDS } from "./schema";
import type { PackageInput, QuestionInput, TaskInput } from "./schema";
import { PHASES } from "./types";
import type { AnswerValue, Answers, Condition } from "./types";

interface QuestionEntry extends Located<QuestionInput> {
  /** "intake" or the area id */
  area: string;
}

interface Index {
  problems: ProblemList;
  /** first valid occurrence of each id */
  questions: Map<string, QuestionEntry>;
  tasks: Map<string, Located<TaskInput>>;
  /** work packages by id (valid ones) */
  packages: Map<string, Located<PackageInput>>;
  /** size driver ids (valid ones) */
  drivers: Set<string>;
  /** every id written anywhere, valid element or not */
  questionIds: Set<string>;
  taskIds: Set<string>;
  loaded: Loaded;
}

export function checkContent(loaded: Loaded, problems: ProblemList): void {
  const index = buildIndex(loaded, problems);
  checkAreaHeaders(loaded.areas, problems);
  checkDuplicates(loaded.rawQuestionIds, "question", problems);
  checkDuplicates(loaded.rawTaskIds, "task", problems);
  for (const q of loaded.intake?.questions ?? []) checkIntakeQuestion(index, q);
  for (const area of loaded.areas) checkArea(index, area);
  checkSizing(index);
  checkReference(index);
  checkConflicts(index);
  checkUnsureNeverHides(index);
  checkCoverage(
    loaded.coverage,
    {
      questions: new Map(
        [...index.questions.values()].map((q) => [
          q.value.id,
          { area: q.area, options: q.value.options.map((o) => o.id) },
        ]),
      ),
      unreadable: (id) => {
        const prefix = id.split(".")[0] ?? "";
        return prefix === INTAKE_AREA ? loaded.intakeUnreadable : loaded.unreadableAreas.has(prefix);
      },
    },
    problems,
  );
  checkCycles(
    [...index.tasks.values()],
    (t) => t.value.id,
    (t) => t.value.dependsOn.flatMap((d) => index.tasks.get(d) ?? []),
    (t, next, cycle) =>
      problems.add(
        t.file,
        [...t.path, "dependsOn", t.value.dependsOn.indexOf(next.value.id)],
        `dependency cycle: ${cycle}`,
      ),
  );
  checkCycles(
    [...index.questions.values()],
    (q) => q.value.id,
    (q) =>
      q.value.showIf ? conditionQuestions(q.value.showIf).flatMap((id) => index.questions.get(id) ?? []) : [],
    (q, _next, cycle) => problems.add(q.file, [...q.path, "showIf"], `showIf cycle: ${cycle}`),
  );
}

function buildIndex(loaded: Loaded, problems: ProblemList): Index {
  const questions = new Map<string, QuestionEntry>();
  const tasks = new Map<string, Located<TaskInput>>();
  const packages = new Map<string, Located<PackageInput>>();
  const addQuestion = (q: Located<QuestionInput>, area: string) => {
    if (!questions.has(q.value.id)) questions.set(q.value.id, { ...q, area });
  };
  for (const q of loaded.intake?.questions ?? []) addQuestion(q, INTAKE_AREA);
  for (const area of loaded.areas) {
    for (const q of area.questions) addQuestion(q, areaId(area));
    for (const t of area.tasks) if (!tasks.has(t.value.id)) tasks.set(t.value.id, t);
    for (const p of area.packages) if (!packages.has(p.value.id)) packages.set(p.value.id, p);
  }
  return {
    problems,
    questions,
    tasks,
    packages,
    drivers: new Set(loaded.sizing.drivers.map((d) => d.value.id)),
    questionIds: new Set(loaded.rawQuestionIds.map((r) => r.id)),
    taskIds: new Set(loaded.rawTaskIds.map((r) => r.id)),
    loaded,
  };
}

function areaId(area: LoadedArea): string {
  return area.meta?.id ?? area.stem;
}

// ---------------------------------------------------------------------------------------------
// Ids

function checkAreaHeaders(areas: readonly LoadedArea[], problems: ProblemList): void {
  const byId = new Map<string, LoadedArea>();
  const byOrder = new Map<number, LoadedArea>();
  for (const area of areas) {
    const meta = area.meta;
    if (!meta) continue;
    if (meta.id !== area.stem) {
      problems.add(
        area.file,
        ["area", "id"],
        `area id "${meta.id}" does not match the file name (expected "${area.stem}")`,
      );
    }
    const sameId = byId.get(meta.id);
    if (sameId)
      problems.add(area.file, ["area", "id"], `duplicate area id "${meta.id}" (also in ${sameId.file})`);
    else byId.set(meta.id, area);
    const sameOrder = byOrder.get(meta.order);
    if (sameOrder)
      problems.add(
        area.file,
        ["area", "order"],
        `duplicate area order ${meta.order} (also in ${sameOrder.file})`,
      );
    else byOrder.set(meta.order, area);
  }
}

function checkDuplicates(ids: readonly RawId[], what: string, problems: ProblemList): void {
  const first = new Map<string, RawId>();
  for (const raw of ids) {
    const seen = first.get(raw.id);
    if (!seen) first.set(raw.id, raw);
    else
      problems.add(
        raw.file,
        raw.path,
        `duplicate ${what} id "${raw.id}" (first in ${seen.file} at ${formatPath(seen.path)})`,
      );
  }
}

// `alsoAccept` is the file name when the area id does not match it: that mismatch is reported
// once, not again for every question.
function checkIdPrefix(index: Index, q: Located<QuestionInput>, area: string, alsoAccept?: string): void {
  const prefix = `${area}.`;
  if (!q.value.id.startsWith(prefix) && !(alsoAccept && q.value.id.startsWith(`${alsoAccept}.`))) {
    index.problems.add(q.file, [...q.path, "id"], `question id "${q.value.id}" must start with "${prefix}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Questions

function checkIntakeQuestion(index: Index, q: Located<QuestionInput>): void {
  const add = (path: PathSegment[], reason: string) =>
    index.problems.add(q.file, [...q.path, ...path], reason);
  checkIdPrefix(index, q, INTAKE_AREA);
  q.value.options.forEach((o, i) => {
    if (o.tasks.length > 0)
      add(["options", i, "tasks"], "intake questions are not scored: their options trigger no tasks");
    if (o.blocker)
      add(["options", i, "blocker"], "intake questions are not scored: their options cannot be blockers");
    if (o.risk !== "none")
      add(["options", i, "risk"], "intake questions are not scored: their options carry no risk");
  });
  if (q.value.bands) add(["bands"], "intake questions are not scored: they have no bands");
  if (q.value.showIf) checkCondition(index, q.file, [...q.path, "showIf"], q.value.showIf, "intake-only");
}

function checkArea(index: Index, area: LoadedArea): void {
  const id = areaId(area);
  if (area.meta?.applicability) {
    checkCondition(index, area.file, ["area", "applicability"], area.meta.applicability, "intake-only");
  }
  for (const q of area.questions) {
    checkIdPrefix(index, q, id, area.stem);
    checkAreaQuestion(index, q);
  }
  for (const t of area.tasks) checkTask(index, t);
  for (const p of area.packages) checkSize(index, p);
}

function checkAreaQuestion(index: Index, q: Located<QuestionInput>): void {
  const add = (path: PathSegment[], reason: string) =>
    index.problems.add(q.file, [...q.path, ...path], reason);
  const { kind, options, bands, showIf } = q.value;
  if ((CHOICE_KINDS as readonly string[]).includes(kind)) {
    options.forEach((o, i) => {
      if (o.readiness === undefined)
        add(["options", i, "readiness"], "required: options of area questions need readiness (0..1)");
    });
  }
  if (kind === "scale") checkScaleOrder(options, add);
  // Every surface counts launch blockers among the high risks ("2 launch blockers · 3 other high"),
  // so a blocker that was not a high risk would vanish from those counts.
  options.forEach((o, i) => {
    if (o.blocker && o.risk !== "high") add(["options", i, "risk"], "a launch blocker must be a high risk");
  });
  bands?.forEach((b, i) => {
    if (b.blocker && b.risk !== "high") add(["bands", i, "risk"], "a launch blocker must be a high risk");
  });
  options.forEach((o, i) => {
    if (o.blocker)
      checkBlockerFixedBeforeLaunch(index, o.tasks, (at, reason) => add(["options", i, at], reason));
  });
  bands?.forEach((b, i) => {
    if (b.blocker)
      checkBlockerFixedBeforeLaunch(index, b.tasks, (at, reason) => add(["bands", i, at], reason));
  });
  options.forEach((o, i) =>
    o.tasks.forEach((t, j) => checkTaskRef(index, q.file, [...q.path, "options", i, "tasks", j], t)),
  );
  bands?.forEach((b, i) =>
    b.tasks.forEach((t, j) => checkTaskRef(index, q.file, [...q.path, "bands", i, "tasks", j], t)),
  );
  if (showIf) checkCondition(index, q.file, [...q.path, "showIf"], showIf, "any");
  // The quick path shows only the intake and the essentials: an essential question whose condition
  // read any other answer could never appear there.
  if (showIf && q.value.essential) {
    for (const id of conditionQuestions(showIf)) {
      const ref = index.questions.get(id);
      if (ref && ref.area !== INTAKE_AREA && !ref.value.essential)
        add(
          ["showIf"],
          `essential questions can only depend on intake or essential questions; ${id} is neither`,
        );
    }
  }
}

/**
 * A launch blocker must be fixed before launch, so the launch minimum must hold its fix: at least
 * one task the answer triggers is launch-blocker work. The engine never promotes a task to an
 * earlier phase, and dependencies don't help: a task's dependencies are its prerequisites, not the
 * fix, and packages come in with the tasks that name them. An unknown task is reported on its own
 * (and may live in an unreadable file), so it is given the benefit of the doubt here.
 */
function checkBlockerFixedBeforeLaunch(
  index: Index,
  tasks: readonly string[],
  add: (at: PathSegment, reason: string) => void,
): void {
  if (tasks.length === 0) {
    add("blocker", "a launch blocker must trigger a launch-blocker task (it triggers no task at all)");
    return;
  }
  const known = tasks.map((id) => index.tasks.get(id)?.value);
  if (known.some((t) => t === undefined || t.phase === "launch-blocker")) return;
  const phases = known.flatMap((t) => (t ? [`${t.id} is ${t.phase}`] : [])).join(", ");
  add(
    "tasks",
    `a launch blocker must trigger at least one launch-blocker task, or the launch minimum leaves out its fix (${phases})`,
  );
}

// Scale options are documented as worst to best; a dip in readiness means they are out of order.
function checkScaleOrder(
  options: QuestionInput["options"],
  add: (path: PathSegment[], reason: string) => void,
): void {
  for (let i = 1; i < options.length; i++) {
    const prev = options[i - 1]?.readiness;
    const cur = options[i]?.readiness;
    if (prev !== undefined && cur !== undefined && cur < prev) {
      add(
        ["options", i, "readiness"],
        `scale options go from worst to best: readiness ${cur} comes after ${prev}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tasks

function checkTask(index: Index, t: Located<TaskInput>): void {
  t.value.dependsOn.forEach((d, j) => {
    checkTaskRef(index, t.file, [...t.path, "dependsOn", j], d);
    // Tiers run one after another and the launch minimum is priced on its own: work it waits for
    // must be in it (or in an earlier tier), or the launch minimum would leave it out.
    const dep = index.tasks.get(d)?.value;
    if (dep && PHASES.indexOf(dep.phase) > PHASES.indexOf(t.value.phase))
      index.problems.add(
        t.file,
        [...t.path, "dependsOn", j],
        `"${d}" is ${dep.phase} work, later than this ${t.value.phase} task: a task may depend only on tasks of its own phase or an earlier one`,
      );
  });
  checkSize(index, t);
  const pkg = t.value.package;
  if (pkg !== undefined && !index.packages.has(pkg)) {
    const at = [...t.path, "package"];
    if (index.tasks.has(pkg))
      index.problems.add(t.file, at, `"${pkg}" is a task, not a package: list it under packages:`);
    else if (index.loaded.unreadableAreas.size === 0)
      index.problems.add(t.file, at, `unknown package "${pkg}"`);
  }
}

/**
 * A reference to a task from an option, a band or a dependency. Packages are not pulled in or
 * waited for directly: they come with the tasks that use them (`package:`), so that shared work
 * is in the plan exactly when some task needs it.
 */
function checkTaskRef(index: Index, file: string, path: PathSegment[], id: string): void {
  // (An id that is both a task and a package is a duplicate, reported once as such.)
  if (index.packages.has(id) && !index.tasks.has(id)) {
    index.problems.add(
      file,
      path,
      `"${id}" is a work package: it comes with the tasks that name it in package:, name one of those tasks instead`,
    );
    return;
  }
  if (index.taskIds.has(id)) return;
  // An unreadable area file may define it: do not pile guesses on top of its syntax error.
  if (index.loaded.unreadableAreas.size > 0) return;
  index.problems.add(file, path, `unknown task "${id}"`);
}

function checkSize(index: Index, t: Located<TaskInput | PackageInput>): void {
  if (index.loaded.sizing.unreadable) return;
  for (const driver of Object.keys(t.value.size)) {
    if (!index.drivers.has(driver)) {
      const known = [...index.drivers].join(", ") || "none: add content/sizing.yaml";
      index.problems.add(
        t.file,
        [...t.path, "size", driver],
        `unknown size driver "${driver}" (drivers: ${known})`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sizing and reference data

function checkSizing(index: Index): void {
  const { drivers, file } = index.loaded.sizing;
  const seen = new Map<string, number>();
  drivers.forEach((d, i) => {
    const add = (key: string, reason: string) => index.problems.add(file, [...d.path, key], reason);
    const first = seen.get(d.value.id);
    if (first !== undefined) add("id", `duplicate driver id "${d.value.id}" (first at drivers[${first}])`);
    else seen.set(d.value.id, i);
    if (d.value.default < d.value.min)
      add("default", `default (${d.value.default}) must be >= min (${d.value.min})`);
    if (d.value.hidden !== undefined && d.value.hidden < d.value.min)
      add("hidden", `hidden (${d.value.hidden}) must be >= min (${d.value.min})`);
    const target = lookupQuestion(index, file, [...d.path, "question"], d.value.question);
    if (!target) return;
    if (target.area !== INTAKE_AREA) {
      add("question", `size is asked in the intake: "${d.value.question}" is in area "${target.area}"`);
      return;
    }
    if (d.value.hidden !== undefined && !target.value.showIf)
      add("hidden", `"${d.value.question}" has no showIf, so it is never hidden`);
    const { kind, options } = target.value;
    if (kind === "number") {
      if (d.value.units) add("units", "units are for choice questions; a number answer is the units itself");
      return;
    }
    if (kind !== "single" && kind !== "scale") {
      add(
        "question",
        `a size driver reads a number, single or scale question; "${d.value.question}" is ${kind}`,
      );
      return;
    }
    const units = new Map(Object.entries(d.value.units ?? {}));
    for (const o of options) {
      if (!units.has(o.id)) add("units", `missing units for option "${o.id}" of "${d.value.question}"`);
    }
    for (const id of units.keys()) {
      if (!options.some((o) => o.id === id))
        index.problems.add(file, [...d.path, "units", id], `unknown option "${id}" of "${d.value.question}"`);
    }
  });
}

function checkReference(index: Index): void {
  const { classes, rawSourceIds, unreadable } = index.loaded.reference;
  checkDuplicates(rawSourceIds, "source", index.problems);
  const sourceIds = new Set(rawSourceIds.map((r) => r.id));
  const classIds = new Set<string>();
  for (const c of classes) {
    if (classIds.has(c.value.id))
      index.problems.add(c.file, [...c.path, "id"], `duplicate class id "${c.value.id}"`);
    classIds.add(c.value.id);
    if (c.value.when) checkCondition(index, c.file, [...c.path, "when"], c.value.when, "intake-only");
    c.value.sources.forEach((id, i) => {
      if (!sourceIds.has(id) && !unreadable)
        index.problems.add(
          c.file,
          [...c.path, "sources", i],
          `unknown source "${id}" (see reference/sources.yaml)`,
        );
    });
  }
}

/**
 * Conflicts read any question in the same condition language as showIf, and are checked the same
 * way: known questions, values that fit them (options that exist), no "unsure". Their ids are their
 * own: a conflict is not a question or a task.
 */
function checkConflicts(index: Index): void {
  const { items, rawIds } = index.loaded.conflicts;
  checkDuplicates(rawIds, "conflict", index.problems);
  for (const c of items) {
    c.value.when.forEach((cond, i) => checkCondition(index, c.file, [...c.path, "when", i], cond, "any"));
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions

type Leaf = Extract<Condition, { question: string }>;

function forEachLeaf(
  cond: Condition,
  path: PathSegment[],
  visit: (leaf: Leaf, path: PathSegment[]) => void,
): void {
  if ("all" in cond) cond.all.forEach((c, i) => forEachLeaf(c, [...path, "all", i], visit));
  else if ("any" in cond) cond.any.forEach((c, i) => forEachLeaf(c, [...path, "any", i], visit));
  else if ("not" in cond) forEachLeaf(cond.not, [...path, "not"], visit);
  else visit(cond, path);
}

/** The valid question with this id, or undefined (reporting it when it is unknown). */
function lookupQuestion(
  index: Index,
  file: string,
  path: PathSegment[],
  id: string,
): QuestionEntry | undefined {
  if (!index.questionIds.has(id)) {
    const prefix = id.split(".")[0] ?? "";
    const unreadable =
      prefix === INTAKE_AREA ? index.loaded.intakeUnreadable : index.loaded.unreadableAreas.has(prefix);
    if (!unreadable) index.problems.add(file, path, `unknown question "${id}"`);
    return undefined;
  }
  // Known but invalid: its own problems are already reported.
  return index.questions.get(id);
}

function checkCondition(
  index: Index,
  file: string,
  path: PathSegment[],
  cond: Condition,
  scope: "intake-only" | "any",
): void {
  forEachLeaf(cond, path, (leaf, leafPath) => {
    const qPath = [...leafPath, "question"];
    const target = lookupQuestion(index, file, qPath, leaf.question);
    if (!target) return;
    if (scope === "intake-only" && target.area !== INTAKE_AREA) {
      index.problems.add(
        file,
        qPath,
        `may only refer to intake questions ("${leaf.question}" is in area "${target.area}")`,
      );
    }
    checkLeafValues(index, file, leafPath, leaf, target.value);
  });
}

function checkLeafValues(
  index: Index,
  file: string,
  path: PathSegment[],
  leaf: Leaf,
  q: QuestionInput,
): void {
  const add = (at: PathSegment[], reason: string) => index.problems.add(file, [...path, ...at], reason);
  if ("gte" in leaf || "lte" in leaf) {
    if (q.kind !== "number")
      add(
        ["gte" in leaf ? "gte" : "lte"],
        `gte/lte need a number question; "${q.id}" is a ${q.kind} question`,
      );
    return;
  }
  const values: Array<{ value: unknown; at: PathSegment[] }> =
    "equals" in leaf
      ? [{ value: leaf.equals, at: ["equals"] }]
      : leaf.in.map((value, i) => ({ value, at: ["in", i] }));
  for (const { value, at } of values) {
    const problem = leafValueProblem(q, value);
    if (problem) add(at, problem);
  }
}

function leafValueProblem(q: QuestionInput, value: unknown): string | undefined {
  if (typeof value === "string" && RESERVED_OPTION_IDS.includes(value)) {
    return `"${value}" never matches: a condition on an unsure or not-applicable answer is false`;
  }
  if (q.kind === "number") {
    return typeof value === "number" ? undefined : `"${q.id}" is a number question: compare it with a number`;
  }
  if (q.kind === "text") {
    return typeof value === "string" ? undefined : `"${q.id}" is a text question: compare it with text`;
  }
  if (typeof value === "string" && q.options.some((o) => o.id === value)) return undefined;
  return `unknown option ${JSON.stringify(value)} for question "${q.id}" (options: ${q.options.map((o) => o.id).join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// "I'm not sure" never hides a security question or a launch blocker

/**
 * An unsure or unanswered intake answer must never hide a security question (the auth area) or a
 * question that can mark a launch blocker: the founder who does not know whether the app runs on
 * Supabase still has to be asked about Supabase's access rules. A leaf on an unsure answer is
 * false, so `{ question: intake.backend, equals: supabase }` hides the question while the backend
 * is unsure; `{ not: { question: intake.backend, in: [firebase, own-server, ...] } }` shows it.
 *
 * Checked by brute force over the questions the visibility condition reads (the area's
 * applicability and the question's showIf): every combination of their possible answers, intake
 * answers also unsure. The rule is broken when some combination with an unsure intake answer hides
 * the question while a definite answer in its place would show it.
 */
function checkUnsureNeverHides(index: Index): void {
  const areaMeta = new Map(index.loaded.areas.map((a) => [areaId(a), a.meta]));
  for (const q of index.questions.values()) {
    if (q.area === INTAKE_AREA) continue;
    const guarded =
      q.area === "auth" ||
      q.value.options.some((o) => o.blocker) ||
      (q.value.bands ?? []).some((b) => b.blocker);
    if (!guarded) continue;
    const parts = [areaMeta.get(q.area)?.applicability, q.value.showIf].filter((c): c is Condition => !!c);
    if (parts.length === 0) continue;
    const cond: Condition = parts.length === 1 ? parts[0]! : { all: parts };
    const hidden = unsureHides(index, cond);
    if (!hidden) continue;
    const what = q.area === "auth" ? "a security question" : "a question that can mark a launch blocker";
    const where = q.value.showIf ? "showIf" : undefined;
    index.problems.add(
      q.file,
      where ? [...q.path, where] : [...q.path, "id"],
      `an unsure or unanswered ${hidden.unsure.join(" and ")} hides ${what} (it shows when ${hidden.shownWhen}); ` +
        `write the condition so it holds unless the answer rules the question out, e.g. { not: { question: ${hidden.unsure[0]}, in: [...] } }`,
    );
  }
}

const UNSET: unique symbol = Symbol("unsure");
type Value = AnswerValue | typeof UNSET;

/** Values worth trying for a question a condition reads (its options, or numbers around thresholds). */
function domainOf(index: Index, id: string, cond: Condition): AnswerValue[] {
  const q = index.questions.get(id)?.value;
  if (!q) return [];
  if (q.kind === "multi") return [...q.options.map((o) => [o.id]), q.options.map((o) => o.id)];
  if (q.kind === "number") {
    const points = new Set<number>();
    const visit = (c: Condition): void => {
      if ("all" in c) return c.all.forEach(visit);
      if ("any" in c) return c.any.forEach(visit);
      if ("not" in c) return visit(c.not);
      if (c.question !== id) return;
      const t =
        "gte" in c
          ? c.gte
          : "lte" in c
            ? c.lte
            : "equals" in c && typeof c.equals === "number"
              ? c.equals
              : undefined;
      if (t !== undefined) [t - 1, t, t + 1].forEach((v) => points.add(v));
    };
    visit(cond);
    if (q.min !== undefined) points.add(q.min);
    if (q.max !== undefined) points.add(q.max);
    const inRange = [...points].filter(
      (v) => (q.min === undefined || v >= q.min) && (q.max === undefined || v <= q.max),
    );
    return inRange.length > 0 ? inRange : [0];
  }
  if (q.kind === "text") return ["text"];
  return q.options.map((o) => o.id);
}

function unsureHides(index: Index, cond: Condition): { unsure: string[]; shownWhen: string } | undefined {
  const ids = [...new Set(conditionQuestions(cond))].filter((id) => index.questions.has(id));
  const domains = ids.map((id) => domainOf(index, id, cond));
  const size = domains.reduce((n, d) => n * (d.length + 1), 1);
  if (ids.length === 0 || size > 50_000) return undefined;
  const answersOf = (values: readonly Value[]): Answers => {
    const answers: Answers = {};
    values.forEach((v, i) => {
      if (v !== UNSET) answers[ids[i]!] = v;
    });
    return answers;
  };
  const shows = (values: readonly Value[]) => evaluateCondition(cond, answersOf(values));
  // Every assignment: each question takes one of its values, or is unsure.
  const assignments: Value[][] = [[]];
  // Only intake answers are ever taken as unsure here: a follow-up that waits for an area answer
  // (a question shown once an earlier answer says it applies) is a conditional follow-up by design.
  for (const [i, d] of domains.entries()) {
    const next: Value[][] = [];
    const values: Value[] = index.questions.get(ids[i]!)?.area === INTAKE_AREA ? [...d, UNSET] : [...d];
    for (const a of assignments) for (const v of values) next.push([...a, v]);
    assignments.splice(0, assignments.length, ...next);
  }
  for (const a of assignments) {
    if (!a.includes(UNSET) || shows(a)) continue;
    // Hidden with some answers unsure: would a definite answer in their place show it?
    const completion = assignments.find(
      (b) => !b.includes(UNSET) && b.every((v, i) => a[i] === UNSET || v === a[i]) && shows(b),
    );
    if (completion) {
      const unsure = ids.filter((_, i) => a[i] === UNSET);
      const shownWhen = unsure
        .map((id) => `${id} is ${JSON.stringify(completion[ids.indexOf(id)])}`)
        .join(" and ");
      return { unsure, shownWhen };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Cycles

/**
 * Depth-first search; each back edge closes a cycle, reported once (rotated to start at its
 * smallest id, so the same cycle found from two places is recognised).
 */
function checkCycles<N>(
  nodes: readonly N[],
  idOf: (n: N) => string,
  next: (n: N) => N[],
  report: (first: N, second: N, cycle: string) => void,
): void {
  const state = new Map<string, "active" | "done">();
  const stack: N[] = [];
  const reported = new Set<string>();
  const visit = (node: N): void => {
    state.set(idOf(node), "active");
    stack.push(node);
    for (const succ of next(node)) {
      const s = state.get(idOf(succ));
      if (s === "active") reportCycle(stack.slice(stack.findIndex((n) => idOf(n) === idOf(succ))));
      else if (s === undefined) visit(succ);
    }
    stack.pop();
    state.set(idOf(node), "done");
  };
  const reportCycle = (members: N[]) => {
    const ids = members.map(idOf);
    const start = ids.indexOf([...ids].sort()[0] ?? "");
    const rotated = [...members.slice(start), ...members.slice(0, start)];
    const key = rotated.map(idOf).join(" -> ");
    if (reported.has(key)) return;
    reported.add(key);
    const [first] = rotated;
    if (first) report(first, rotated[1] ?? first, `${key} -> ${idOf(first)}`);
  };
  for (const node of nodes) if (!state.has(idOf(node))) visit(node);
}
