// Content loader: YAML text in, validated and resolved Content out, or every problem found.
// Pure apart from hashing: the caller supplies the files (app/models/content.server.ts reads them
// from disk), which keeps this testable with in-memory fixtures.
//
// Stages, each collecting all of its problems before moving on:
//  1. classify and parse every file (YAML syntax), check the file's top-level shape;
//  2. validate each area header, question and task on its own (zod, schema.ts), so one broken
//     element does not hide the others;
//  3. cross-file checks (checks.ts): ids, references, conditions, cycles;
//  4. only if nothing was found: resolve into Content (resolve.ts).

import { createHash } from "node:crypto";
import { checkContent } from "./checks";
import { COVERAGE_FILE, loadCoverageFile } from "./coverage";
import { ProblemList, formatProblems, readYaml, readYamlShape } from "./problems";
import type { PathSegment, SafeParser } from "./problems";
import { resolveContent } from "./resolve";
import {
  AreaFileSchema,
  AreaMetaSchema,
  ConflictSchema,
  ConflictsFileSchema,
  IntakeFileSchema,
  IntakeMetaSchema,
  PackageSchema,
  QuestionSchema,
  ReferenceClassSchema,
  ReferenceClassesFileSchema,
  ReferenceSourceSchema,
  ReferenceSourcesFileSchema,
  SizeDriverSchema,
  SizingFileSchema,
  TaskSchema,
  areaMetaRules,
  conflictRules,
  packageRules,
  questionRules,
  referenceClassRules,
  taskRules,
} from "./schema";
import type { LocalIssue } from "./schema";
import type { Loaded, Located, RawId } from "./loaded";
import type { Content, ContentProblem, SourceFile } from "./types";

export { formatProblems };

export type ParseResult = { ok: true; content: Content } | { ok: false; problems: ContentProblem[] };

const INTAKE_FILE = "intake.yaml";
const SIZING_FILE = "sizing.yaml";
const SOURCES_FILE = "reference/sources.yaml";
const CLASSES_FILE = "reference/classes.yaml";
const CONFLICTS_FILE = "conflicts.yaml";
const AREA_FILE = /^areas\/([^/]+)\.yaml$/;
const YAML_FILE = /\.ya?ml$/;
/** Folders of YAML that other loaders own (code-evidence rules): part of the version, not of the bank. */
const OTHER_LOADERS = /^evidence\//;

export function parseContent(files: readonly SourceFile[]): ParseResult {
  const problems = new ProblemList();
  // Intake first: it is where the first occurrence of an id is expected to live.
  const yamlFiles = [...files]
    .filter((f) => YAML_FILE.test(f.path))
    .sort((a, b) => Number(b.path === INTAKE_FILE) - Number(a.path === INTAKE_FILE) || byPath(a, b));
  const loaded = loadFiles(yamlFiles, problems);
  checkContent(loaded, problems);
  if (problems.items.length > 0) return { ok: false, problems: problems.sorted() };
  return { ok: true, content: resolveContent(loaded, contentVersion(yamlFiles)) };
}

/** First 12 hex chars of sha256 over `path \0 text \0` of every YAML file, sorted by path. */
export function contentVersion(files: readonly SourceFile[]): string {
  const hash = createHash("sha256");
  const sorted = [...files].filter((f) => YAML_FILE.test(f.path)).sort(byPath);
  for (const f of sorted) hash.update(`${f.path}\0${f.text}\0`);
  return hash.digest("hex").slice(0, 12);
}

