import type { Engagement } from "~/models/engagement.server";
import { listTimeEntries } from "~/models/time-entries.server";
import { priceOf } from "~/utils/price-model";

import { loadPlanPage } from "./plan-view.server";
import type { TimeRow } from "./time-report";

/**
 * The engagement's time entries as the time page and its CSV read them, each priced as it was when
 * logged, and the agreement in force now (its price model says whether time is billed at all).
 */
export async function loadTimeRows(engagement: Engagement) {
  const [{ tracking, agreed }, entries] = await Promise.all([
    loadPlanPage({ engagement, agreement: true }),
    listTimeEntries({ engagementId: engagement.id }),
  ]);
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
