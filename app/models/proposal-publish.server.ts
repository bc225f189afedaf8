// Publishing a version from the form. Before: what the form states (the figures and the settings it
// freezes, who gets the email, and what should be checked first: a rate changed since the last
// version, or settings nobody has looked at since the engagement was created; warnings only, the
// partner decides) and what it carries back (the basis, decision 053). Then: the publish itself,
// refused when the plan or the settings moved from what the form showed.
import { getTableColumns } from "drizzle-orm";

import type { PublishPreviewData } from "~/components/publish-preview";
import { engagements } from "../../db/schema";
import {
  PRICING_SETTINGS,
  type PlanTotals,
  type ProposalPayment,
  type ProposalPrice,
  type ProposalSnapshot,
} from "~/engine/plan-types";
import { evidenceNotes, orderedNotes } from "~/evidence/answer-evidence.server";
import { membersByEmail } from "~/models/membership.server";
import type { PlanItem } from "~/models/plan.server";
import { tierViews } from "~/utils/estimate-view";
import { formatDateTime, hoursRange, moneyRange, plural } from "~/utils/format";
import { sha256 } from "~/utils/ids.server";
import { NO_ACCESS } from "~/utils/gone";
import { identityOf } from "~/utils/partner-profile";
import { basisChanges, type PublishBasis } from "~/utils/publish-basis";
import { pricingLine, settingChanges, type PricingSettings } from "~/utils/settings-words";

import { activityOf } from "./activity-log.server";
import { getAnswerState } from "./answer-state.server";
import { getEngagementForMember, saveProposalDraftText, type Engagement } from "./engagement.server";
import { getPartnerProfile } from "./partner-profile.server";
import { getPlanState } from "./plan-state.server";
import { getProposal, listProposals, publishProposal, sameOffer } from "./proposal.server";
import { buildSnapshot } from "./snapshot.server";

