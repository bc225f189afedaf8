import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";

import { PHASES } from "~/engine/content/types";
import { outReason } from "~/engine/out-of-scope";
import { PHASE_LABELS, STATUS_LABELS, type Scope } from "~/engine/plan-types";
import { pertMean } from "~/engine/simulate";
import { getPlanState } from "~/models/plan-state.server";
import { attachmentName } from "~/utils/filename";
import { oneDecimal, quarterHours } from "~/utils/format";
import { requireMember } from "~/auth/membership.server";
import { areaTitles } from "~/plan/plan-view.server";

// Spreadsheet apps run cells that start with = + - @ as formulas; prefix them so a title like
// "=HYPERLINK(...)" stays text (OWASP CSV injection).
function safeCell(value: string): string {
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

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const state = await getPlanState({ engagement });
  const titles = areaTitles(state);
  const byId = new Map(state.items.map((i) => [i.id, i]));
  const rows = [...state.items]
    .sort(
      (a, b) =>
        SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) ||
        PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) ||
        a.position - b.position,
    )
    .map((i) => {
      const estimate = { optimistic: i.optimistic, likely: i.likely, pessimistic: i.pessimistic };
      return [
        i.title,
        i.description || (i.taskId ? (state.content.tasksById.get(i.taskId)?.description ?? "") : ""),
        // Sized estimates are stored unrounded (2.0999999999999996); the file gives tenths, as the pages do.
        oneDecimal(i.optimistic),
        oneDecimal(i.likely),
        oneDecimal(i.pessimistic),
        oneDecimal(pertMean(estimate)),
        PHASE_LABELS[i.phase],
        STATUS_LABELS[i.status],
        titles[i.area] ?? i.area,
        i.dependsOn
          .map((d) => byId.get(d)?.title ?? "")
          .filter(Boolean)
          .join("; "),
        CSV_SCOPE[i.scope],
        i.scope === "excluded" || i.scope === "deferred" ? outReason(i.scope, i.phase, i.scopeReason) : "",
        i.owner === "partner" ? "Engineering partner" : "Founder's team",
        // To the quarter hour, as the plan page shows hours logged.
        i.actualHours === null ? "" : quarterHours(i.actualHours),
      ].map((v) => (typeof v === "string" ? safeCell(v) : v));
    });
  const csv = stringify(rows, {
    header: true,
    columns: [
      "Title",
      "Description",
      "Optimistic hours",
      "Likely hours",
      "Pessimistic hours",
      "Expected hours",
      "Phase",
      "Status",
      "Area",
      "Depends on",
      "Scope",
      "Scope reason",
      "Owner",
      "Actual hours",
    ],
  });
  // A BOM so Excel reads the file as UTF-8 (accented names stay intact).
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentName(engagement.name, "plan", "csv"),
      "Cache-Control": "private, no-store",
    },
  });
}