// Code-unit order, not localeCompare: the version hash must not depend on the machine's locale.
function byPath(a: SourceFile, b: SourceFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function loadFiles(files: readonly SourceFile[], problems: ProblemList): Loaded {
  const loaded: Loaded = {
    areas: [],
    sizing: { file: SIZING_FILE, drivers: [], unreadable: false },
    reference: { sources: [], classes: [], rawSourceIds: [], unreadable: false },
    coverage: [],
    conflicts: { file: CONFLICTS_FILE, items: [], rawIds: [] },
    rawQuestionIds: [],
    rawTaskIds: [],
    unreadableAreas: new Set(),
    intakeUnreadable: false,
  };
  let sawIntake = false;
  for (const file of files) {
    const areaMatch = AREA_FILE.exec(file.path);
    const coverageMatch = COVERAGE_FILE.exec(file.path);
    if (file.path === INTAKE_FILE) {
      sawIntake = true;
      loadIntake(file, problems, loaded);
    } else if (areaMatch?.[1]) {
      loadArea(file, areaMatch[1], problems, loaded);
    } else if (file.path === SIZING_FILE) {
      loadSizing(file, problems, loaded);
    } else if (file.path === SOURCES_FILE || file.path === CLASSES_FILE) {
      loadReference(file, problems, loaded);
    } else if (file.path === CONFLICTS_FILE) {
      loadConflicts(file, problems, loaded);
    } else if (coverageMatch?.[1]) {
      const parsed = readYaml(file, problems);
      const list = parsed && loadCoverageFile(file, coverageMatch[1], parsed.data, problems);
      if (list) loaded.coverage.push(list);
    } else if (!OTHER_LOADERS.test(file.path)) {
      problems.addAt(file.path, "(root)", unknownFileReason(file.path));
    }
  }
  if (!sawIntake) {
    loaded.intakeUnreadable = true;
    problems.addAt(INTAKE_FILE, "(root)", "missing: the intake questions file is required");
  }
  if (loaded.areas.length === 0 && loaded.unreadableAreas.size === 0) {
    problems.addAt("areas/", "(root)", "no areas: add at least one areas/<area-id>.yaml");
  }
  return loaded;
}

function unknownFileReason(path: string): string {
  const folder = /^(areas|coverage)\/[^/]+\.yml$/.exec(path)?.[1];
  const hint = folder ? ` (${folder === "areas" ? "area" : "coverage"} files use the .yaml extension)` : "";
  return `unknown file: content is ${INTAKE_FILE}, areas/<area-id>.yaml, ${SIZING_FILE}, ${CONFLICTS_FILE}, ${SOURCES_FILE}, ${CLASSES_FILE}, coverage/<list-id>.yaml and evidence/*.yaml${hint}`;
}

/** The intake's and each area's questions: one schema, one set of rules, one id space. */
function validateQuestions(file: SourceFile, questions: unknown[], loaded: Loaded, problems: ProblemList) {
  return validateList(
    file.path,
    "questions",
    questions,
    QuestionSchema,
    questionRules,
    loaded.rawQuestionIds,
    problems,
  );
}

function loadIntake(file: SourceFile, problems: ProblemList, loaded: Loaded): void {
  const data = readYamlShape(file, IntakeFileSchema, problems);
  if (!data) {
    loaded.intakeUnreadable = true;
    return;
  }
  const meta = IntakeMetaSchema.safeParse(data.intake);
  if (!meta.success) problems.addZod(file.path, ["intake"], meta.error);
  loaded.intake = {
    file: file.path,
    meta: meta.success ? meta.data : undefined,
    questions: validateQuestions(file, data.questions, loaded, problems),
  };
}

function loadArea(file: SourceFile, stem: string, problems: ProblemList, loaded: Loaded): void {
  const data = readYamlShape(file, AreaFileSchema, problems);
  if (!data) {
    loaded.unreadableAreas.add(stem);
    return;
  }
  const meta = AreaMetaSchema.safeParse(data.area);
  if (!meta.success) problems.addZod(file.path, ["area"], meta.error);
  else addLocal(problems, file.path, ["area"], areaMetaRules(meta.data));
  loaded.areas.push({
    file: file.path,
    stem,
    meta: meta.success ? meta.data : undefined,
    questions: validateQuestions(file, data.questions, loaded, problems),
    // Packages share the task id space: tasks name them, and they become plan items like tasks.
    packages: validateList(
      file.path,
      "packages",
      data.packages,
      PackageSchema,
      packageRules,
      loaded.rawTaskIds,
      problems,
    ),
    tasks: validateList(file.path, "tasks", data.tasks, TaskSchema, taskRules, loaded.rawTaskIds, problems),
  });
}

function loadSizing(file: SourceFile, problems: ProblemList, loaded: Loaded): void {
  const data = readYamlShape(file, SizingFileSchema, problems);
  if (!data) {
    loaded.sizing.unreadable = true;
    return;
  }
  loaded.sizing.drivers = validateList(
    file.path,
    "drivers",
    data.drivers,
    SizeDriverSchema,
    () => [],
    [],
    problems,
  );
}

function loadConflicts(file: SourceFile, problems: ProblemList, loaded: Loaded): void {
  const data = readYamlShape(file, ConflictsFileSchema, problems);
  if (!data) return;
  loaded.conflicts.items = validateList(
    file.path,
    "conflicts",
    data.conflicts,
    ConflictSchema,
    conflictRules,
    loaded.conflicts.rawIds,
    problems,
  );
}

function loadReference(file: SourceFile, problems: ProblemList, loaded: Loaded): void {
  if (file.path === SOURCES_FILE) {
    const data = readYamlShape(file, ReferenceSourcesFileSchema, problems);
    if (!data) {
      loaded.reference.unreadable = true;
      return;
    }
    loaded.reference.sources = validateList(
      file.path,
      "sources",
      data.sources,
      ReferenceSourceSchema,
      () => [],
      loaded.reference.rawSourceIds,
      problems,
    );
  } else {
    const data = readYamlShape(file, ReferenceClassesFileSchema, problems);
    if (!data) {
      loaded.reference.unreadable = true;
      return;
    }
    loaded.reference.classes = validateList(
      file.path,
      "classes",
      data.classes,
      ReferenceClassSchema,
      referenceClassRules,
      [],
      problems,
    );
  }
}

function addLocal(problems: ProblemList, file: string, prefix: PathSegment[], issues: LocalIssue[]): void {
  for (const i of issues) problems.add(file, [...prefix, ...i.path], i.message);
}

/**
 * Validates list elements one by one; records every raw id, valid element or not. Elements that
 * break only local rules stay in the result, so the cross-file checks still cover them.
 */
function validateList<T>(
  file: string,
  key: string,
  items: unknown[],
  schema: SafeParser<T>,
  rules: (value: T) => LocalIssue[],
  rawIds: RawId[],
  problems: ProblemList,
): Array<Located<T>> {
  const valid: Array<Located<T>> = [];
  items.forEach((item, index) => {
    const path: PathSegment[] = [key, index];
    const id = typeof item === "object" && item !== null && "id" in item ? item.id : undefined;
    if (typeof id === "string") rawIds.push({ id, file, path: [...path, "id"] });
    const result = schema.safeParse(item);
    if (!result.success) return problems.addZod(file, path, result.error);
    addLocal(problems, file, path, rules(result.data));
    valid.push({ value: result.data, file, path });
  });
  return valid;
}
