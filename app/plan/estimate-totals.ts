// What the estimates table shows as it is typed into (client and server): each row's expected
// hours, and per phase and in all the sum of those hours and their cost at the engagement's rate.
// The plan's likely and cautious totals are simulated from the same figures (engine/simulate.ts);
// this is the plain sum a partner can check by hand while editing. The plan CSV states each item's
// expected hours the same way (rowExpected), so its Expected column adds up to these sums exactly.
import type { Estimate } from "~/engine/content/types";
import { pertMean } from "~/engine/simulate";
import { expectedHours, fieldHours } from "~/utils/format";

/**
 * An item's three figures as the table's fields and the plan CSV state them: to the hundredth, as
 * the form takes them. Sized estimates are stored with float noise (2.0999999999999996).
 */
export function shownEstimate(e: Estimate): Estimate {
  return {
    optimistic: fieldHours(e.optimistic),
    likely: fieldHours(e.likely),
    pessimistic: fieldHours(e.pessimistic),
  };
}

/**
 * A row's expected hours as the table and the plan CSV state them: the PERT mean, (optimistic +
 * 4 × likely + pessimistic) / 6, of the figures as shown (shownEstimate), to the tenth of an hour
 * (expectedHours: a quarter-hour item is 0.3 h, not "0 h" costed at nothing). From the figures
 * shown, so a spreadsheet recomputing it from the CSV's three columns gets the same.
 */
export function rowExpected(e: Estimate): number {
  return expectedHours(pertMean(shownEstimate(e)));
}

/** Hours given to the tenth, added up in whole tenths: 0.1 + 0.2 is 0.3 here, not 0.30000000000000004. */
export function sumTenths(hours: readonly number[]): number {
  return hours.reduce((n, h) => n + Math.round(h * 10), 0) / 10;
}

/** A row's three figures as typed: plain decimals in order, or null while they are not (yet) valid. */
export function typedEstimate(
  optimistic: string,
  likely: string,
  pessimistic: string,
): { optimistic: number; likely: number; pessimistic: number } | null {
  const numbers = [optimistic, likely, pessimistic].map((s) =>
    /^\d{1,9}(\.\d+)?$/.test(s.trim()) ? Number(s.trim()) : Number.NaN,
  );
  const [o, m, p] = numbers as [number, number, number];
  if (numbers.some((n) => !Number.isFinite(n)) || o > m || m > p || p <= 0) return null;
  return { optimistic: o, likely: m, pessimistic: p };
}

export type TotalsRow = { expected: number | null; billable: boolean };

/**
 * The sum of the rows' expected hours as the rows show them (to the tenth each, expectedHours, so
 * they add up, and so the plan CSV's Expected column sums to the same), and the cost of the priced
 * ones (the founder's team's items take hours, not money: decision 034). `expected` is a row's PERT
 * mean. A row not valid yet counts as nothing and is named in `invalid`.
 */
export function estimateTotals(rows: readonly TotalsRow[], hourlyRate: number) {
  const valid = rows.filter((r) => r.expected !== null) as { expected: number; billable: boolean }[];
  const hours = sumTenths(valid.map((r) => expectedHours(r.expected)));
  const pricedHours = sumTenths(valid.filter((r) => r.billable).map((r) => expectedHours(r.expected)));
  return { hours, cost: pricedHours * hourlyRate, invalid: rows.length - valid.length };
}
