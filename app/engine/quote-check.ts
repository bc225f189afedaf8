// Where a price a founder has been quoted sits against this estimate. The mission's promise is a range
// a founder can hold against real quotes; this does the holding for them, on the same rounded figures
// the page shows (so a quote of exactly the shown "€14,200 cautious" reads as inside the range, not
// €37 above it). Pure: the words are the results page's (components/results/quote-check.tsx).
import { roundEstimate } from "./money";

/**
 * - far-below: under half the launch minimum's likely cost
 * - below-launch: under the launch minimum's likely cost
 * - launch: within the launch minimum's likely–cautious range
 * - between: above the launch minimum, under the likely cost of everything the answers call for
 * - total: within the total's likely–cautious range
 * - above: above the total's cautious cost, up to twice it
 * - far-above: more than twice the total's cautious cost
 */
export type QuotePosition =
  "far-below" | "below-launch" | "launch" | "between" | "total" | "above" | "far-above";

export interface CostRange {
  likely: number;
  cautious: number;
}

export interface QuotePlacement {
  amount: number;
  position: QuotePosition;
  /** the hours the quote pays for at the engagement's rate, rounded down: what it buys, as hours */
  hours: number;
}

export function placeQuote({
  amount,
  launch,
  total,
  rate,
}: {
  amount: number;
  launch: CostRange;
  total: CostRange;
  /** the engagement's hourly rate, in the same currency as the amount */
  rate: number;
}): QuotePlacement {
  const shown = (r: CostRange) => ({ likely: roundEstimate(r.likely), cautious: roundEstimate(r.cautious) });
  const l = shown(launch);
  const t = shown(total);
  const position: QuotePosition =
    amount < l.likely / 2
      ? "far-below"
      : amount < l.likely
        ? "below-launch"
        : amount <= l.cautious
          ? "launch"
          : amount < t.likely
            ? "between"
            : amount <= t.cautious
              ? "total"
              : amount <= t.cautious * 2
                ? "above"
                : "far-above";
  return { amount, position, hours: rate > 0 ? Math.floor(amount / rate) : 0 };
}
