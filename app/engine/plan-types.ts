// Shapes of the work plan and of a published proposal. A proposal snapshot is immutable: it holds
// everything its page and its PDF show, so both render the same numbers forever, whatever changes
// in the content, the answers or the plan afterwards.
import type { Estimate, Phase } from "./content/types";
import type { EvidenceNote } from "./evidence/types";
import type { TierEstimate } from "./assessment-types";
import { PHASE_TITLES } from "./tiers";
import type { ITEM_STATUSES, OWNERS, SCOPES } from "./value-lists";

export type Scope = (typeof SCOPES)[number];
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export type Owner = (typeof OWNERS)[number];

export const SCOPE_LABELS: Record<Scope, string> = {
  proposed: "Proposed",
  included: "In scope",
  excluded: "Out of scope",
  deferred: "Deferred",
};
export const STATUS_LABELS: Record<ItemStatus, string> = {
  todo: "To do",
  "in-progress": "In progress",
  done: "Done",
};
export const OWNER_LABELS: Record<Owner, string> = {
  partner: "Engineering partner",
  founder: "Founder's team",
};
/**
 * "Launch blockers" are answers (findings) that stop a launch; the work of the launch-blocker phase
 * is the "Launch minimum". One name for each, everywhere.
 */
export const PHASE_LABELS: Record<Phase, string> = PHASE_TITLES;

interface HoursRange {
  mean: number;
  p10: number;
  p50: number;
  p80: number;
  p90: number;
}

export interface PlanTotals {
  items: number;
  hours: HoursRange;
  weeks: { p50: number; p90: number };
  cost: { currency: string; rate: number; p50: number; p90: number };
  /** per phase: item count and the PERT sum (mean hours) */
  byPhase: Record<Phase, { items: number; hours: number; optimistic: number; pessimistic: number }>;
  /**
   * Launch minimum, hardening, scale later, simulated with the total. Absent in proposals published
   * before tiers existed (their snapshots are immutable).
   */
  tiers?: TierEstimate[];
  /** sigma of the shared project factor used for the range */
  sigma: number;
  /**
   * Items the founder's own team does (owner "founder"), and their expected hours (PERT sum): in the
   * hours and weeks, not in the cost. Absent when there are none, and in versions published before.
   */
  unpriced?: { items: number; hours: number };
}

/** When an item runs, in whole weeks from the start, scheduled on mean durations in dependency order. */
export interface ScheduledItem {
  itemId: string;
  startWeek: number;
  endWeek: number;
}

export interface SnapshotItem {
  id: string;
  /** content task id, or null for a custom item */
  taskId: string | null;
  title: string;
  description: string;
  deliverables: string[];
  acceptance: string[];
  area: string;
  areaTitle: string;
  phase: Phase;
  owner: Owner;
  estimate: Estimate;
  mean: number;
  /** ids of snapshot items this one waits for */
  dependsOn: string[];
  /**
   * ids of items the proposal leaves out (its `outOfScope`) that this one still waits for: work it
   * assumes done elsewhere or later. Absent in versions published before it was recorded.
   */
  waitsOutside?: string[];
  estimateReason: string | null;
  /** for shared setup (a work package): titles of the in-scope items that build on it */
  sharedBy?: string[];
}

/**
 * A plan item the proposal leaves out (excluded) or leaves for later (deferred), with the reason the
 * founder reads. Its expected hours are shown for scale, never counted in the totals.
 */
export interface OutOfScopeItem {
  id: string;
  title: string;
  area: string;
  areaTitle: string;
  phase: Phase;
  scope: "excluded" | "deferred";
  /** the partner's reason, or a plain one by phase when none was given */
  reason: string;
  /** PERT mean hours */
  mean: number;
}

export interface SnapshotArea {
  id: string;
  title: string;
  applicable: boolean;
  score: number | null;
  high: number;
  medium: number;
  /**
   * "I'm not sure" answers, scored as gaps: an area answered only with them scores 0 with no risk to
   * list. Absent in versions published before it was recorded.
   */
  unsure?: number;
  /** plain-language findings (risks and blockers) for the PDF's findings section */
  findings: Array<{ prompt: string; impact: string; risk: "high" | "medium"; blocker: boolean }>;
}

