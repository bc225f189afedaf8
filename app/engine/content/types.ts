// Shared content types: the resolved, validated question bank.
// Contract with content/*.yaml is documented in docs/content-format.md.
import { PHASES } from "../value-lists";

export { PHASES };
export type Risk = "high" | "medium" | "none";
export type Phase = (typeof PHASES)[number];
export type QuestionKind = "single" | "multi" | "scale" | "yes-no" | "number" | "text";

export type Condition =
  | { question: string; equals: string | number | boolean }
  | { question: string; in: Array<string | number> }
  | { question: string; gte: number }
  | { question: string; lte: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface Estimate {
  optimistic: number;
  likely: number;
  pessimistic: number;
}

export interface Option {
  id: string;
  label: string;
  /** 0..1; intake options have 0 */
  readiness: number;
  risk: Risk;
  blocker: boolean;
  finding?: string;
  tasks: string[];
  exclusive: boolean;
}

export interface Band {
  upTo: number;
  readiness: number;
  risk: Risk;
  blocker: boolean;
  finding?: string;
  tasks: string[];
}

export interface Question {
  id: string;
  /** area id, or "intake" */
  area: string;
  prompt: string;
  help: string;
  impact?: string;
  /** what an engineer finds out when the answer is "I'm not sure", as the title of that task goes on: "whether…" */
  findOut?: string;
  kind: QuestionKind;
  weight: number;
  notApplicable: boolean;
  /** one of the essentials: asked on the quick path, which gives a first, provisional result */
  essential: boolean;
  showIf?: Condition;
  options: Option[];
  min?: number;
  max?: number;
  unit?: string;
  bands?: Band[];
  /** false for intake, text, and number questions without bands */
  scored: boolean;
  /** id of the generated discovery task for an "I'm not sure" answer (areas only) */
  discoveryTask?: string;
}

/**
 * How big the app is along one dimension (screens, kinds of data, user roles, outside services),
 * read from an intake answer. Task estimates are written for an app of `reference` units; a task
 * declares which share of its work grows with each driver (see `Task.size`).
 */
export interface SizeDriver {
  id: string;
  title: string;
  /** the intake question that measures it: a number question, or a single/scale question with `units` */
  question: string;
  /** the size task estimates are written for */
  reference: number;
  /** units assumed while the question is unanswered or "I'm not sure" */
  default: number;
  /** smallest units a number answer counts as (0 services still means some integration work if the area applies) */
  min: number;
  /**
   * units while the question is hidden by its condition: the answers say it does not apply (an app
   * without accounts has one kind of user). Without it a hidden question counts as the default.
   */
  hidden?: number;
  /** for choice questions: units per option id */
  units?: Record<string, number>;
}

export interface Task {
  id: string;
  area: string;
  title: string;
  description: string;
  deliverables: string[];
  acceptance: string[];
  /** hours for an app of the size drivers' reference size */
  estimate: Estimate;
  /**
   * driver id -> share (0..1] of the estimate that grows in proportion to that driver's units; the
   * rest is fixed. Multiplier = 1 + sum(share * (units / reference - 1)). Empty: size does not matter.
   */
  size: Record<string, number>;
  dependsOn: string[];
  phase: Phase;
  skills: string[];
  /** the shared work package this task builds on (its setup is counted once for all its tasks) */
  package?: string;
  /**
   * true for a work package: shared setup that enters the plan once, only when a task that uses it
   * does, in the earliest phase among those tasks
   */
  shared: boolean;
  /** true for generated discover.<question-id> tasks */
  discovery: boolean;
  /** for discovery tasks: the question it investigates */
  question?: string;
}

export interface Area {
  id: string;
  order: number;
  title: string;
  summary: string;
  weight: number;
  applicability?: Condition;
  discovery: Estimate;
  questions: Question[];
}

/** A published price, duration or rate for this kind of work (content/reference/sources.yaml). */
export interface ReferenceSource {
  id: string;
  publisher: string;
  title: string;
  url: string;
  /** as published: "2026-05-10", "2026-04" or "2026", or "unknown" */
  date: string;
  /** when the figures were read (YYYY-MM-DD) */
  retrieved: string;
  kind: "case-data" | "fixed-price-offer" | "rate-card" | "survey" | "article-estimate";
  covered: string;
  sample?: number;
  price?: { low?: number; median?: number; mean?: number; high?: number; currency: string };
  duration?: { low?: number; median?: number; high?: number; unit: "weeks" };
  hours?: { low?: number; median?: number; high?: number };
  rate?: { low?: number; median?: number; high?: number; currency: string; unit: "hour" };
  notes?: string;
}

export interface Range3 {
  low: number;
  median: number;
  high: number;
}

/**
 * What comparable projects cost (content/reference/classes.yaml): the outside view held next to the
 * bottom-up estimate. The first class whose `when` holds over the intake answers applies.
 */
export interface ReferenceClass {
  id: string;
  title: string;
  description: string;
  when?: Condition;
  /** hours of launch-minimum work on comparable projects */
  launch: Range3;
  weeks?: Range3;
  /** source ids */
  sources: string[];
  /** how the range follows from the sources, in plain words */
  basis: string;
}

/** A source a coverage list cites (content/coverage/<list>.yaml). */
interface CoverageSource {
  id: string;
  publisher: string;
  title: string;
  url: string;
  version?: string;
  date: string;
  retrieved: string;
  notes?: string;
}

/** One public checklist traced item by item to the questions that ask about it. */
export interface CoverageList {
  id: string;
  title: string;
  scope: string;
  sources: CoverageSource[];
  items: CoverageItem[];
}

export interface CoverageItem {
  ref: string;
  text: string;
  source?: string;
  status: "asked" | "gap" | "out-of-scope";
  /** question ids or question:option ids (asked items) */
  asks: string[];
  /** why it is a gap or out of scope */
  reason?: string;
}

/**
 * Answers that cannot both be true (content/conflicts.yaml): shown to the founder so they fix the
 * one that slipped. Never read by scoring or estimation.
 */
export interface Conflict {
  id: string;
  /** one condition per side of the disagreement; the conflict stands when every one holds */
  when: Condition[];
  /** to the founder, in plain words: what disagrees, and which answer to check */
  message: string;
}

export interface Content {
  /** 12 hex chars of sha256 over the source files */
  version: string;
  intake: { title: string; summary: string; questions: Question[] };
  /** sorted by order */
  areas: Area[];
  /** content tasks, work packages and generated discovery tasks */
  tasks: Task[];
  /** size drivers (content/sizing.yaml), in file order */
  sizing: SizeDriver[];
  /** published prices and the reference classes built on them (content/reference/) */
  reference: { sources: ReferenceSource[]; classes: ReferenceClass[] };
  /** public checklists traced to the questions that ask about them (content/coverage/) */
  coverage: CoverageList[];
  /** answers that contradict each other (content/conflicts.yaml), in file order */
  conflicts: Conflict[];
  /** lookups */
  questionsById: Map<string, Question>;
  tasksById: Map<string, Task>;
}

/** One answer as the engine sees it. Strings are option ids (or free text for text questions). */
export type AnswerValue = string | string[] | number | "unsure" | "not-applicable";
export type Answers = Record<string, AnswerValue>;

export const UNSURE = "unsure";
export const NOT_APPLICABLE = "not-applicable";

export interface ContentProblem {
  /** path relative to the content dir, e.g. "areas/payments.yaml" */
  file: string;
  /** location inside the file, e.g. "questions[3].options[1].readiness" */
  path: string;
  reason: string;
}

export interface SourceFile {
  /** relative path, forward slashes */
  path: string;
  text: string;
}
