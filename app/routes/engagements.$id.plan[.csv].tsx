import type { LoaderFunctionArgs } from "@remix-run/node";

import { getPlanState } from "~/models/plan-state.server";
import { listProposals } from "~/models/proposal.server";
import { attachmentName } from "~/utils/filename";
import { requireMember } from "~/auth/membership.server";
import { planCsv } from "~/plan/plan-csv";
import { agreedSnapshot, areaTitles } from "~/plan/plan-view.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { engagement } = await requireMember({ request, context }, params.id);
  const [state, proposals] = await Promise.all([
    getPlanState({ engagement }),
    listProposals({ engagementId: engagement.id }),
  ]);
  // The Cost column is at today's rate: the rate note says whether that is the accepted version's.
  const agreed = await agreedSnapshot(engagement.id, proposals);
  const csv = planCsv({
    items: state.items,
    tasksById: state.content.tasksById,
    areaTitles: areaTitles(state),
    hourlyRate: engagement.hourlyRate,
    currency: engagement.currency,
    agreed: agreed
      ? { number: agreed.number, hourlyRate: agreed.settings.hourlyRate, currency: agreed.settings.currency }
      : null,
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": attachmentName(engagement.name, "plan", "csv"),
      "Cache-Control": "private, no-store",
    },
  });
}
