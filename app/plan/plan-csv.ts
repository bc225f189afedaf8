// The plan as a CSV a tracker (Linear, Jira, a spreadsheet) imports as tickets: one row per item with
// a stable id, its place in the plan, dependencies by id, its cost and what settles "is it done?".
// Pure: the route loads the plan and sends the text.
import { stringify } from "csv-stringify/sync";

import type { Task } from "~/engine/content/types";
import { PHASES } from "~/engine/content/types";
import { outReason } from "~/engine/out-of-scope";
import { OWNER_LABELS, PHASE_LABELS, STATUS_LABELS, type Scope } from "~/engine/plan-types";
import { pertMean } from "~/engine/simulate";
import type { PlanItem } from "~/models/plan.server";
import { estimateHours, expectedHours, quarterHours } from "~/utils/format";

// Spreadsheet apps run cells that start with = + - @ as formulas; prefix them so a title like
// "=HYPERLINK(...)" stays text (OWASP CSV injection).
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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
  ];
}

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
}: {
  /** the plan, in position order (listPlan's) */
  items: readonly PlanItem[];
  tasksById: ReadonlyMap<string, Task>;
  areaTitles: Record<string, string>;
  hourlyRate: number;
  currency: string;
}): string {
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
      const expected = expectedHours(
        pertMean({ optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic }),
      );
      // Ids are base64url and may start with "-": each is made safe the way its own ID cell is, so a
      // dependency's id reads exactly as the row it names.
      const deps = i.dependsOn.filter((d) => byId.has(d));
      return [
        i.id,
        order.get(i.id) ?? "",
        i.title,
        i.description || task?.description || "",
        lines(task?.acceptance),
        lines(task?.deliverables),
        // Rounded as the proposal and its PDF state a task's hours (estimateRange, aboutHours): sized
        // estimates are stored unrounded (1.7, 10.2), and their tenths are arithmetic, not knowledge.
        estimateHours(i.optimistic),
        estimateHours(i.likely),
        estimateHours(i.pessimistic),
        expected,
        // The expected hours shown at the rate, so "6 h × €95 = 570" checks in the sheet. The founder's
        // team's own work is not priced (decision 034): no cost rather than 0.
        i.owner === "founder" ? "" : Math.round(expected * hourlyRate),
        PHASE_LABELS[i.phase],
        STATUS_LABELS[i.status],
        areaTitles[i.area] ?? i.area,
        deps.map(safeCell).join("; "),
        deps.map((d) => byId.get(d)!.title).join("; "),
        CSV_SCOPE[i.scope],
        i.scope === "excluded" || i.scope === "deferred" ? outReason(i.scope, i.phase, i.scopeReason) : "",
        OWNER_LABELS[i.owner],
        // To the quarter hour, as the plan page shows hours logged.
        i.actualHours === null ? "" : quarterHours(i.actualHours),
      ].map((v) => (typeof v === "string" ? safeCell(v) : v));
    });
  // A BOM so Excel reads the file as UTF-8 (accented names stay intact).
  return `\uFEFF${stringify(rows, { header: true, columns: planCsvColumns(currency) })}`;
}
