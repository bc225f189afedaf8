import { tracksProgress } from "~/engine/tracking";
import type { Engagement } from "~/models/engagement.server";
import { listProposals } from "~/models/proposal.server";
import { listTimeEntries } from "~/models/time-entries.server";
import { priceOf } from "~/utils/price-model";

import { agreedSnapshot } from "./plan-view.server";
import type { TimeRow } from "./time-report";

/**
 * The engagement's time entries as the time page and its CSV read them, each priced as it was when
 * logged, and the agreement in force now (its price model says whether time is billed at all).
 */
export async function loadTimeRows(engagement: Engagement) {
  // Only the versions and the entries: not the plan or its comments, which the page does not show.
  const [versions, entries] = await Promise.all([
    listProposals({ engagementId: engagement.id }),
    listTimeEntries({ engagementId: engagement.id }),
  ]);
  const tracking = tracksProgress(versions);
  const agreed = await agreedSnapshot(engagement.id, versions);
  const rows: TimeRow[] = entries.map((e) => ({
    day: e.day,
    itemId: e.itemId,
    item: e.itemTitle,
    hours: e.hours,
    note: e.note,
    by: e.byName || "Someone",
    rate: e.rate,
    currency: e.currency,
    billable: e.billable,
    corrected: e.corrected && { by: e.corrected.byName, at: e.corrected.at },
  }));
  return {
    rows,
    tracking,
    agreed: agreed && {
      number: agreed.number,
      price: priceOf(agreed),
      currency: agreed.settings.currency,
    },
  };
}
