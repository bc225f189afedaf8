// When work on the plan is tracked (status and actual hours per item): once the founder has accepted
// a proposal. Before that the plan is still being agreed, so "done" would mean nothing yet. The
// plan page, the item page and the plan actions all ask this one rule.
import type { Estimate, Phase } from "./content/types";
import type { ItemStatus, ProposalPrice, ProposalSnapshot, Scope } from "./plan-types";
import { PHASES } from "./value-lists";

export function tracksProgress(proposals: ReadonlyArray<{ acceptedAt: number | null }>): boolean {
  return proposals.some((p) => p.acceptedAt !== null);
}

/** A plan item as tracking reads it: where it stands now, and the hours logged on it. */
export interface TrackedItem {
  id: string;
  scope: Scope;
  status: ItemStatus;
  actualHours: number | null;
}

/** Done items and logged hours of one phase of the agreement, against its agreed hours. */
interface PhaseProgress {
  phase: Phase;
  /** the phase's likely hours as the version states them (its tier), or its expected hours before tiers */
  agreedHours: number;
  logged: number;
  done: number;
  items: number;
}

/**
 * Progress measured against the accepted version: its items, its estimates and its rate, frozen
 * when the founder signed. The live plan can move on after that (re-estimated, items deferred or
 * added) without moving what the work is measured against (docs/decisions/036).
 */
export interface AgreementProgress {
  /** the accepted version's number */
  version: number;
  /** items of the agreement done now, and how many it has */
  done: number;
  items: number;
  /** expected hours (PERT mean, as the version shows each item) of the done items, as agreed */
  doneExpected: number;
  /** hours logged on the done items */
  doneLogged: number;
  /** hours logged on the agreement's items, whatever their scope is now */
  loggedAgreed: number;
  /** the agreement's likely hours (P50 of the whole version, as its tier table states it) */
  agreedHours: number;
  /** every hour logged on the plan: the agreement's items, items added since, anything else */
  logged: number;
  /** items not in the agreement with hours logged on them, and those hours */
  added: { items: number; logged: number };
  /** the agreement's items now deferred or excluded that have hours logged, and those hours */
  leftOut: { items: number; logged: number };
  /**
   * Money, when the version has a price: hours logged on its partner-owned items at its frozen rate,
   * against its likely price. The founder's team's items are not priced (decision 034).
   */
  money: {
    logged: number;
    agreed: number;
    rate: number;
    currency: string;
    /** the version's price: a fixed price or a cap is what was agreed, not the likely cost */
    price: ProposalPrice;
  } | null;
  /** whether the version has items the founder's team does, which the money leaves out */
  unpricedItems: number;
  phases: PhaseProgress[];
}

/**
 * Measures the plan's progress against an accepted version. Items are matched by the ids the version
 * stores (decision 030): an item of the version no longer in the plan counts as not done, with no
 * hours.
 */
