// The time logged on an engagement, for invoicing by period (decision 042): each entry's cost and the
// totals by month. Pure, and free of Node modules: the item and time pages import it (the CSV is in
// time-csv.server.ts).
import { z } from "zod";

import { reviewerOn } from "~/utils/format";

export type TimeRow = {
  /** "2026-12-03" */
  day: string;
  itemId: string;
  item: string;
  hours: number;
  note: string;
  by: string;
  /** the rate and currency of the version agreed when it was logged (decision 042) */
  rate: number;
  currency: string;
  /** on an item the partner owned in that version: priced (the founder's team's are not) */
  billable: boolean;
  /** who last corrected it and when (null or absent: never corrected); the name is "" once anonymised */
  corrected?: { by: string; at: number } | null;
};

/**
 * "Corrected by Piet Partner on 6 Dec 2026", under an entry that was corrected, as the questionnaire
 * names a partner's correction of an answer (reviewerOn); null for one never corrected.
 */
export function correctedText(corrected: TimeRow["corrected"]): string | null {
  return corrected ? `Corrected by ${reviewerOn(corrected.by || null, corrected.at, "someone")}` : null;
}

/** Two decimals at most: entries are in quarter hours, and those from before them kept two decimals. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** "1.5 h", "0.25 h", "1.1 h" (an entry from before dated entries). */
export function hoursText(hours: number): string {
  return `${round2(hours)} h`;
}

/**
 * What one entry costs, to the cent: the invoice's line. Every total is a sum of these, so the page,
 * its months and the CSV add up to the same cent.
 */
export function entryCost(r: Pick<TimeRow, "hours" | "rate" | "billable">): number {
  return r.billable ? round2(r.hours * r.rate) : 0;
}

/** Costs by currency (an agreement may have changed it), in cents summed exactly. */
export type Costs = Record<string, number>;

export function costsOf(rows: readonly TimeRow[]): Costs {
  const cents: Costs = {};
  for (const r of rows)
    if (r.billable) cents[r.currency] = (cents[r.currency] ?? 0) + Math.round(entryCost(r) * 100);
  return Object.fromEntries(Object.entries(cents).map(([c, n]) => [c, n / 100]));
}

export type MonthTotal = { month: string; label: string; hours: number; costs: Costs };

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .nullable()
  .catch(null);

/** The month a page or CSV is asked for (`?month=2026-12`); anything else means every month. */
export function monthParam(url: URL): string | null {
  return Month.parse(url.searchParams.get("month"));
}

/** "2026-12" → "December 2026" (UTC, as every date the app shows). */
export function monthLabel(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** Hours and costs by calendar month, newest month first. */
export function timeByMonth(rows: readonly TimeRow[]): MonthTotal[] {
  const months = new Map<string, TimeRow[]>();
  for (const r of rows) {
    const month = r.day.slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), r]);
  }
  return [...months.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([month, list]) => ({
      month,
      label: monthLabel(month),
      hours: round2(list.reduce((n, r) => n + r.hours, 0)),
      costs: costsOf(list),
    }));
}