export interface ProposalSnapshot {
  number: number;
  publishedAt: number;
  preparedBy: { name: string; email: string };
  preparedFor: { name: string; email: string };
  engagement: { id: string; name: string; description: string; builtWith: string; stage: string };
  settings: {
    currency: string;
    hourlyRate: number;
    teamSize: number;
    weeklyCapacity: number;
    /** the share of a week that turns into task work (absent in versions published before it was shown) */
    focusFactor?: number;
  };
  contentVersion: string;
  /**
   * Questions not answered when it was published, and the tasks only they could call for, which the
   * plan leaves out (absent in versions published before it was shown).
   */
  open?: { questions: number; tasks: number };
  readiness: {
    overall: { score: number | null; level: string | null };
    completion: number;
    areas: SnapshotArea[];
    blockers: Array<{ questionId: string; title: string; impact: string }>;
    /**
     * "I'm not sure" answers that could be launch blockers (not counted in `blockers`), as the results
     * page counts them. Absent in versions published before it was recorded.
     */
    possibleBlockers?: number;
  };
  items: SnapshotItem[];
  /** excluded and deferred items (absent in versions published before they were listed) */
  outOfScope?: OutOfScopeItem[];
  totals: PlanTotals;
  schedule: ScheduledItem[];
  assumptions: string;
  exclusions: string;
  /** how the estimate was made, in plain words (same text as the app's explanation) */
  method: string[];
  /** answers that rest on accepted evidence from the code (absent in versions published before it) */
  evidence?: EvidenceNote[];
  /**
   * The partner's terms as typed (payment schedule, warranty, how changes are priced); "" when none.
   * Absent in versions published before terms were asked for.
   */
  terms?: string;
  /**
   * The last day (UTC, "YYYY-MM-DD") the founder may accept this version. Absent when the partner
   * set none, and in versions published before it was asked for: those never expire.
   */
  validUntil?: string;
  /**
   * The price the partner offers (decision 035): the estimate range billed on time, a fixed price, or
   * a cap billed on time up to it, in whole units of `settings.currency`. Absent in versions published
   * before it was asked for: those read as the range.
   */
  price?: ProposalPrice;
  /**
   * The publisher's company as their profile stood at publish (decision 035), so a later edit of the
   * profile leaves the version as it was. Absent when they had no profile, and in versions before.
   */
  partner?: PartnerIdentity;
  /**
   * When the founder pays (decision 040): not stated, monthly in arrears for the time spent (range or
   * capped prices only), or up to 6 milestones of whole percents summing to 100. Absent in versions
   * published before it was asked for: those read as not stated.
   */
  payment?: ProposalPayment;
}

/**
 * `dueDays`: each invoice is due within that many days (0: on receipt); only with a stated plan, and
 * absent when the partner left it empty, as in every version before it was asked for.
 */
export type ProposalPayment =
  | { plan: "none" }
  | { plan: "monthly"; dueDays?: number }
  | { plan: "milestones"; milestones: PaymentMilestone[]; dueDays?: number };

export interface PaymentMilestone {
  /** one line: "On signing", "Launch minimum delivered" */
  label: string;
  /** a whole percent, 1 to 100; a schedule's percents sum to 100 */
  percent: number;
}

export type ProposalPrice = { model: "range" } | { model: "fixed" | "capped"; amount: number };

export interface PartnerIdentity {
  company: string;
  /** an https:// address, or "" */
  website: string;
  /** one line: address, company registration, VAT number */
  addressLine: string;
  /** "Prices exclude VAT.", or "" */
  taxNote: string;
}

/** The settings a version is priced with, in the order a diff lists their changes. */
export const PRICING_SETTINGS = ["hourlyRate", "currency", "teamSize", "weeklyCapacity"] as const;
export type PricingSetting = (typeof PRICING_SETTINGS)[number];

/** What changed between two proposal versions. */
export interface ProposalDiff {
  added: SnapshotItem[];
  removed: SnapshotItem[];
  changed: Array<{ before: SnapshotItem; after: SnapshotItem; fields: string[] }>;
  totals: { before: PlanTotals; after: PlanTotals };
  /**
   * The rate, currency, team size and weekly hours of each version, and which of them changed (in
   * PRICING_SETTINGS order): a new rate moves every price without any item changing.
   */
  settings: {
    before: ProposalSnapshot["settings"];
    after: ProposalSnapshot["settings"];
    changed: PricingSetting[];
  };
}
