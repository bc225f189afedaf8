import type { LoaderFunctionArgs } from "@remix-run/node";

import { getPlanState } from "~/models/plan-state.server";
import { attachmentName } from "~/utils/filename";
import { requireMember } from "~/auth/membership.server";
import { planCsv } from "~/plan/plan-csv";
import { areaTitles } from "~/plan/plan-view.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const state = await getPlanState({ engagement });
  const csv = planCsv({
    items: state.items,
    tasksById: state.content.tasksById,
    areaTitles: areaTitles(state),
    hourlyRate: engagement.hourlyRate,
    currency: engagement.currency,
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentName(engagement.name, "plan", "csv"),
      "Cache-Control": "private, no-store",
    },
  });
}
