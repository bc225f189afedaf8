// What the PDF renderer takes. Plain, structured-cloneable data: it crosses into a worker thread,
// and the documents fetch nothing, so everything they print is in here.
import type { AnswerStatus } from "~/engine/answer-words";
import type { PartnerIdentity, ProposalSnapshot } from "~/engine/plan-types";
import type { TierView } from "~/utils/estimate-view";

export interface Person {
  name: string;
  email: string;
}

/** Who accepted a proposal version, and when (epoch ms). */
export interface ProposalAcceptance extends Person {
  at: number;
  /**
   * Set when the acceptance came with an imported file: it was made in another engagement, so
   * the document says so and names nobody of this one as the signatory. `statedBy` is who the file
   * says accepted it; `by` who imported it, `importedAt` when.
   */
  imported?: { statedBy: string | null; by: string; importedAt: number };
}

export interface ProposalPdfInput {
  snapshot: ProposalSnapshot;
  /** null while the version awaits the founder's sign-off: the PDF then has blank signature lines */
  acceptance: ProposalAcceptance | null;
  /** sha256 of the snapshot, printed as the document reference */
  snapshotHash?: string;
  /**
   * The version came with an imported file: it was published (and perhaps accepted) in another
   * engagement, and the cover says so, as the proposal page does.
   */
  imported?: boolean;
  /**
   * The partner withdrew the version (decision 039): the cover and the sign-off say so, and no
   * signature lines are offered. Absent otherwise, so other versions' documents are unchanged.
   */
  withdrawn?: { at: number; by: string; reason: string };
}

type RiskLevel = "high" | "medium";

export interface ReportFinding {
  risk: RiskLevel;
  blocker: boolean;
  impact: string;
}

export interface ReportQuestion {
  id: string;
  prompt: string;
  help: string;
  state: AnswerStatus;
  /** the answer in words (the one the engine scored) */
  answer: string;
  notApplicableReason: string | null;
  note: string;
  answeredBy: string | null;
  review: {
    kind: "verified" | "corrected";
    originalAnswer: string | null;
    note: string | null;
    /** "Jonas Brandt on 5 Dec 2026" (absent in data made before reviews were named) */
    by?: string;
  } | null;
  finding: ReportFinding | null;
  /** the answer rests on accepted evidence from the code (absent in data made before evidence existed) */
  evidence?: { title: string; place: string | null; count: number; notFoundBy?: string } | null;
}

export interface ReportSection {
  /** area id, or "intake" */
  id: string;
  title: string;
  summary: string;
  questions: ReportQuestion[];
}

export interface ReportArea {
  id: string;
  title: string;
  applicable: boolean;
  score: number | null;
  level: string | null;
  high: number;
  medium: number;
  blockers: number;
  unsure: number;
  answered: number;
  total: number;
}

/**
 * Answers that cannot all be true of the same app (content/conflicts.yaml), as the review page lists
 * them: the conflict's message and, for each answer in it, the question, the answer and the largest
 * task it puts in the plan.
 */
export interface ReportConflict {
  message: string;
  answers: Array<{
    questionId: string;
    prompt: string;
    answer: string;
    work: { title: string; hours: number; others: number } | null;
  }>;
}

export interface ReportBlocker {
  questionId: string;
  areaTitle: string;
  prompt: string;
  impact: string;
  answer: string;
}

export interface ReportReference {
  title: string;
  low: number;
  median: number;
  high: number;
  cost: { low: number; median: number; high: number; currency: string };
  weeks: { low: number; median: number; high: number } | null;
  estimate: number;
  position: "within" | "below" | "above" | "far-below" | "far-above";
  reasons: string[];
  basis: string;
  sources: Array<{
    id: string;
    publisher: string;
    title: string;
    url: string;
    date: string;
    figure: string | null;
  }>;
}

export interface ReportSharedWork {
  id: string;
  title: string;
  hours: number;
  saved: number;
  /** the tasks that build on it */
  members: Array<{ id: string; title: string }>;
}

export interface ReportEffort {
  /** launch minimum, hardening, scale later (app/utils/estimate-view.ts) */
  tiers: TierView[];
  total: TierView;
  provisional: { provisional: boolean; answered: number; total: number };
  reference: ReportReference | null;
  shared: ReportSharedWork[];
  tasks: number;
  hours: { p10: number; p50: number; p80: number; p90: number };
  weeks: { p50: number; p85: number; p90: number };
  cost: { currency: string; rate: number; p10: number; p50: number; p80: number; p90: number };
  /** the naive single-number estimate (sum of likely estimates) and how often the draws exceed it */
  likelySum: number;
  shareAboveLikely: number;
  histogram: { start: number; width: number; counts: number[] };
  drivers: Array<{ title: string; areaTitle: string; hours: number; share: number }>;
  narrowers: Array<{ prompt: string; areaTitle: string; state: "unsure" | "missing"; spreadHours: number }>;
}

export interface ReportData {
  generatedAt: number;
  /** the engagement's founders, in the order they joined: whom the report is for, whoever downloads it */
  preparedFor: Person[];
  /** the engineering partner who downloaded it; null when a founder or a viewer did */
  preparedBy: Person | null;
  /**
   * That partner's company (their profile, decision 035), which then heads the cover and every page
   * in place of Finishline's name, as on their proposals; null (or absent) without one.
   */
  partner?: PartnerIdentity | null;
  engagement: { id: string; name: string; description: string; builtWith: string; stage: string };
  settings: {
    currency: string;
    hourlyRate: number;
    teamSize: number;
    weeklyCapacity: number;
    focusFactor: number;
  };
  contentVersion: string;
  completion: { answered: number; total: number; percent: number };
  overall: {
    score: number | null;
    level: string | null;
    description: string | null;
    cappedByBlockers: boolean;
  };
  areas: ReportArea[];
  blockers: ReportBlocker[];
  /** "I'm not sure" answers where an answer the others allow is a launch blocker: not counted as one */
  possibleBlockers: Array<{ questionId: string; areaTitle: string; prompt: string }>;
  /**
   * Contradictions in the answers, headed as the review and results pages head them ("1
   * contradiction in the answers"); absent when there are none.
   */
  conflicts?: { title: string; items: ReportConflict[] };
  effort: ReportEffort;
  sections: ReportSection[];
  method: string[];
  /**
   * The proposal version the founder accepted (the newest), when there is one: the report's figures
   * come from the answers alone, and a reader holding the signed version must be told which is which
   * (QA pass 3, finding 5). Absent before any acceptance.
   */
  agreement?: ReportAgreement;
}

export interface ReportAgreement {
  number: number;
  acceptedAt: number;
  /** the version's price in words: "a fixed price of €25,000", "the estimate range (time and materials)" */
  price: string;
  /** the version's planned work, likely and cautious, and its cost at the version's rate */
  hours: { likely: number; cautious: number };
  cost: { likely: number; cautious: number; currency: string };
}

export type PdfJob = { kind: "proposal"; input: ProposalPdfInput } | { kind: "report"; input: ReportData };