/** "€9,700–€16,900 · 102–178 h · 28 items", as the proposal page's summary gives a tier. */
function figures(
  t: { cost: { likely: number; cautious: number; currency: string } } & {
    hours: { likely: number; cautious: number };
    tasks: number;
  },
): string {
  // hoursRange: "1,080–2,614 h" with both ends grouped, "0.3–0.5 h" under an hour (QA 7, 7 and 10)
  return `${moneyRange(t.cost.likely, t.cost.cautious, t.cost.currency)} · ${hoursRange(t.hours.likely, t.hours.cautious)} · ${plural(t.tasks, "item")}`;
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
  const saves = activityOf({
    engagementId: engagement.id,
    kinds: ["settings.updated"],
    since: latest.publishedAt,
  });
  return changes.map((c) => {
    const save =
      saves.find((s) => {
        const before = (s.detail as { before?: Record<string, unknown> }).before;
        return before !== undefined && before[c.setting] !== s.detail[c.setting];
      }) ?? saves.find((s) => (s.detail as { before?: unknown }).before === undefined);
    const by = save
      ? ` (changed by ${save.byName || save.byEmail || "a former member"} on ${formatDateTime(save.at)})`
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

/** What the publish form posts besides its bookkeeping: the texts, price and schedule to freeze. */
type PublishText = {
  assumptions: string;
  exclusions: string;
  terms: string;
  validUntil: string | null;
  price: ProposalPrice;
  payment: ProposalPayment;
};

/**
 * How a publish ended: published (with the engagement as it was frozen, for the email), nothing in
 * scope, or refused with why (`identical` is the version it would copy, for "Publish anyway").
 */
export type PublishOutcome =
  | { kind: "published"; number: number; engagement: Engagement }
  | { kind: "empty" }
  | { kind: "refused"; message: string; identical: number | null };

/**
 * Publishes the next version from the form, frozen from the plan as it is when it is written. The
 * form carries what it showed (`shown`, decision 053): a fixed price or a schedule chosen against
 * another plan or rate must not go out with this one, so a change since refuses it and says what
 * moved. A post without it (an API client) publishes the plan as it is. A plan or settings change
 * landing between reading the plan and the write is found in the write's transaction ("moved"):
 * read again and check again, a few times, then give up. The texts are saved as the draft first,
 * so a refused publish keeps them.
 */
export async function publishFromForm({
  engagementId,
  publisher,
  text,
  expectedNumber,
  shown,
  publishIdentical,
}: {
  engagementId: string;
  publisher: { id: string; name: string; email: string };
  text: PublishText;
  /** the version number the form offered */
  expectedNumber: number | undefined;
  shown: PublishBasis | undefined;
  /** the version the partner ticked "Publish anyway" for */
  publishIdentical: number | undefined;
}): Promise<PublishOutcome> {
  // Read here, not taken from the caller: an engagement read before a settings change would check
  // the basis, and compare with the newest version, against the rate as it was.
  const found = await getEngagementForMember({ engagementId, userId: publisher.id });
  if (!found) return { kind: "refused", message: NO_ACCESS, identical: null };
  let engagement = found.engagement;
  let state = await getPlanState({ engagement });
  if (state.inScope.length === 0) return { kind: "empty" };
  await saveProposalDraftText({ engagementId: engagement.id, ...text });
  // The publisher's company as it stands now, frozen into the version (a later edit leaves it).
  const partner = identityOf(await getPartnerProfile({ userId: publisher.id }));
  const refused = (message: string, identical: number | null = null): PublishOutcome => ({
    kind: "refused",
    message,
    identical,
  });
  for (let attempt = 1; ; attempt++) {
    const changed = shown ? basisChanges(shown, publishBasis(state, engagement)) : null;
    if (changed) {
      return refused(
        [...changed, "Check the price and payment schedule below, then publish again."].join(" "),
      );
    }
    // Answers resting on accepted code evidence are frozen into the version with everything else.
    const evidence = orderedNotes(
      state.content,
      await evidenceNotes({
        engagementId: engagement.id,
        content: state.content,
        answers: (await getAnswerState({ engagement })).answers,
      }),
    );
    const planState = state;
    const planEngagement = engagement;
    const build = (n: number, publishedAt: number): ProposalSnapshot => ({
      ...buildSnapshot({
        state: planState,
        engagement: planEngagement,
        number: n,
        publishedAt,
        preparedBy: { name: publisher.name || publisher.email, email: publisher.email },
        ...text,
        partner,
      }),
      evidence,
    });
    const same = shown ? await identicalNewest(engagement.id, expectedNumber, build) : null;
    if (same !== null && publishIdentical !== same) {
      return refused(
        `Version ${same} is identical: the same plan, price, payment schedule, texts and valid-until date, so publishing would send the founder a copy of it. ` +
          `Change what needs changing, or tick “Publish anyway” to publish it again.`,
        same,
      );
    }
    const number = await publishProposal({
      engagementId: engagement.id,
      userId: publisher.id,
      expectedNumber,
      basedOn: { updatedAt: engagement.updatedAt, version: engagement.version },
      build,
    });
    if (number === "moved") {
      const fresh =
        attempt < 3 && (await getEngagementForMember({ engagementId: engagement.id, userId: publisher.id }));
      if (!fresh) {
        return refused(
          "The plan is being changed as you publish, so this version was not published. Check the plan, then publish again.",
        );
      }
      engagement = fresh.engagement;
      state = await getPlanState({ engagement });
      if (state.inScope.length === 0) {
        return refused("The plan has no item in scope any more, so this version was not published.");
      }
      continue;
    }
    if (number === null) {
      const latest = (await listProposals({ engagementId: engagement.id }))[0]?.number ?? 0;
      return refused(
        `Version ${latest} was published a moment ago, from another tab or by someone else, so this one was not. ` +
          `Open version ${latest} to check it; publish version ${latest + 1} only if the plan has changed since.`,
      );
    }
    return { kind: "published", number, engagement };
  }
}

/**
 * The number of the newest version when the one about to be published would be the same offer
 * (QA 6, finding 7: Back after publishing, then Publish again), else null. Not after a withdrawal:
 * the newest is then no longer on offer, and publishing it again is how it comes back. The write
 * checks the number the form offered, so the newest read here is the one the new version follows.
 */
async function identicalNewest(
  engagementId: string,
  expectedNumber: number | undefined,
  build: (n: number, publishedAt: number) => ProposalSnapshot,
): Promise<number | null> {
  const newest = (await listProposals({ engagementId }))[0];
  if (!newest || newest.withdrawnAt !== null) return null;
  if (expectedNumber !== undefined && expectedNumber !== newest.number + 1) return null;
  const latest = await getProposal({ engagementId, number: newest.number });
  return latest && sameOffer(build(newest.number + 1, latest.publishedAt), latest.snapshot)
    ? newest.number
    : null;
}
