// Types of the scoring and estimation engine's output (see assess.ts), plus the settings it takes.
// Kept apart from the code so the UI and the PDF can import the shapes without the engine.

import type { Estimate, Phase, Range3, ReferenceSource, Risk } from "./content/types";

export type Stage = "idea" | "prototype" | "beta" | "live";
export const STAGES: readonly Stage[] = ["idea", "prototype", "beta", "live"];

/** Engagement settings that turn hours into weeks and money. */
export interface Settings {
  hourlyRate: number;
  /** ISO 4217 code, e.g. "USD" */
  currency: string;
  /** people working on the plan at the same time (rounded to a whole number of people) */
  teamSize: number;
  /** hours per person per week available to this engagement */
  weeklyCapacity: number;
  /** how far the product is; earlier stages widen the range */
  stage?: Stage;
  /** share of available hours that turns into estimated task work (meetings, reviews, context switches) */
  focusFactor?: number;
}

export type ResolvedSettings = Required<Settings>;

export const DEFAULT_FOCUS_FACTOR = 0.7;

export const DEFAULT_SETTINGS: ResolvedSettings = {
  hourlyRate: 100,
  currency: "USD",
  teamSize: 1,
  weeklyCapacity: 30,
  stage: "prototype",
  focusFactor: DEFAULT_FOCUS_FACTOR,
};

export interface AssessOptions {
  seed?: number;
  draws?: number;
  /** how many drivers and narrowers to list (default 5) */
  top?: number;
}

// ---------------------------------------------------------------------------------------------
// Readiness

type LevelId = "prototype" | "needs-work" | "nearly-ready" | "production-ready";

export interface Level {
  id: LevelId;
  name: string;
  /** lowest score (inclusive) of the level */
  min: number;
  description: string;
}

export interface Ratio {
  answered: number;
  total: number;
  /** whole percent; 100 when there is nothing to answer */
  percent: number;
}

export interface Completion extends Ratio {
  /** the profile questions only */
  intake: Ratio;
  /** the questions of applicable areas only */
  areas: Ratio;
}

export interface QuestionRef {
  questionId: string;
  /** area id or "intake" */
  area: string;
  prompt: string;
}

/** A risk or launch blocker found in an answer. */
export interface Finding extends QuestionRef {
  risk: Risk;
  blocker: boolean;
  /** plain-language consequence: option.finding ?? question.impact */
  impact: string;
  /** labels of the chosen option(s) or band, for display */
  answer: string;
}

export interface AreaAssessment {
  id: string;
  title: string;
  order: number;
  weight: number;
  applicable: boolean;
  /** 0..100, null when not applicable or nothing scored yet */
  score: number | null;
  level: Level | null;
  completion: Ratio;
  /** answers that counted towards the score ("unsure" included) */
  scoredAnswers: number;
  /** "I'm not sure" answers: scored 0 and listed so they get found out */
  unsure: QuestionRef[];
  risks: { high: Finding[]; medium: Finding[] };
  blockers: Finding[];
}

export interface Overall {
  /** weighted mean of area scores over applicable areas with a scored answer; null if none */
  score: number | null;
  level: Level | null;
  /** areas that entered the mean */
  scoredAreas: number;
  /**
   * The level is capped below "Production-ready" while launch blockers remain, whatever the score:
   * a high average must not hide one answer that stops a launch.
   */
  cappedByBlockers: boolean;
}

// ---------------------------------------------------------------------------------------------
// Scope

export interface TriggeredTask {
  id: string;
  area: string;
  title: string;
  phase: Phase;
  discovery: boolean;
  /**
   * True when only "I'm not sure" or unanswered questions pulled the task in: it is priced as if
   * the answer were the worst one, and drops out if the answer turns out fine.
   */
  contingent: boolean;
  /** True when only unanswered questions pulled the task in: in the estimate, not in the plan. */
  provisional: boolean;
  /** True for a work package: setup shared by `members`, counted once */
  shared: boolean;
  /** the package this task builds on */
  package?: string;
  /** for packages: the triggered tasks that use it */
  members?: string[];
  /** content estimate times the size multiplier */
  estimate: Estimate;
  /** content estimate for an app of the reference size */
  baseEstimate: Estimate;
  /** size multiplier (1 = the reference size) */
  multiplier: number;
  /** PERT mean (o + 4m + p) / 6 of the scaled estimate, hours, before the project factor */
  mean: number;
  /** PERT sd (p - o) / 6 */
  sd: number;
  /** question ids whose answers triggered the task, in questionnaire order */
  triggeredBy: string[];
  /** triggered tasks this one waits for (directly, or through tasks that were not triggered) */
  dependsOn: string[];
}

/** How big the app is along one size driver. */
export interface SizeReading {
  driverId: string;
  title: string;
  question: string;
  units: number;
  reference: number;
  /** false while the size question is unanswered or "I'm not sure" (units = the driver's default) */
  answered: boolean;
}

// ---------------------------------------------------------------------------------------------
// Effort

export interface Histogram {
  /** lower edge of the first bin */
  start: number;
  width: number;
  /** draws per bin; the last bin also holds everything above its upper edge */
  counts: number[];
}

export interface Distribution {
  mean: number;
  p10: number;
  p50: number;
  p80: number;
  p85: number;
  p90: number;
  min: number;
  max: number;
  histogram: Histogram;
}

export type TierId = "launch" | "hardening" | "scale";

/**
 * An item counted in an earlier tier than its own phase's, because an item of that tier waits for it
 * (directly or through others): the tier cannot be delivered without it (decision 051).
 */
export interface PulledForward {
  id: string;
  /** the item's own phase */
  phase: Phase;
  /** PERT mean, hours */
  hours: number;
}

