// Zod schemas for content/*.yaml, exactly as documented in docs/content-format.md.
// Two layers per element:
// - the zod schema checks structure: keys (strict: a misspelt key is an error, not a silently
//   ignored field), types, enums, id formats, defaults;
// - the `*Rules` functions check the rules local to one element (estimate order, readiness range,
//   options per kind...). They run on structurally valid data and do not reject it, so an element
//   with, say, an estimate out of order still takes part in the cross-file checks (checks.ts) and
//   all of its problems are reported in one run.

import { z } from "zod";

import { INTAKE_AREA } from "../intake-ids";
import { PHASES, type Condition } from "./types";

export const RESERVED_OPTION_IDS: readonly string[] = ["unsure", "not-applicable"];
export const CHOICE_KINDS = ["single", "multi", "scale", "yes-no"] as const;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

type IssuePath = Array<string | number>;

const text = z.string().trim().min(1, "must not be empty");
const finite = z.number().finite();
const kebabId = z.string().regex(KEBAB, "must be kebab-case (a-z, 0-9 and single dashes)");
const QuestionIdSchema = z
  .string()
  .regex(QUESTION_ID, 'must look like "<area>.<kebab-case>", e.g. "auth.password-reset"');
const TaskIdSchema = kebabId;

const RiskSchema = z.enum(["high", "medium", "none"]);
const PhaseSchema = z.enum(PHASES);
const QuestionKindSchema = z.enum(["single", "multi", "scale", "yes-no", "number", "text"]);

// Range-checked by the rules, not here, so a readiness of 1.5 does not drop the whole question.
const readiness = finite;

const EstimateSchema = z.object({ optimistic: finite, likely: finite, pessimistic: finite }).strict();
type EstimateInput = z.infer<typeof EstimateSchema>;

/** A problem found by a local rule, relative to the element checked. */
export interface LocalIssue {
  path: IssuePath;
  message: string;
}

