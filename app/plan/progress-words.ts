// Progress against the accepted version, in the words the plan page, the overview checklist and the
// founder's next step share. Pure: the numbers come from progressAgainst (app/engine/tracking.ts).
import { formatEstimate, formatMoney } from "~/engine/money";
import type { AgreementProgress, ItemAgainstEstimate } from "~/engine/tracking";
import { PHASE_LABELS } from "~/engine/plan-types";
import { aboutHours, estimateRange, formatHours, plural, quarterHours } from "~/utils/format";

/** Hours logged, to the quarter hour as billed: "4.5 h", "1,250 h". */
function logged(hours: number): string {
  return `${quarterHours(hours).toLocaleString("en-US")} h`;
}

export interface ProgressWords {
  version: number;
  done: number;
  items: number;
  /** "12 of 40 agreed items done" */
  headline: string;
  /** "30 h logged on them against 28 h expected", when any is done */
  doneLine: string | null;
  /** "32 h logged on the agreed items, against 120 h agreed (likely)", then what else was logged */
  hours: string[];
  /** "€2,850 of work logged at the agreed €95 an hour, against €11,400 agreed (likely)" */
  money: string | null;
  /** what the figures are measured against, and what they leave out */
  basis: string;
  phases: Array<{ phase: string; agreed: string; logged: string; done: string }>;
}

/** What the logged work is held against: the fixed price or the cap agreed, else the likely cost. */
function agreedPrice(money: NonNullable<AgreementProgress["money"]>): string {
  const { price, currency } = money;
  if (price.model === "fixed") return `the agreed fixed price of ${formatMoney(price.amount, currency)}`;
  if (price.model === "capped") return `the agreed cap of ${formatMoney(price.amount, currency)}`;
  return `${formatEstimate(money.agreed, currency)} agreed (likely)`;
}

export function progressWords(p: AgreementProgress): ProgressWords {
  const hours = [
    `${logged(p.loggedAgreed)} logged on the agreed items, against ${formatHours(p.agreedHours)} agreed (likely)`,
  ];
  if (p.added.logged > 0)
    hours.push(`${logged(p.added.logged)} on ${plural(p.added.items, "item")} added since the agreement`);
  if (p.leftOut.logged > 0)
    hours.push(
      `${logged(p.leftOut.logged)} on ${plural(p.leftOut.items, "agreed item")} since deferred or left out, still counted`,
    );
  if (p.added.logged > 0) hours.push(`${logged(p.logged)} logged in all`);
  const money = p.money
    ? `${formatMoney(p.money.logged, p.money.currency)} of work logged at the agreed ${formatMoney(p.money.rate, p.money.currency)} an hour, against ${agreedPrice(p.money)}.`
    : null;
  return {
    version: p.version,
    done: p.done,
    items: p.items,
    headline: `${p.done} of ${plural(p.items, "agreed item")} done`,
    doneLine:
      p.done > 0
        ? `${logged(p.doneLogged)} logged on them against ${formatHours(p.doneExpected)} expected`
        : null,
    hours,
    money,
    basis: [
      `Measured against version ${p.version} as accepted: its items${p.money ? ", their expected hours and its rate" : " and their expected hours"}. Later changes to the plan do not move it.`,
      p.money && p.unpricedItems > 0
        ? `${plural(p.unpricedItems, "item")} the founder's team does ${p.unpricedItems === 1 ? "is" : "are"} not priced.`
        : null,
    ]
      .filter(Boolean)
      .join(" "),
    phases: p.phases.map((ph) => ({
      phase: PHASE_LABELS[ph.phase],
      agreed: formatHours(ph.agreedHours),
      logged: logged(ph.logged),
      done: `${ph.done} of ${ph.items}`,
    })),
  };
}

/** One line for the overview: "12 of 40 items done, 32 h logged of 120 h agreed (likely)". */
export function deliveryLine(p: AgreementProgress): string {
  return `${p.done} of ${plural(p.items, "item")} done, ${logged(p.loggedAgreed)} logged of ${formatHours(p.agreedHours)} agreed (likely)`;
}

/** Hours to the hundredth, as typed or derived: "5 h", "4.8 h", "25.75 h". */
function exactHours(hours: number): string {
  return `${(Math.round(hours * 100) / 100).toLocaleString("en-US")} h`;
}

/** One item's logged hours against its estimate, as its page and its plan row say them. */
export interface ItemHoursWords {
  /** "30.5 h logged" */
  logged: string;
  /** "against about 2 h estimated (1–5 h) in the accepted version 4" */
  against: string;
  /** "Over the worst case of 5 h", once the hours logged pass the pessimistic hours */
  over: string | null;
  /** "25.5 h past it" */
  overBy: string | null;
}

export function itemHoursWords(a: ItemAgainstEstimate): ItemHoursWords {
  // As the proposal the founder signed states an item: its expected hours, then its range.
  const where = a.agreedIn === null ? "in the plan" : `in the accepted version ${a.agreedIn}`;
  return {
    logged: `${logged(a.logged)} logged`,
    against: `against ${aboutHours(a.mean)} estimated (${estimateRange(a.estimate)}) ${where}`,
    // The exact worst case, not the rounded range's end: 4.9 h logged is over a worst case of 4.8 h.
    over: a.over > 0 ? `Over the worst case of ${exactHours(a.estimate.pessimistic)}` : null,
    overBy: a.over > 0 ? `${exactHours(a.over)} past it` : null,
  };
}
