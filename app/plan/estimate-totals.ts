// What the estimates table shows as it is typed into (client and server): each row's expected
// hours, and per phase and in all the sum of those hours and their cost at the engagement's rate.
// The plan's likely and cautious totals are simulated from the same figures (engine/simulate.ts);
// this is the plain sum a partner can check by hand while editing.
import { sumOfShownHours } from "~/utils/format";

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
 * The sum of the rows' expected hours as the rows show them (rounded each, so they add up), and the
 * cost of the priced ones (the founder's team's items take hours, not money: decision 034). A row
 * not valid yet counts as nothing and is named in `invalid`.
 */
export function estimateTotals(rows: readonly TotalsRow[], hourlyRate: number) {
  const valid = rows.filter((r) => r.expected !== null) as { expected: number; billable: boolean }[];
  const hours = sumOfShownHours(valid.map((r) => r.expected));
  const pricedHours = sumOfShownHours(valid.filter((r) => r.billable).map((r) => r.expected));
  return { hours, cost: pricedHours * hourlyRate, invalid: rows.length - valid.length };
}
