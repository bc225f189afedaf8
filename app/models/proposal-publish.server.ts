// What the publish form states before a version is frozen: the figures and the settings it freezes,
// who gets the email, and what should be checked first (a rate changed since the last version, or
// settings nobody has looked at since the engagement was created). Warnings only: the partner decides.
import { and, desc, eq, getTableColumns, gt } from "drizzle-orm";

import { db } from "../../db/connection.server";
import type { PublishPreviewData } from "~/components/publish-preview";
import { activity, engagements, users } from "../../db/schema";
import { PRICING_SETTINGS, type PlanTotals, type ProposalSnapshot } from "~/engine/plan-types";
import { membersByEmail } from "~/models/membership.server";
import type { PlanItem } from "~/models/plan.server";
import { tierViews } from "~/utils/estimate-view";
import { formatDateTime, formatHours, moneyRange, plural } from "~/utils/format";
import { sha256 } from "~/utils/ids.server";
import type { PublishBasis } from "~/utils/publish-basis";
import { pricingLine, settingChanges, type PricingSettings } from "~/utils/settings-words";

import type { Engagement } from "./engagement.server";

/** "€9,700–€16,900 · 102–178 h · 28 items", as the proposal page's summary gives a tier. */
function figures(
  t: { cost: { likely: number; cautious: number; currency: string } } & {
    hours: { likely: number; cautious: number };
    tasks: number;
  },
): string {
  return `${moneyRange(t.cost.likely, t.cost.cautious, t.cost.currency)} · ${Math.round(t.hours.likely)}–${formatHours(t.hours.cautious)} · ${plural(t.tasks, "item")}`;
}

/**
 * The headline figures a version of this plan would freeze: launch minimum (when tiered) and the
 * whole, and what each tier counts of later phases' work because it waits for it (decision 051).
 */
function frozenFigures(
  totals: PlanTotals,
  items: ReadonlyArray<{ id: string; title: string }>,
): Pick<PublishPreviewData, "launch" | "whole" | "includes"> {
  const titles = new Map(items.map((i) => [i.id, i.title]));
  const { tiers, total } = tierViews(
    totals.tiers ?? [],
    { tasks: totals.items, hours: totals.hours, weeks: totals.weeks, cost: totals.cost },
    "plan",
    (id) => titles.get(id),
  );
  const launch = tiers.find((t) => t.id === "launch");
  return {
    launch: launch ? figures(launch) : null,
    whole: figures(total),
    includes: tiers.flatMap((t) => (t.includes ? [t.includes] : [])),
  };
}

const pricingOf = (e: PricingSettings): PricingSettings => ({
  currency: e.currency,
  hourlyRate: e.hourlyRate,
  teamSize: e.teamSize,
  weeklyCapacity: e.weeklyCapacity,
});

/** Settings saves since `since`, newest first, with who saved them and what was there before. */
function settingsSavesSince(engagementId: string, since: number) {
  return db()
    .select({ detail: activity.detail, at: activity.createdAt, name: users.name, email: users.email })
    .from(activity)
    .leftJoin(users, eq(users.id, activity.userId))
    .where(
      and(
        eq(activity.engagementId, engagementId),
        eq(activity.kind, "settings.updated"),
        gt(activity.createdAt, since),
      ),
    )
    .orderBy(desc(activity.id))
    .all();
}

/**
 * One sentence per pricing setting that differs from the newest version's: "The hourly rate changed
 * from €95 to €60 since version 2 (changed by Maya Okafor on 3 Dec 2026, 10:04 UTC)." Who changed it
 * is the newest save since that version that changed it; saves recorded before the values before a
 * save were kept cannot say which setting they changed, so the newest save stands for them.
 */
function settingsChangedSince(
  engagement: Engagement,
  latest: { number: number; publishedAt: number; snapshot: ProposalSnapshot },
): string[] {
  const changes = settingChanges(pricingOf(latest.snapshot.settings), pricingOf(engagement));
  if (changes.length === 0) return [];
  const saves = settingsSavesSince(engagement.id, latest.publishedAt);
  return changes.map((c) => {
    const save =
      saves.find((s) => {
        const before = (s.detail as { before?: Record<string, unknown> }).before;
        return before !== undefined && before[c.setting] !== s.detail[c.setting];
      }) ?? saves.find((s) => (s.detail as { before?: unknown }).before === undefined);
    const by = save
      ? ` (changed by ${save.name || save.email || "a former member"} on ${formatDateTime(save.at)})`
      : "";
    return `The ${c.label} changed from ${c.from} to ${c.to} since version ${latest.number}${by}.`;
  });
}