/**
 * One tier of the simulation: the items of one phase, and the later-phase items they wait for, in
 * the same draws as the total.
 */
export interface SimulatedTier {
  id: TierId;
  phase: Phase;
  items: number;
  hours: Distribution;
  weeks: Distribution;
  /** the priced hours, in the same draws, when some items are not priced (SimItem.billable) */
  billed?: Distribution;
  /** items of later phases counted here (included in `items`), in input order */
  pulledForward: PulledForward[];
}

export interface SimulationResult {
  draws: number;
  seed: number;
  /** sigma of the shared project factor used */
  sigma: number;
  hours: Distribution;
  weeks: Distribution;
  /** sum of PERT means, hours, no project factor */
  pertMean: number;
  /** sum of likely estimates, hours: what a naive single-number estimate would say */
  likelySum: number;
  /** share of draws above likelySum (published base rate: 60-80% of projects overrun) */
  shareAboveLikely: number;
  /**
   * Launch minimum, hardening, scale later: each phase's items in the same draws. Means add up to
   * the total's; calendar weeks are sequential (the launch minimum first), so they add up too.
   */
  tiers: SimulatedTier[];
  /** the priced hours, in the same draws, when some items are not priced (SimItem.billable) */
  billed?: Distribution;
}

export interface SigmaTerms {
  base: number;
  stage: number;
  unsure: number;
  missing: number;
  /** min(cap, base + stage + unsure + missing) */
  sigma: number;
  cap: number;
  /** questions counted (visible, applicable, not free text) and how many were unsure / missing */
  counted: number;
  unsureCount: number;
  missingCount: number;
}

export interface Money {
  currency: string;
  rate: number;
  mean: number;
  p10: number;
  p50: number;
  p80: number;
  p90: number;
}

export interface TierEstimate {
  id: TierId;
  phase: Phase;
  /** "Launch minimum", "Hardening", "Scale later" */
  title: string;
  /** what the tier means, in one line */
  meaning: string;
  tasks: number;
  hours: { mean: number; p10: number; p50: number; p80: number; p90: number };
  weeks: { mean: number; p10: number; p50: number; p80: number; p85: number; p90: number };
  cost: Money;
  /**
   * Items of later phases counted in this tier because it waits for them (counted in `tasks` and
   * every figure). Absent when there are none, and in versions published before (decision 051).
   */
  pulledForward?: PulledForward[];
}

/** Work counted once for several tasks. */
export interface SharedWork {
  packageId: string;
  title: string;
  /** PERT mean of the (sized) setup, hours */
  hours: number;
  members: Array<{ id: string; title: string }>;
  /** hours a sum of independent task estimates would have added: setup x (members - 1) */
  saved: number;
}

/** The simulation of the triggered tasks, priced, with how its spread was set. */
interface Effort extends Omit<SimulationResult, "tiers"> {
  cost: Money;
  sigmaTerms: SigmaTerms;
  /** launch minimum first, then hardening, then scale later */
  tiers: TierEstimate[];
  shared: SharedWork[];
}

/** Where the bottom-up launch minimum sits against what comparable projects cost. */
export interface ReferenceComparison {
  classId: string;
  title: string;
  description: string;
  /** launch-minimum hours on comparable projects */
  low: number;
  median: number;
  high: number;
  unit: "hours";
  weeks: Range3 | null;
  /** the same range in the engagement's money at its hourly rate */
  cost: { low: number; median: number; high: number; currency: string };
  basis: string;
  sources: ReferenceSource[];
  /** the launch minimum's likely (P50) hours */
  estimate: number;
  /** within the range, below or above it, or more than about 2x outside it */
  position: "within" | "below" | "above" | "far-below" | "far-above";
  /** plain-language reasons the estimate sits where it does (filled when it is outside the range) */
  reasons: string[];
}

/** A partial assessment: unanswered questions are priced cautiously and the result says so. */
export interface Provisional {
  provisional: boolean;
  answered: number;
  total: number;
  /** mean hours of work pulled in only by unanswered questions (priced as their worst case) */
  unansweredHours: number;
}

export interface TaskDriver {
  taskId: string;
  title: string;
  area: string;
  /** PERT mean, hours */
  hours: number;
  /** share of the summed PERT means, 0..1 */
  share: number;
}

export interface QuestionDriver extends QuestionRef {
  unsure: boolean;
  /** summed PERT means of the tasks this answer triggered, shared tasks split evenly */
  hours: number;
  share: number;
  taskIds: string[];
}

export interface Narrower extends QuestionRef {
  state: "unsure" | "missing";
  /** hours of P90 - P50 spread that answering removes (estimate) */
  spreadHours: number;
  /** hours of mean that answering removes if the answer turns out fine (contingent work) */
  meanHours: number;
}

export interface FoundConflict {
  id: string;
  message: string;
  /** the answered questions its conditions read, in questionnaire order */
  questions: string[];
}

export interface Assessment {
  contentVersion: string;
  settings: ResolvedSettings;
  completion: Completion;
  overall: Overall;
  areas: AreaAssessment[];
  blockers: Finding[];
  unsure: QuestionRef[];
  /** "I'm not sure" answers that could be launch blockers (not counted in `blockers`) */
  possibleBlockers: QuestionRef[];
  tasks: TriggeredTask[];
  size: SizeReading[];
  effort: Effort;
  reference: ReferenceComparison | null;
  provisional: Provisional;
  drivers: { tasks: TaskDriver[]; questions: QuestionDriver[] };
  narrowers: Narrower[];
  /** answers that contradict each other (content/conflicts.yaml): shown, never scored */
  conflicts: FoundConflict[];
}