function estimateRules(e: EstimateInput, at: IssuePath = []): LocalIssue[] {
  const rule = "need 0 < optimistic <= likely <= pessimistic";
  const issues: LocalIssue[] = [];
  if (e.optimistic <= 0) {
    issues.push({
      path: [...at, "optimistic"],
      message: `estimate out of order: optimistic must be > 0; ${rule}`,
    });
  }
  if (e.likely < e.optimistic) {
    issues.push({
      path: [...at, "likely"],
      message: `estimate out of order: likely (${e.likely}) < optimistic (${e.optimistic}); ${rule}`,
    });
  }
  if (e.pessimistic < e.likely) {
    issues.push({
      path: [...at, "pessimistic"],
      message: `estimate out of order: pessimistic (${e.pessimistic}) < likely (${e.likely}); ${rule}`,
    });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Conditions. Hand-checked rather than a zod union: union errors ("Invalid input") would not say
// which key is wrong, and authors need the exact path.

const OPERATORS = ["equals", "in", "gte", "lte"] as const;
const COMBINATORS = ["all", "any", "not"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkCondition(value: unknown, path: IssuePath, ctx: z.RefinementCtx): void {
  const issue = (message: string, at: IssuePath = path) =>
    ctx.addIssue({ code: "custom", path: at, message });
  if (!isRecord(value)) {
    issue("a condition must be a mapping: {question, equals|in|gte|lte} or {all|any|not}");
    return;
  }
  const keys = Object.keys(value);
  const combinator = COMBINATORS.find((k) => k in value);
  if (combinator) {
    for (const k of keys)
      if (k !== combinator) issue(`unknown key "${k}" next to "${combinator}"`, [...path, k]);
    const inner = value[combinator];
    if (combinator === "not") return checkCondition(inner, [...path, "not"], ctx);
    if (!Array.isArray(inner))
      return issue(`"${combinator}" must be a list of conditions`, [...path, combinator]);
    inner.forEach((c, i) => checkCondition(c, [...path, combinator, i], ctx));
    return;
  }
  if (!("question" in value)) {
    issue("a condition needs either question (with equals, in, gte or lte) or all, any, not");
    return;
  }
  if (typeof value.question !== "string" || value.question === "") {
    issue("question must be a question id", [...path, "question"]);
  }
  const ops = OPERATORS.filter((k) => k in value);
  if (ops.length !== 1) issue(`a condition on a question needs exactly one of ${OPERATORS.join(", ")}`);
  for (const k of keys) {
    if (k !== "question" && !(OPERATORS as readonly string[]).includes(k))
      issue(`unknown key "${k}"`, [...path, k]);
  }
  checkOperands(value, path, issue);
}

function checkOperands(
  value: Record<string, unknown>,
  path: IssuePath,
  issue: (message: string, at: IssuePath) => void,
): void {
  const isValue = (v: unknown) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
  if ("equals" in value && !isValue(value.equals)) {
    issue(
      typeof value.equals === "boolean"
        ? 'equals must be an option id or a number; write "yes"/"no" in quotes, not true/false'
        : "equals must be an option id, a text or a number",
      [...path, "equals"],
    );
  }
  if ("in" in value) {
    const list = value.in;
    if (!Array.isArray(list) || list.length === 0 || !list.every(isValue)) {
      issue("in must be a non-empty list of option ids or numbers", [...path, "in"]);
    }
  }
  for (const op of ["gte", "lte"] as const) {
    if (op in value && (typeof value[op] !== "number" || !Number.isFinite(value[op]))) {
      issue(`${op} must be a number`, [...path, op]);
    }
  }
}

const ConditionSchema = z
  .unknown()
  .superRefine((value, ctx) => checkCondition(value, [], ctx))
  // Safe: the refinement above rejects everything that is not a Condition.
  .transform((value) => value as Condition);

// ---------------------------------------------------------------------------------------------
// Questions

const OptionSchema = z
  .object({
    id: kebabId,
    label: text,
    readiness: readiness.optional(),
    risk: RiskSchema.default("none"),
    blocker: z.boolean().default(false),
    finding: text.optional(),
    tasks: z.array(TaskIdSchema).default([]),
    exclusive: z.boolean().default(false),
  })
  .strict();

const BandSchema = z
  .object({
    upTo: finite,
    readiness,
    risk: RiskSchema.default("none"),
    blocker: z.boolean().default(false),
    finding: text.optional(),
    tasks: z.array(TaskIdSchema).default([]),
  })
  .strict();

export type OptionInput = z.infer<typeof OptionSchema>;
export type BandInput = z.infer<typeof BandSchema>;

export const QuestionSchema = z
  .object({
    id: QuestionIdSchema,
    prompt: text,
    help: text,
    impact: text.optional(),
    findOut: text.max(70, "findOut is a task title: keep it under 70 characters").optional(),
    kind: QuestionKindSchema,
    weight: z.number().finite().positive("weight must be > 0").default(1),
    notApplicable: z.boolean().default(false),
    essential: z.boolean().default(false),
    showIf: ConditionSchema.optional(),
    options: z.array(OptionSchema).default([]),
    min: finite.optional(),
    max: finite.optional(),
    unit: text.optional(),
    bands: z.array(BandSchema).min(1, "bands, when present, need at least 1 band").optional(),
  })
  .strict();

export type QuestionInput = z.infer<typeof QuestionSchema>;

function isChoiceKind(kind: QuestionInput["kind"]): boolean {
  return (CHOICE_KINDS as readonly string[]).includes(kind);
}

/** Rules local to one question (any file; area-only rules are in checks.ts). */
export function questionRules(q: QuestionInput): LocalIssue[] {
  const issues: LocalIssue[] = [];
  const issue = (message: string, path: IssuePath) => issues.push({ message, path });
  q.options.forEach((o, i) => optionRules(o, ["options", i], issue));
  q.bands?.forEach((b, i) => readinessRule(b.readiness, ["bands", i, "readiness"], issue));
  if (isChoiceKind(q.kind)) checkChoiceQuestion(q, issue);
  else {
    if (q.options.length > 0) issue(`${q.kind} questions have no options`, ["options"]);
    if (q.kind === "number") checkNumberQuestion(q, issue);
    else onlyForNumbers(q, issue);
  }
  return issues;
}

type Issue = (message: string, path: IssuePath) => void;

function readinessRule(value: number | undefined, path: IssuePath, issue: Issue): void {
  if (value !== undefined && (value < 0 || value > 1))
    issue(`readiness must be between 0 and 1 (got ${value})`, path);
}

function optionRules(o: OptionInput, path: IssuePath, issue: Issue): void {
  if (RESERVED_OPTION_IDS.includes(o.id)) {
    issue(
      `"${o.id}" is a reserved option id: "unsure" and "not-applicable" are accepted on every question implicitly`,
      [...path, "id"],
    );
  }
  readinessRule(o.readiness, [...path, "readiness"], issue);
}

function onlyForNumbers(q: QuestionInput, issue: Issue): void {
  for (const key of ["min", "max", "unit", "bands"] as const) {
    if (q[key] !== undefined) issue(`${key} is only for number questions`, [key]);
  }
}

function checkChoiceQuestion(q: QuestionInput, issue: Issue): void {
  if (q.options.length < 2) issue(`a ${q.kind} question needs at least 2 options`, ["options"]);
  onlyForNumbers(q, issue);
  if (q.kind === "yes-no") {
    const ids = q.options.map((o) => o.id).sort();
    if (ids.length !== 2 || ids[0] !== "no" || ids[1] !== "yes") {
      issue(`a yes-no question has exactly the options "yes" and "no" (found: ${ids.join(", ") || "none"})`, [
        "options",
      ]);
    }
  }
  q.options.forEach((o, i) => {
    if (o.exclusive && q.kind !== "multi")
      issue("exclusive is only for multi questions", ["options", i, "exclusive"]);
  });
  const seen = new Map<string, number>();
  q.options.forEach((o, i) => {
    const first = seen.get(o.id);
    if (first !== undefined)
      issue(`duplicate option id "${o.id}" (first at options[${first}])`, ["options", i, "id"]);
    else seen.set(o.id, i);
  });
}

function checkNumberQuestion(q: QuestionInput, issue: Issue): void {
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) {
    issue(`min (${q.min}) must be <= max (${q.max})`, ["min"]);
  }
  if (!q.bands) return;
  q.bands.forEach((b, i) => {
    const prev = q.bands?.[i - 1];
    if (prev && b.upTo <= prev.upTo)
      issue(`bands must be in increasing upTo order (${b.upTo} <= ${prev.upTo})`, ["bands", i, "upTo"]);
  });
  // Bands pick "the first band whose upTo >= value", so they must reach the largest allowed value.
  const last = q.bands[q.bands.length - 1];
  if (q.max === undefined)
    issue("a number question with bands needs max (the bands must cover every allowed value)", ["max"]);
  else if (last && last.upTo < q.max)
    issue(`the last band's upTo (${last.upTo}) must be >= max (${q.max})`, [
      "bands",
      q.bands.length - 1,
      "upTo",
    ]);
}

// ---------------------------------------------------------------------------------------------
// Tasks

/** driver id -> share of the estimate that grows with that driver (checked against sizing.yaml). */
const SizeSchema = z.record(kebabId, finite).default({});

const taskFields = {
  id: TaskIdSchema,
  title: text,
  description: text,
  deliverables: z.array(text).min(1, "needs at least 1 deliverable"),
  acceptance: z.array(text).min(1, "needs at least 1 acceptance criterion"),
  estimate: EstimateSchema,
  size: SizeSchema,
  skills: z.array(kebabId).default([]),
};

export const TaskSchema = z
  .object({
    ...taskFields,
    dependsOn: z.array(TaskIdSchema).default([]),
    phase: PhaseSchema,
    package: TaskIdSchema.optional(),
  })
  .strict();

/**
 * A work package: setup that several tasks share (getting into the payment integration, the
 * monitoring account). No phase and no dependencies of its own: it enters the plan once, when a
 * task that uses it does, in the earliest phase among them, and those tasks wait for it.
 */
export const PackageSchema = z.object(taskFields).strict();
export type PackageInput = z.infer<typeof PackageSchema>;

export type TaskInput = z.infer<typeof TaskSchema>;

export function taskRules(t: TaskInput): LocalIssue[] {
  const issues = packageRules(t);
  const seen = new Set<string>();
  t.dependsOn.forEach((d, i) => {
    if (seen.has(d)) issues.push({ path: ["dependsOn", i], message: `"${d}" is listed twice` });
    seen.add(d);
  });
  return issues;
}

export function packageRules(t: PackageInput): LocalIssue[] {
  return [...estimateRules(t.estimate, ["estimate"]), ...sizeRules(t.size)];
}

/** Shares are fractions of the estimate: each in (0, 1], together at most 1 (the rest is fixed work). */
function sizeRules(size: Record<string, number>): LocalIssue[] {
  const issues: LocalIssue[] = [];
  let total = 0;
  for (const [driver, share] of Object.entries(size)) {
    if (!(share > 0 && share <= 1))
      issues.push({ path: ["size", driver], message: `a size share must be > 0 and <= 1 (got ${share})` });
    else total += share;
  }
  if (total > 1 + 1e-9)
    issues.push({
      path: ["size"],
      message: `size shares add up to ${Math.round(total * 100) / 100}; at most 1 (the whole estimate) can grow with size`,
    });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Files. Questions and tasks stay `unknown` here: parse.ts validates them one by one, so one bad
// question does not hide the ids (and the problems) of its neighbours.

export const IntakeMetaSchema = z.object({ title: text, summary: text }).strict();

export const IntakeFileSchema = z
  .object({
    intake: z.unknown(),
    questions: z.array(z.unknown()).min(1, "the intake needs at least 1 question"),
  })
  .strict();

export const AreaMetaSchema = z
  .object({
    id: kebabId.refine((id) => id !== INTAKE_AREA, {
      message: `"${INTAKE_AREA}" is reserved for the intake questions`,
    }),
    order: finite,
    title: text,
    summary: text,
    weight: z.number().finite().positive("weight must be > 0").default(1),
    applicability: ConditionSchema.optional(),
    discovery: EstimateSchema,
  })
  .strict();

export type AreaMetaInput = z.infer<typeof AreaMetaSchema>;

export function areaMetaRules(meta: AreaMetaInput): LocalIssue[] {
  return estimateRules(meta.discovery, ["discovery"]);
}

// `area` / `intake` stay `unknown` too and are checked separately, for the same reason.
export const AreaFileSchema = z
  .object({
    area: z.unknown(),
    questions: z.array(z.unknown()).min(1, "an area needs at least 1 question"),
    packages: z.array(z.unknown()).default([]),
    tasks: z.array(z.unknown()).default([]),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// sizing.yaml

export const SizeDriverSchema = z
  .object({
    id: kebabId,
    title: text,
    question: QuestionIdSchema,
    reference: z.number().finite().positive("reference must be > 0"),
    default: z.number().finite().positive("default must be > 0"),
    min: z.number().finite().positive("min must be > 0").default(1),
    hidden: z.number().finite().positive("hidden must be > 0").optional(),
    units: z.record(kebabId, z.number().finite().positive("units must be > 0")).optional(),
  })
  .strict();
export type SizeDriverInput = z.infer<typeof SizeDriverSchema>;

export const SizingFileSchema = z
  .object({
    sizing: z.object({ summary: text }).strict(),
    drivers: z.array(z.unknown()).min(1, "sizing.yaml needs at least 1 driver"),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// reference/sources.yaml and reference/classes.yaml

const amount = z.number().finite().nonnegative();
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_UNKNOWN = /^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$/;

export const ReferenceSourceSchema = z
  .object({
    id: kebabId,
    publisher: text,
    title: text,
    url: z.string().url("must be a full URL (https://…)"),
    date: z
      .string()
      .regex(
        DATE_OR_UNKNOWN,
        'must be a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD" (quote it), or "unknown"',
      ),
    /** when we read it: undated pages are still dated by when their figures were seen */
    retrieved: z.string().regex(DATE, 'must be a date written "YYYY-MM-DD" (quote it)'),
    kind: z.enum(["case-data", "fixed-price-offer", "rate-card", "survey", "article-estimate"]),
    covered: text,
    sample: z.number().int().positive().optional(),
    price: z
      .object({
        low: amount.optional(),
        median: amount.optional(),
        mean: amount.optional(),
        high: amount.optional(),
        currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
      })
      .strict()
      .optional(),
    duration: z
      .object({
        low: amount.optional(),
        median: amount.optional(),
        high: amount.optional(),
        unit: z.literal("weeks"),
      })
      .strict()
      .optional(),
    hours: z
      .object({ low: amount.optional(), median: amount.optional(), high: amount.optional() })
      .strict()
      .optional(),
    rate: z
      .object({
        low: amount.optional(),
        median: amount.optional(),
        high: amount.optional(),
        currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
        unit: z.literal("hour"),
      })
      .strict()
      .optional(),
    notes: text.optional(),
  })
  .strict();
export type ReferenceSourceInput = z.infer<typeof ReferenceSourceSchema>;

const Range3Schema = z.object({ low: amount, median: amount, high: amount }).strict();

export const ReferenceClassSchema = z
  .object({
    id: kebabId,
    title: text,
    description: text,
    when: ConditionSchema.optional(),
    launch: Range3Schema,
    weeks: Range3Schema.optional(),
    sources: z.array(kebabId).min(1, "name at least 1 source"),
    basis: text,
  })
  .strict();
export type ReferenceClassInput = z.infer<typeof ReferenceClassSchema>;

export function referenceClassRules(c: ReferenceClassInput): LocalIssue[] {
  const issues: LocalIssue[] = [];
  for (const key of ["launch", "weeks"] as const) {
    const r = c[key];
    if (r && !(r.low <= r.median && r.median <= r.high))
      issues.push({
        path: [key],
        message: `need low <= median <= high (got ${r.low}, ${r.median}, ${r.high})`,
      });
  }
  return issues;
}

export const ReferenceSourcesFileSchema = z
  .object({ sources: z.array(z.unknown()).min(1, "needs at least 1 source") })
  .strict();
export const ReferenceClassesFileSchema = z
  .object({ classes: z.array(z.unknown()).min(1, "needs at least 1 class") })
  .strict();

// ---------------------------------------------------------------------------------------------
// conflicts.yaml

export const ConflictSchema = z
  .object({
    id: kebabId,
    when: z
      .array(ConditionSchema)
      .min(2, "a conflict needs at least 2 conditions, one for each answer that disagrees"),
    message: text,
  })
  .strict();
export type ConflictInput = z.infer<typeof ConflictSchema>;

// Hours depend on the app's size and change with the bank: a message that quoted them would go stale.
const HOURS = /\b\d+(?:[.,]\d+)?[\s-]*(?:h|hrs?|hours?)\b/i;

export function conflictRules(c: ConflictInput): LocalIssue[] {
  return HOURS.test(c.message)
    ? [
        {
          path: ["message"],
          message: "don't quote hours: they depend on the app's size (the page shows them)",
        },
      ]
    : [];
}

export const ConflictsFileSchema = z
  .object({ conflicts: z.array(z.unknown()).min(1, "needs at least 1 conflict") })
  .strict();
