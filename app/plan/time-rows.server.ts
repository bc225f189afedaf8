import type { Engagement } from "~/models/engagement.server";
import { listTimeEntries } from "~/models/time-entries.server";

import { loadPlanPage } from "./plan-view.server";
import type { TimeRow } from "./time-report";

/**
 * The engagement's time entries as the time page and its CSV read them, with the rate they are priced
 * at: the accepted version's (what was agreed), else the settings' (decision 036).
 */
export async function loadTimeRows(engagement: Engagement) {
  const [{ state, tracking, agreed }, entries] = await Promise.all([
    loadPlanPage({ engagement, agreement: true }),
    listTimeEntries({ engagementId: engagement.id }),
  ]);
  const owner = new Map(state.items.map((i) => [i.id, i.owner]));
  const rows: TimeRow[] = entries.map((e) => ({
    day: e.day,
    itemId: e.itemId,
    item: e.itemTitle,
    hours: e.hours,
    note: e.note,
    by: e.byName || "Someone",
    billable: owner.get(e.itemId) !== "founder",
  }));
  return {
    rows,
    tracking,
    rate: agreed?.settings.hourlyRate ?? engagement.hourlyRate,
    currency: agreed?.settings.currency ?? engagement.currency,
    agreedVersion: agreed?.number ?? null,
  };
}
