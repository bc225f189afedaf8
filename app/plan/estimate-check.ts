// A second look before an estimate that is probably a typo goes into the plan (QA pass 3, finding 12):
// "4000" typed for "40" made an item "about 669 h" and moved the plan's totals by hundreds of hours,
// with nothing said. The form does not refuse such a figure (a big item can be real); it asks once,
// names what looks off, and saves when the person ticks that they mean exactly these numbers.
// Used by the server (the authority: it asks with and without JavaScript) and by the estimates table,
// which says it as a row is typed.
import type { Estimate } from "~/engine/content/types";
import { pertMean } from "~/engine/simulate";
import { aboutHours, fieldHours } from "~/utils/format";

const SECOND_LOOK = {
  /**
   * The pessimistic figure at most this many times the likely one. Tasks in the question bank run
   * 2–3× (content/README.md); past 10× the worst case stops being a range and reads as a typo.
   */
  spread: 10,
  /** An edit that moves the item's expected hours by more than this factor, up or down… */
  jump: 10,
  /** …and by at least this many hours (a week's work): 0.5 h → 8 h is ×16 but moves no total. */
  jumpHours: 40,
  /**
   * A worst case above this for one item, about three months of one engineer: asked when an item
   * crosses it (a custom item, or an edit from below it), not again on every edit of an item already
   * that big.
   */
  ceiling: 500,
} as const;

export type SecondLook = { code: "spread" | "jump" | "ceiling"; message: string };

const h = (n: number) => `${fieldHours(n).toLocaleString("en-US")} h`;
const times = (n: number) => `${Math.round(n).toLocaleString("en-US")} times`;

/**
 * What looks off in `next`, the first of: a worst case far above the likely figure, a change far
 * from the item's estimate `before`, a worst case past the ceiling. Null when nothing does. `next`
 * is a valid estimate (optimistic ≤ likely ≤ pessimistic, pessimistic > 0).
 */
export function secondLook(next: Estimate, before?: Estimate): SecondLook | null {
  if (next.likely > 0 && next.pessimistic > SECOND_LOOK.spread * next.likely) {
    return {
      code: "spread",
      message: `The pessimistic ${h(next.pessimistic)} is ${times(next.pessimistic / next.likely)} the likely ${h(next.likely)}; a worst case is usually two to three times the likely figure.`,
    };
  }
  if (before) {
    const was = pertMean(before);
    const now = pertMean(next);
    const ratio = was > 0 ? now / was : Number.POSITIVE_INFINITY;
    if (
      Math.abs(now - was) >= SECOND_LOOK.jumpHours &&
      (ratio > SECOND_LOOK.jump || ratio < 1 / SECOND_LOOK.jump)
    ) {
      return {
        code: "jump",
        message: `This takes the item from ${aboutHours(was)} to ${aboutHours(now)}, ${ratio > 1 ? `${times(ratio)} what it was` : "under a tenth of what it was"}.`,
      };
    }
  }
  if (next.pessimistic > SECOND_LOOK.ceiling && !(before && before.pessimistic > SECOND_LOOK.ceiling)) {
    return {
      code: "ceiling",
      message: `A worst case of ${h(next.pessimistic)} is more than three months of one engineer's time on one item; smaller items are easier to check and to agree.`,
    };
  }
  return null;
}

/** The field a "Yes, save these figures" tick posts, on the item's estimate form and the custom item form. */
export const CONFIRM_ESTIMATE = "confirmEstimate";

/** What looks off in an estimate, and the tick that saves it anyway: `confirm` is its value. */
export type EstimateQuestion = { message: string; confirm: string; figures: string };

/**
 * The numbers a "Yes, save these" tick stands for, as its value: the tick saves exactly these. If
 * the figures are changed after the question, the tick no longer matches and the new ones are looked
 * at afresh.
 */
export function estimateKey(e: Estimate): string {
  return [e.optimistic, e.likely, e.pessimistic].map((n) => fieldHours(n)).join(",");
}

/** "1.25 / 2.5 / 4,000 h", as the tick's label repeats what it saves. */
export function estimateFigures(e: Estimate): string {
  return `${[e.optimistic, e.likely, e.pessimistic].map((n) => fieldHours(n).toLocaleString("en-US")).join(" / ")} h`;
}

/** The question a form asks about `next` (secondLook), with its tick's value and label; null: none. */
export function estimateQuestion(next: Estimate, before?: Estimate): EstimateQuestion | null {
  const look = secondLook(next, before);
  return look ? { message: look.message, confirm: estimateKey(next), figures: estimateFigures(next) } : null;
}
