import type { Phase } from "~/engine/content/types";
import { PHASES } from "~/engine/content/types";
import { formatEstimate } from "~/engine/money";
import { leftOutPrerequisites, outOfScopeGroups } from "~/engine/out-of-scope";
import { OWNER_LABELS, PHASE_LABELS, type ProposalSnapshot } from "~/engine/plan-types";
import { phaseHours, tierViews, unpricedNote } from "~/utils/estimate-view";
import {
  aboutHours,
  aboutWeeks,
  estimateRange,
  formatHours,
  hoursRange,
  sumOfShownHours,
  weeksLikelyCautious,
  weeksRange,
} from "~/utils/format";
import { formatRate } from "~/utils/format";
import { calendarPace, leftOpen, pastLikely } from "~/utils/method-text";
import { websiteLabel } from "~/utils/partner-profile";
import { paymentOf, paymentView } from "~/utils/payment-schedule";
import { estimateLine, headlinePrice, priceClause, priceOf } from "~/utils/price-model";

const round1 = (n: number) => Math.round(n * 10) / 10;

/** An item's range, rounded for the client, and its expected hours, as the PDF's scope table gives them. */
function range(i: { estimate: { optimistic: number; pessimistic: number }; mean: number }) {
  // In a narrow column the line may break only after the comma, never before an "h".
  const keep = (text: string) => text.replaceAll(" ", "\u00a0");
  return `${keep(estimateRange(i.estimate))}, ${keep(aboutHours(i.mean))}`;
}

/** A task's deliverables or acceptance criteria, as entered: blank lines dropped. */
function lines(list: readonly string[]): string[] {
  return list.map((line) => line.trim()).filter((line) => line !== "");
}

type SnapshotItem = ProposalSnapshot["items"][number];

function hasDetails(i: SnapshotItem): boolean {
  return i.description.trim() !== "" || lines(i.deliverables).length > 0 || lines(i.acceptance).length > 0;
}

/**
 * What one item of a version covers, delivers and when it is done, as the snapshot froze them; the
 * PDF lists the same under "What each item covers" (partner-added items have no deliverables or
 * criteria). Null when the version has no such item in its scope.
 */
export function proposalItemView(s: ProposalSnapshot, itemId: string) {
  const i = s.items.find((x) => x.id === itemId);
  if (!i) return null;
  return {
    id: i.id,
    title: i.title,
    area: i.areaTitle,
    phase: PHASE_LABELS[i.phase],
    estimate: range(i),
    description: i.description.trim(),
    deliverables: lines(i.deliverables),
    acceptance: lines(i.acceptance),
  };
}

export type ProposalItemView = NonNullable<ReturnType<typeof proposalItemView>>;

/** A bar's weeks as read aloud: "Week 4" for a task inside one week, "Weeks 2 to 5" otherwise. */
function weekSpan(first: number, last: number): string {
  return last <= first ? `Week ${first}` : `Weeks ${first} to ${last}`;
}

/** Week marks for the timeline's axis: at most nine, at a round step, as per cent of its width. */
function weekTicks(end: number): Array<{ week: number; x: number }> {
  const step = [1, 2, 4, 5, 10, 20, 25, 50].find((s) => end / s <= 8) ?? 100;
  const ticks = [];
  for (let week = 0; week <= end; week += step) ticks.push({ week, x: round1((week / end) * 100) });
  return ticks;
}

/**
 * What the proposal page shows of a published snapshot, worked out on the server. The snapshot is
 * the whole record (every finding's prompt and impact, the evidence, the engagement…), most of
 * which the page never shows; sending it all for hydration made the page twice its size and
 * doubled its render time. The PDF renders from the snapshot itself.
 */
export function proposalView(s: ProposalSnapshot): ProposalView {
  let view = views.get(s);
  if (!view) {
    view = viewOf(s);
    views.set(s, view);
  }
  return view;
}

// A published snapshot never changes and getProposal keeps the parsed ones, so its view is a pure
// function of the object: worked out once per snapshot rather than on every request (4–5% of the
// proposal page's CPU, issue 14). Held weakly, it goes when the snapshot leaves that cache.
const views = new WeakMap<ProposalSnapshot, ProposalView>();