const columns = getTableColumns(engagements);
const DEFAULTS = Object.fromEntries(PRICING_SETTINGS.map((f) => [f, columns[f].default])) as Record<
  (typeof PRICING_SETTINGS)[number],
  unknown
>;

/**
 * A warning while nobody has saved the settings since the engagement was created (its settings
 * version is still the first): a new engagement starts at the schema's defaults, a rate no partner
 * chose. Null once anyone saved them, even unchanged: that is someone checking them.
 */
function untouchedSettings(engagement: Engagement): string | null {
  if (engagement.version > 1) return null;
  const defaults = PRICING_SETTINGS.every((f) => engagement[f] === DEFAULTS[f]);
  return `The rate, currency and team ${defaults ? "are still the defaults" : "have not been changed since the project was created"} (${pricingLine(engagement)}): check them in Settings before you publish.`;
}

/**
 * Who publishing emails (founders with proposal emails on), as "Maya Okafor (maya@…)"; when that is
 * nobody, every founder with why not, so the form can say what would change it.
 */
async function publishRecipients(
  engagementId: string,
  publisherId: string,
): Promise<Pick<PublishPreviewData, "emails" | "notEmailed">> {
  const founders = await membersByEmail({ engagementId, roles: ["founder"], except: publisherId });
  const to = founders.filter((m) => m.reasons.length === 0);
  if (to.length > 0)
    return { emails: to.map((m) => (m.name ? `${m.name} (${m.email})` : m.email)), notEmailed: [] };
  return { emails: [], notEmailed: founders.map((m) => ({ name: m.name || m.email, reasons: m.reasons })) };
}

/** Everything the publish form states before the button, for the plan as it stands now. */
export async function publishPreview({
  engagement,
  totals,
  items,
  latest,
  publisherId,
  taxNote,
}: {
  engagement: Engagement;
  totals: PlanTotals;
  /** the plan's items, for the titles of those a tier counts from a later phase */
  items: ReadonlyArray<{ id: string; title: string }>;
  /** the publisher's tax note ("Prices exclude VAT."), "" for none */
  taxNote: string;
  /** the newest version, if any: what the settings are compared with */
  latest: { number: number; publishedAt: number; snapshot: ProposalSnapshot } | undefined | null;
  publisherId: string;
}): Promise<PublishPreviewData> {
  return {
    ...frozenFigures(totals, items),
    pricing: pricingLine(engagement),
    ...(await publishRecipients(engagement.id, publisherId)),
    settingsChanged: latest ? settingsChangedSince(engagement, latest) : [],
    // Once a version is out, its partner has quoted these settings: from then on a change since
    // that version is what needs saying (settingsChanged), not that nobody has saved them.
    untouched: latest ? null : untouchedSettings(engagement),
    cost: { p50: totals.cost.p50, p90: totals.cost.p90, currency: totals.cost.currency },
    taxNote,
  };
}

/** What the publish form shows of the plan and its pricing, to be posted back with it (decision 053). */
export function publishBasis(
  state: { items: readonly PlanItem[]; inScope: readonly PlanItem[]; totals: PlanTotals },
  engagement: PricingSettings,
): PublishBasis {
  const inScope = new Set(state.inScope.map((i) => i.id));
  // An undecided ("proposed") item is in no version, so changing it changes nothing published.
  const frozen = state.items
    .filter((i) => i.scope !== "proposed")
    .map((i) =>
      i.scope === "included"
        ? [
            i.id,
            i.title,
            i.phase,
            i.owner,
            i.optimistic,
            i.likely,
            i.pessimistic,
            i.description,
            i.dependsOn.filter((d) => inScope.has(d)).sort(),
          ]
        : [i.id, i.scope],
    );
  return {
    plan: sha256(JSON.stringify(frozen)).slice(0, 16),
    items: state.totals.items,
    likely: Math.round(state.totals.cost.p50),
    cautious: Math.round(state.totals.cost.p90),
    ...pricingOf(engagement),
  };
}
