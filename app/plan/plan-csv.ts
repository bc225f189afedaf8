// The plan as a CSV a tracker (Linear, Jira, a spreadsheet) imports as tickets: one row per item with
// a stable id, its place in the plan, dependencies by id, its cost and what settles "is it done?".
// Pure: the route loads the plan and sends the text.
import { stringify } from "csv-stringify/sync";

import type { Task } from "~/engine/content/types";
import { PHASES } from "~/engine/content/types";
import { outReason } from "~/engine/out-of-scope";
import { OWNER_LABELS, PHASE_LABELS, STATUS_LABELS, type Scope } from "~/engine/plan-types";
import { formatRate } from "~/utils/format";
import type { PlanItem } from "~/models/plan.server";
import { quarterHours } from "~/utils/format";

import { rowExpected, shownEstimate } from "./estimate-totals";

// Spreadsheet apps run cells that start with = + - @ as formulas; prefix them so a title like
// "=HYPERLINK(...)" stays text (OWASP CSV injection).
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The app's own ids (newId: base64url, 12 characters), the only ones idCell writes as they are. */
const APP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * An item id as its cell holds it: exactly the id in the item's URL, in the ID column and in
 * "Depends on IDs" alike. One id in 64 starts with "-", and guarding those like free text ("'-h2X…")
 * made them match neither the app's URLs nor a tracker's links (QA pass 7, finding 17). Written as
 * it is, such an id is no injection: with only letters, digits, "_" and "-" it can call no function
 * (no brackets), open no link or command (no quotes, "|" or "!"); a spreadsheet that reads "-h2X…" as
 * a formula shows "#NAME?" in that cell at worst, and keeps the text in its formula bar. Anything
 * not in that alphabet (the app writes none) is guarded like any other cell.
 */
export function idCell(id: string): string {
  return APP_ID.test(id) ? id : safeCell(id);
}

/** Which rate the Cost column is at, against the accepted version's (the newest accepted). */
export type AgreedRate = { number: number; hourlyRate: number; currency: string } | null;

/**
 * The "Rate note" cell: the Cost column is the live plan at today's rate (the project's settings),
 * which after a rate change is not the rate a version was accepted at (QA pass 7, finding 8).
 */
function rateNote(hourlyRate: number, currency: string, agreed: AgreedRate): string {
  if (!agreed) return "Today's rate, from the project's settings";
  if (agreed.hourlyRate === hourlyRate && agreed.currency === currency)
    return `Today's rate, the same as accepted version ${agreed.number}'s`;
  return `Today's rate, not the ${formatRate(agreed.hourlyRate, agreed.currency)} an hour version ${agreed.number} was accepted at`;
}

// Every item, in scope first: what is out or later shows with its reason, as on the proposal. The
// words match the proposal's headings ("Later", "Out of scope"); a tracker can filter on the column.
const SCOPE_ORDER: Scope[] = ["included", "deferred", "excluded", "proposed"];
const CSV_SCOPE: Record<Scope, string> = {
  included: "Included",
  deferred: "Later",
  excluded: "Out of scope",
  proposed: "Proposed",
};

/** The column names, the cost's named for the currency its figures are in ("Cost (EUR)"). */
export function planCsvColumns(currency: string): string[] {
  return [
    "ID",
    "Order",
    "Title",
    "Description",
    "Done when",
    "Deliverables",
    "Optimistic hours",
    "Likely hours",
    "Pessimistic hours",
    "Expected hours",
    `Cost (${currency})`,
    "Phase",
    "Status",
    "Area",
    "Depends on IDs",
    "Depends on",
    "Scope",
    "Scope reason",
    "Owner",
    "Actual hours",
    // After the columns a tracker or a sheet already reads, as the time CSV's rate came after its own.
    "Hourly rate",
    "Currency",
    "Rate note",
  ];
}

/** Where the cells of ids are in a row: written by idCell, not safeCell. */
const ID_CELLS = new Set(["ID", "Depends on IDs"].map((c) => planCsvColumns("").indexOf(c)));

/** A task's deliverables or acceptance criteria, one per line, as the proposal lists them. */
function lines(list: readonly string[] | undefined): string {
  return (list ?? [])
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
}

export function planCsv({
  items,
  tasksById,
  areaTitles,
  hourlyRate,
  currency,
  agreed = null,
}: {
  /** the plan, in position order (listPlan's) */
  items: readonly PlanItem[];
  tasksById: ReadonlyMap<string, Task>;
  areaTitles: Record<string, string>;
  /** today's rate and currency (the project's settings), which the Cost column is at */
  hourlyRate: number;
  currency: string;
  /** the newest accepted version's rate, to say whether the cost is at it */
  agreed?: AgreedRate;
}): string {
  const note = rateNote(hourlyRate, currency, agreed);
  const byId = new Map(items.map((i) => [i.id, i]));
  // "Order" is the item's number in its phase, as the plan page lists it and the item page says it
  // ("now 3 of 28"); with the Phase column it puts the rows back in the plan's order.
  const order = new Map<string, number>();
  for (const phase of PHASES)
    items.filter((i) => i.phase === phase).forEach((i, n) => order.set(i.id, n + 1));
  const rows = [...items]
    .sort(
      (a, b) =>
        SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) ||
        PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
        a.position - b.position,
    )
    .map((i) => {
      const task = i.taskId ? tasksById.get(i.taskId) : undefined;
      // The stored figures to the hundredth, as the estimates table shows them, and the expected
      // hours from exactly those (the table's rowExpected): a sheet recomputes Expected from the three
      // columns, and Cost from Expected × Hourly rate. Rounded to half hours as the proposal states
      // them, 0.25 / 0.25 / 0.5 read 0.5 / 0.5 / 0.5 beside an Expected of 0.3 (QA pass 7, finding 8).
      const shown = shownEstimate(i);
      const expected = rowExpected(i);
      // Each id written as the app writes it (idCell), so a dependency's id reads exactly as the row
      // it names and as the item's URL.
      const deps = i.dependsOn.filter((d) => byId.has(d));
      const cells: Array<string | number> = [
        idCell(i.id),
        order.get(i.id) ?? "",
        i.title,
        i.description || task?.description || "",
        lines(task?.acceptance),
        lines(task?.deliverables),
        shown.optimistic,
        shown.likely,
        shown.pessimistic,
        expected,
        // The expected hours at the rate, to the cent, so "5.8 h × €95 = 551" checks in the sheet and
        // the column adds up to the hours' sum at the rate. The founder's team's own work is not priced
        // (decision 034): no cost rather than 0.
        i.owner === "founder" ? "" : Math.round(expected * hourlyRate * 100) / 100,
        PHASE_LABELS[i.phase],
        STATUS_LABELS[i.status],
        areaTitles[i.area] ?? i.area,
        deps.map(idCell).join("; "),
        deps.map((d) => byId.get(d)!.title).join("; "),
        CSV_SCOPE[i.scope],
        i.scope === "excluded" || i.scope === "deferred" ? outReason(i.scope, i.phase, i.scopeReason) : "",
        OWNER_LABELS[i.owner],
        // To the quarter hour, as the plan page shows hours logged.
        i.actualHours === null ? "" : quarterHours(i.actualHours),
        hourlyRate,
        currency,
        note,
      ];
      // Every text cell guarded but the two of ids, which idCell wrote.
      return cells.map((v, n) => (typeof v === "string" && !ID_CELLS.has(n) ? safeCell(v) : v));
    });
  // A BOM so Excel reads the file as UTF-8 (accented names stay intact).
  return `\uFEFF${stringify(rows, { header: true, columns: planCsvColumns(currency) })}`;
}