function viewOf(s: ProposalSnapshot) {
  const money = (x: number) => formatEstimate(x, s.totals.cost.currency);
  const titles = new Map(s.items.map((i) => [i.id, i.title]));
  // Proposals published before tiers existed keep their single range (snapshots are immutable).
  const tiers = s.totals.tiers
    ? tierViews(
        s.totals.tiers,
        {
          tasks: s.totals.items,
          hours: s.totals.hours,
          weeks: s.totals.weeks,
          cost: s.totals.cost,
        },
        "plan",
        (id) => titles.get(id),
      )
    : null;
  const launch = tiers?.tiers[0];
  const end = Math.max(1, ...s.schedule.map((x) => x.endWeek));
  const price = priceOf(s);
  return {
    number: s.number,
    // The publisher's company as frozen at publish; null for a version without one (as before).
    partner: s.partner
      ? {
          company: s.partner.company,
          website: s.partner.website,
          websiteLabel: websiteLabel(s.partner.website),
          addressLine: s.partner.addressLine,
        }
      : null,
    price: {
      // "Fixed price €24,000" / "Up to €30,000 (billed on time)"; null for the estimate range.
      headline: headlinePrice(price, s.totals.cost.currency),
      clause: priceClause(price, s.totals.cost.currency),
      estimate: estimateLine(s.totals.cost),
      taxNote: s.partner?.taxNote || null,
    },
    // When the founder pays (decision 040); null when not stated, as in versions before it.
    payment: paymentView(paymentOf(s), price, s.totals.cost.currency),
    preparedBy: s.preparedBy.name || s.preparedBy.email,
    preparedFor: s.preparedFor.name || "the founder",
    readiness: {
      score: s.readiness.overall.score,
      level: s.readiness.overall.level ?? "Not scored",
      blockers: s.readiness.blockers.length,
      // "20 “not sure” answers could be blockers", as the results page says beside the count; 0 for
      // versions published before the snapshot recorded it (nothing said rather than guessed).
      possible: s.readiness.possibleBlockers ?? 0,
    },
    launch: launch && {
      cost: `${money(launch.cost.likely)}–${money(launch.cost.cautious)}`,
      sub: `${hoursRange(launch.hours.likely, launch.hours.cautious)} · ${launch.tasks} ${launch.tasks === 1 ? "item" : "items"} · likely to cautious`,
    },
    whole: launch
      ? {
          label: "Whole proposal",
          value: `${money(s.totals.cost.p50)}–${money(s.totals.cost.p90)}`,
          sub: `${hoursRange(s.totals.hours.p50, s.totals.hours.p90)} · ${s.totals.items} items`,
        }
      : {
          label: "Effort",
          value: hoursRange(s.totals.hours.p50, s.totals.hours.p90),
          sub: `${s.totals.items} items · ${weeksLikelyCautious(s.totals.weeks.p50, s.totals.weeks.p90)} · ${money(s.totals.cost.p50)}–${money(s.totals.cost.p90)}`,
        },
    tiers,
    // "€95", "¥10,000", "$87.50": as the method section and every other surface write a rate.
    rate: formatRate(s.settings.hourlyRate, s.settings.currency),
    pace: calendarPace(s.settings),
    open: leftOpen(s.open),
    unpriced: unpricedNote(s.totals.unpriced),
    // One owner for every item is said once above the scope, not in a column that repeats it.
    sameOwner:
      s.items.length > 0 && s.items.every((i) => i.owner === s.items[0]!.owner)
        ? OWNER_LABELS[s.items[0]!.owner]
        : null,
    scope: PHASES.flatMap((phase: Phase) => {
      const items = s.items.filter((i) => i.phase === phase);
      if (items.length === 0) return [];
      return [
        {
          phase,
          label: PHASE_LABELS[phase],
          // The tier's likely hours, as the tier table above states them; versions published
          // before tiers existed have only the sum of the items' expected hours.
          hours: phaseHours(s.totals, phase),
          items: items.map((i) => ({
            id: i.id,
            title: i.title,
            // Whether it has a description, deliverables or "Done when" to open. The text itself is
            // fetched when a reader opens it (proposalItemView): on a 60-item version it was half
            // the page's HTML and data, and most readers open a few items, if any.
            details: hasDetails(i),
            ...(i.sharedBy && i.sharedBy.length > 0 ? { shared: i.sharedBy.join("; ") } : {}),
            // The same notes the PDF prints under the title: the founder reads the page too.
            custom: i.taskId === null,
            ...(i.estimateReason ? { estimateReason: i.estimateReason } : {}),
            area: i.areaTitle,
            owner: OWNER_LABELS[i.owner],
            estimate: range(i),
            after:
              [
                ...i.dependsOn.map((d) => titles.get(d)).filter(Boolean),
                ...leftOutPrerequisites(i, s.outOfScope),
              ].join("; ") || "—",
          })),
        },
      ];
    }),
    outOfScope: outOfScopeGroups(s.outOfScope).map((g) => ({
      scope: g.scope,
      heading: g.heading,
      // what the rows below add up to, each shown in whole hours
      hours: formatHours(sumOfShownHours(g.items.map((i) => i.mean))),
      items: g.items.map((i) => ({
        id: i.id,
        title: i.title,
        area: i.areaTitle,
        phase: PHASE_LABELS[i.phase],
        reason: i.reason,
        expected: formatHours(i.mean),
      })),
    })),
    timeline: {
      about: aboutWeeks(end),
      engineers: `${s.settings.teamSize} ${s.settings.teamSize === 1 ? "engineer" : "engineers"}`,
      // The estimate's own range, so the schedule's single figure is read against it.
      range: weeksRange(s.totals.weeks.p50, s.totals.weeks.p90),
      pastLikely: pastLikely(end, s.totals.weeks.p50),
      ticks: weekTicks(end),
      rows: [...s.schedule]
        .sort((a, b) => a.startWeek - b.startWeek)
        .map((r) => ({
          id: r.itemId,
          title: titles.get(r.itemId) ?? "",
          weeks: weekSpan(Math.floor(r.startWeek) + 1, Math.ceil(r.endWeek)),
          // Per cent of the whole timeline, to one decimal: enough for a bar.
          x: round1((r.startWeek / end) * 100),
          width: round1(Math.max(0.8, ((r.endWeek - r.startWeek) / end) * 100)),
        })),
    },
    assumptions: s.assumptions,
    exclusions: s.exclusions,
    method: s.method,
  };
}

export type ProposalView = ReturnType<typeof viewOf>;
