// Shared content types: the resolved, validated question bank.
// Contract with content/*.yaml is documented in docs/content-format.md.

export type Risk = "high" | "medium" | "none";
export type Phase = "launch-blocker" | "hardening" | "scale";
export const PHASES: readonly Phase[] = ["launch-blocker", "hardening", "scale"];
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
  kind: QuestionKind;
  weight: number;
  notApplicable: boolean;
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

export interface ScaleBy {
  question: string;
  min: number;
  max: number;
  default: number;
}

export interface Task {
  id: string;
  area: string;
  title: string;
  description: string;
  deliverables: string[];
  acceptance: string[];
  estimate: Estimate;
  scaleBy?: ScaleBy;
  dependsOn: string[];
  phase: Phase;
  skills: string[];
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

export interface Content {
  /** 12 hex chars of sha256 over the source files */
  version: string;
  intake: { title: string; summary: string; questions: Question[] };
  /** sorted by order */
  areas: Area[];
  /** content tasks plus generated discovery tasks */
  tasks: Task[];
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
