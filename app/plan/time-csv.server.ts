// The time logged as a CSV (decision 042): one row per entry, with the rate it was logged at and its
// cost to the cent, for an invoice or a spreadsheet.
import { stringify } from "csv-stringify/sync";

import { idCell, safeCell } from "./plan-csv";
import { entryCost, round2, type TimeRow } from "./time-report";

/** One row per entry, oldest first, as an invoice lists them; the cost only for billable rows. */
export function timeCsv(rows: readonly TimeRow[]): string {
  const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
  // A byte-order mark, as the plan's CSV has, so a spreadsheet reads the text as UTF-8.
  return `\uFEFF${stringify([
    // Who last corrected an entry, and the day (UTC): after the cost, so the columns a spreadsheet
    // already reads by position stay where they were.
    [
      "Date",
      "Item ID",
      "Item",
      "Hours",
      "Note",
      "Logged by",
      "Rate",
      "Currency",
      "Cost",
      "Corrected by",
      "Corrected on",
    ],
    ...sorted.map((r) => [
      r.day,
      // As the plan CSV writes it (idCell): the id in the item's URL and the plan CSV's ID column.
      idCell(r.itemId),
      safeCell(r.item),
      String(round2(r.hours)),
      safeCell(r.note),
      safeCell(r.by),
      String(r.rate),
      r.currency,
      r.billable ? entryCost(r).toFixed(2) : "",
      r.corrected ? safeCell(r.corrected.by || "Someone") : "",
      r.corrected ? new Date(r.corrected.at).toISOString().slice(0, 10) : "",
    ]),
  ])}`;
}