export function progressAgainst(
  agreed: Pick<ProposalSnapshot, "number" | "items" | "totals" | "settings" | "price">,
  plan: readonly TrackedItem[],
): AgreementProgress {
  const byId = new Map(plan.map((i) => [i.id, i]));
  const inAgreement = new Set(agreed.items.map((i) => i.id));
  const logged = (i: TrackedItem | undefined) => Math.max(0, i?.actualHours ?? 0);
  let done = 0;
  let doneExpected = 0;
  let doneLogged = 0;
  let loggedAgreed = 0;
  let billableLogged = 0;
  const leftOut = { items: 0, logged: 0 };
  const phases = new Map<Phase, PhaseProgress>();
  for (const phase of PHASES) {
    const tier = agreed.totals.tiers?.find((t) => t.phase === phase);
    phases.set(phase, {
      phase,
      agreedHours: tier ? tier.hours.p50 : (agreed.totals.byPhase[phase]?.hours ?? 0),
      logged: 0,
      done: 0,
      items: 0,
    });
  }
  // An item a tier waits for counts in that tier's agreed hours (decision 051): its logged hours and
  // its done go there too, or the row of its own phase is measured against hours that leave it out.
  const tierOf = new Map(
    (agreed.totals.tiers ?? []).flatMap((t) => (t.pulledForward ?? []).map((p) => [p.id, t.phase] as const)),
  );
  for (const a of agreed.items) {
    const now = byId.get(a.id);
    const hours = logged(now);
    const isDone = now?.status === "done";
    const phase = phases.get(tierOf.get(a.id) ?? a.phase);
    if (phase) {
      phase.items += 1;
      phase.logged += hours;
      if (isDone) phase.done += 1;
    }
    loggedAgreed += hours;
    // The owner the version priced the item with: a later change of owner does not reprice it.
    if (a.owner !== "founder") billableLogged += hours;
    if (isDone) {
      done += 1;
      doneExpected += a.mean;
      doneLogged += hours;
    }
    if (now && (now.scope === "deferred" || now.scope === "excluded") && hours > 0) {
      leftOut.items += 1;
      leftOut.logged += hours;
    }
  }
  const added = { items: 0, logged: 0 };
  for (const i of plan) {
    if (inAgreement.has(i.id) || logged(i) === 0) continue;
    added.items += 1;
    added.logged += logged(i);
  }
  const { cost } = agreed.totals;
  const rate = agreed.settings.hourlyRate;
  return {
    version: agreed.number,
    done,
    items: agreed.items.length,
    doneExpected,
    doneLogged,
    loggedAgreed,
    agreedHours: agreed.totals.hours.p50,
    logged: loggedAgreed + added.logged,
    added,
    leftOut,
    money:
      rate > 0 && cost.p50 > 0
        ? {
            logged: billableLogged * rate,
            agreed: cost.p50,
            rate,
            currency: agreed.settings.currency,
            // Versions published before price models were priced on the range.
            price: agreed.price ?? { model: "range" },
          }
        : null,
    unpricedItems: agreed.items.filter((i) => i.owner === "founder").length,
    // Phases the version has items in, in the plan's order.
    phases: [...phases.values()].filter((p) => p.items > 0),
  };
}

/** The version progress is measured against: the newest accepted one (a later acceptance replaces it). */
export function agreedVersion(proposals: ReadonlyArray<{ number: number; acceptedAt: number | null }>) {
  const accepted = proposals.filter((p) => p.acceptedAt !== null);
  return accepted.length === 0 ? null : Math.max(...accepted.map((p) => p.number));
}

/** One item's logged hours held against the estimate it is measured by (loggedAgainstEstimate). */
export interface ItemAgainstEstimate {
  logged: number;
  estimate: Estimate;
  /** expected hours (PERT mean) of that estimate */
  mean: number;
  /**
   * The accepted version whose estimate this is; null when it is the plan's own: an item added since
   * the agreement, or no agreement to read.
   */
  agreedIn: number | null;
  /** hours logged past the pessimistic (worst-case) hours, 0 when within them */
  over: number;
}

/**
 * An item's hours logged against its estimate: the accepted version's when the version holds the
 * item (re-estimating after the sign-off does not move what the work is measured against, as for
 * the whole plan, decision 036), else the plan's estimate now. Past the pessimistic hours is what
 * the estimate said would not happen: the one line worth flagging (QA 3, finding 2).
 */
export function loggedAgainstEstimate(
  item: { id: string; actualHours: number | null; estimate: Estimate; mean: number },
  agreed: Pick<ProposalSnapshot, "number" | "items"> | null,
): ItemAgainstEstimate {
  const logged = Math.max(0, item.actualHours ?? 0);
  const held = agreed?.items.find((a) => a.id === item.id);
  const estimate = held ? held.estimate : item.estimate;
  // To the hundredth: a derived pessimistic (4.9999999) is not overrun by float noise.
  const over = Math.round((logged - estimate.pessimistic) * 100) / 100;
  return {
    logged,
    estimate,
    mean: held ? held.mean : item.mean,
    agreedIn: held && agreed ? agreed.number : null,
    over: Math.max(0, over),
  };
}
