// The time logged on an engagement, for invoicing by period (decision 042): totals by month and the
// entries as a CSV. Pure: the routes load the entries and the agreed rate.
import { stringify } from "csv-stringify/sync";
import { z } from "zod";

import { quarterHours } from "~/utils/format";

import { safeCell } from "./plan-csv";

export type TimeRow = {
  /** "2026-12-03" */
  day: string;
  itemId: string;
  item: string;
  hours: number;
  note: string;
  by: string;
  /** on an item the partner owns: priced at the agreed rate (the founder's team's are not) */
  billable: boolean;
};

export type MonthTotal = { month: string; label: string; hours: number; billableHours: number };

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

/** Hours by calendar month, newest month first. */
export function timeByMonth(rows: readonly TimeRow[]): MonthTotal[] {
  const months = new Map<string, MonthTotal>();
  for (const r of rows) {
    const month = r.day.slice(0, 7);
    const m = months.get(month) ?? { month, label: monthLabel(month), hours: 0, billableHours: 0 };
    m.hours += r.hours;
    if (r.billable) m.billableHours += r.hours;
    months.set(month, m);
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** One row per entry, oldest first, as an invoice lists them; the cost only for billable rows. */
export function timeCsv(
  rows: readonly TimeRow[],
  { rate, currency }: { rate: number; currency: string },
): string {
  const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
  // A byte-order mark, as the plan's CSV has, so a spreadsheet reads the text as UTF-8.
  return `\uFEFF${stringify([
    ["Date", "Item ID", "Item", "Hours", "Note", "Logged by", `Cost (${currency})`],
    ...sorted.map((r) => [
      r.day,
      r.itemId,
      safeCell(r.item),
      String(quarterHours(r.hours)),
      safeCell(r.note),
      safeCell(r.by),
      r.billable ? String(Math.round(quarterHours(r.hours) * rate * 100) / 100) : "",
    ]),
  ])}`;
}
