import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireMember } from "~/auth/membership.server";
import { loadTimeRows } from "~/plan/time-rows.server";
import { timeCsv } from "~/plan/time-csv.server";
import { monthParam } from "~/plan/time-report";
import { attachmentName } from "~/utils/filename";

// The time logged as a CSV (/engagements/:id/plan/time.csv, ?month=2026-12 for one month): one row
// per entry with the rate it was logged at and its cost to the cent, for an invoice or a spreadsheet (decision 042).

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const { rows } = await loadTimeRows(engagement);
  const month = monthParam(new URL(request.url));
  const csv = timeCsv(month ? rows.filter((r) => r.day.startsWith(month)) : rows);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentName(engagement.name, month ? `time ${month}` : "time", "csv"),
      "Cache-Control": "private, no-store",
    },
  });
}
