// One projection of an estimate's tiers for every place that shows them: the results page, the
// overview, the proposal page and both PDFs. They all lead with the launch minimum and show the
// same likely / cautious figures, from the engine's tiers (or a proposal snapshot's).
import type { ReferenceComparison, TierEstimate, TierId } from "~/engine/assessment-types";
import type { Phase, ReferenceSource } from "~/engine/content/types";
import { PHASES } from "~/engine/content/types";
import { formatMoney } from "~/engine/money";
import { PHASE_TITLES } from "~/engine/tiers";

import { aboutHours, formatHours, plural } from "./format";
import { andList } from "./settings-words";

/** Founders read "likely" and "cautious"; partners also see the percentiles they stand for. */
export const LIKELY = {
  word: "Likely",
  percentile: "P50",
  meaning: "half of the simulated outcomes come in below it",
};
export const CAUTIOUS = { word: "Cautious", percentile: "P90", meaning: "9 in 10 come in below it" };

/**
 * How to hold a quote against the estimate, in the same words on the overview, the results page's
 * quote check and the report (QA 7, finding 1: the overview said to hold quotes against the whole
 * proposal while the others said the launch minimum). Both figures count: the launch minimum is what
 * must be done before launch, the whole is every tier; the published prices we compare with cover
 * the launch minimum and sometimes part of hardening, so a quote between the two is not wrong by that
 * alone. Once a proposal is published its frozen figures are the ones, and the quote check uses them.
 */
export const AGAINST_A_QUOTE =
  "Holding a quote against this? Read it against both the launch minimum (the work that must be done before launch) and the whole (all three tiers together). Most fixed-price offers cover the launch minimum and part of the rest, so a quote between the two is not wrong by that alone: ask which of the later tasks it includes. Under the launch minimum, ask which launch blockers it leaves out. Once a proposal is published, its figures are the ones to hold a quote against.";

/**
 * A title inside a sentence: "Two-sided marketplaces built with AI tools" reads "two-sided
 * marketplaces built with AI tools". Only the first letter is lowered, and not when it starts an
 * acronym ("AI-powered tools", "B2B"): lowercasing the whole title wrote "ai tools" (QA 7, finding 15).
 */
export function midSentence(title: string): string {
  return /^[A-Z][A-Z0-9]/.test(title) ? title : title.charAt(0).toLowerCase() + title.slice(1);
}

/** Where the launch minimum sits against its reference class, in the words every surface uses. */
export const REFERENCE_POSITION: Record<ReferenceComparison["position"], string> = {
  within: "within that range",
  below: "below that range",
  above: "above that range",
  "far-below": "less than half the bottom of that range",
  "far-above": "more than twice the top of that range",
};

export interface TierView {
  id: TierId | "total";
  title: string;
  meaning: string;
  tasks: number;
  hours: { likely: number; cautious: number; mean: number };
  weeks: { likely: number; cautious: number };
  cost: { likely: number; cautious: number; currency: string };
  /** the later-phase work the tier counts because it waits for it, in a sentence (pulledForwardNote) */
  includes: string | null;
}

interface Totals {
  tasks: number;
  hours: { mean: number; p50: number; p90: number };
  weeks: { p50: number; p90: number };
  cost: { p50: number; p90: number; currency: string };
}

function view(id: TierView["id"], title: string, meaning: string, t: Totals): TierView {
  return {
    id,
    title,
    meaning,
    tasks: t.tasks,
    hours: { likely: t.hours.p50, cautious: t.hours.p90, mean: t.hours.mean },
    weeks: { likely: t.weeks.p50, cautious: t.weeks.p90 },
    cost: { likely: t.cost.p50, cautious: t.cost.p90, currency: t.cost.currency },
    includes: null,
  };
}

/** A tier as the subject of a sentence. */
const TIER_SUBJECT: Record<TierId, string> = {
  launch: "The launch minimum",
  hardening: "Hardening",
  scale: "Scale later",
};
const TIER_WORK: Record<TierId, string> = {
  launch: "launch-minimum work",
  hardening: "hardening work",
  scale: "scale-later work",
};
/** Names listed before "and N more": a long list under a table reads as small print nobody checks. */
const MAX_NAMED = 3;

/**
 * Under a tier that counts later-phase work (decision 051): "The launch minimum includes “Set up a
 * staging copy” (Hardening, about 3 h), because launch-minimum work waits for it." Every surface
 * that shows the tier's figures says it, or the price reads as if the item were in its own phase's.
 * `titleOf` finds an item's title (the plan's, or the snapshot's); an unknown id is named by its phase.
 */
function pulledForwardNote(
  tier: Pick<TierEstimate, "id" | "pulledForward">,
  titleOf: (id: string) => string | undefined = () => undefined,
): string | null {
  const moved = tier.pulledForward ?? [];
  if (moved.length === 0) return null;
  const named = moved.length > MAX_NAMED + 1 ? moved.slice(0, MAX_NAMED) : moved;
  const parts = named.map((p) => {
    const title = titleOf(p.id);
    const what = `${PHASE_TITLES[p.phase]}, ${aboutHours(p.hours)}`;
    return title ? `“${title}” (${what})` : `an item (${what})`;
  });
  const rest = moved.slice(named.length);
  if (rest.length > 0)
    parts.push(`${rest.length} more (${aboutHours(rest.reduce((sum, p) => sum + p.hours, 0))} in all)`);
  return `${TIER_SUBJECT[tier.id]} includes ${andList(parts)}, because ${TIER_WORK[tier.id]} waits for ${moved.length === 1 ? "it" : "them"}.`;
}

/**
 * The three tiers, launch minimum first, then the total of all three: of everything the answers call
 * for (`of: "answers"`), or of the items a plan or proposal has in scope (`of: "plan"`).
 */
export function tierViews(
  tiers: readonly TierEstimate[],
  total: Totals,
  of: "answers" | "plan" = "answers",
  titleOf?: (id: string) => string | undefined,
): { tiers: TierView[]; total: TierView } {
  return {
    tiers: tiers.map((t) => ({
      ...view(t.id, t.title, t.meaning, { ...t, tasks: t.tasks }),
      includes: pulledForwardNote(t, titleOf),
    })),
    // Medians and 90th percentiles do not add: the total is simulated as one project, and a reader
    // adding up the rows would otherwise think a figure is wrong.
    total: view(
      "total",
      "Total",
      `${of === "answers" ? "Everything the answers call for" : "Everything in scope"}, one tier after another. Simulated as one project, so it is not the sum of the rows above.`,
      total,
    ),
  };
}

/**
 * Under a plan's or proposal's prices when the founder's own team does some items: they take hours
 * and weeks but are not the partner's to charge for, so the cost leaves them out (PlanTotals.unpriced).
 */
export function unpricedNote(unpriced: { items: number; hours: number } | undefined): string | null {
  if (!unpriced) return null;
  const items = unpriced.items === 1 ? "1 item" : `${unpriced.items} items`;
  return `The cost covers the engineering partner's work. ${items} that the founder's team does (${aboutHours(unpriced.hours)}) ${unpriced.items === 1 ? "is" : "are"} in the hours and weeks, not in the cost.`;
}

// Through formatMoney's cached formatters: a new Intl.NumberFormat costs about 40 µs, and the
// results page formats every published source's figures.
const sourceMoney = formatMoney;

/** What a source published, in its own currency and units. */
export function sourceFigure(s: ReferenceSource): string | null {
  const parts: string[] = [];
  const p = s.price;
  if (p) {
    const range =
      p.low !== undefined && p.high !== undefined
        ? `${sourceMoney(p.low, p.currency)}–${sourceMoney(p.high, p.currency)}`
        : null;
    const single = p.median ?? p.mean ?? p.low ?? p.high;
    if (range)
      parts.push(p.median !== undefined ? `${range}, median ${sourceMoney(p.median, p.currency)}` : range);
    else if (single !== undefined)
      parts.push(
        `${p.low !== undefined && p.median === undefined ? "from " : ""}${sourceMoney(single, p.currency)}`,
      );
  }
  if (s.hours?.median !== undefined) parts.push(`${s.hours.median} engineer hours`);
  const d = s.duration;
  if (d) {
    const weeks =
      d.low !== undefined && d.high !== undefined ? `${d.low}–${d.high}` : (d.median ?? d.low ?? d.high);
    if (weeks !== undefined) parts.push(`${weeks} ${weeks === 1 ? "week" : "weeks"}`);
  }
  const r = s.rate;
  if (r && r.low !== undefined && r.high !== undefined)
    parts.push(`${sourceMoney(r.low, r.currency)}–${sourceMoney(r.high, r.currency)} an hour`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

/**
 * A phase's hours above its scope table, on the proposal page and in its PDF: the tier's likely
 * hours, as the tier table states them. Versions published before tiers existed have only the sum
 * of the items' expected hours.
 */
export function phaseHours(
  totals: {
    tiers?: Array<Pick<TierEstimate, "id" | "phase" | "pulledForward"> & { hours: { p50: number } }>;
    byPhase: Record<Phase, { hours: number }>;
  },
  phase: Phase,
): string {
  const tier = totals.tiers?.find((t) => t.phase === phase);
  // formatHours: "1,080 h", and "0.3 h" for a quarter-hour phase, not "likely 0 h" (QA 7, 7 and 10)
  if (!tier) return `${formatHours(totals.byPhase[phase]?.hours ?? 0)} expected`;
  // The items are listed by their own phase and the tier hours count what each tier waits for
  // (decision 051): said beside the hours, or the phase's items and its hours silently disagree.
  const notes: string[] = [];
  const brought = tier.pulledForward ?? [];
  if (brought.length > 0) {
    const from = PHASES.filter((p) => brought.some((b) => b.phase === p)).map(
      (p) => `${plural(brought.filter((b) => b.phase === p).length, `${PHASE_TITLES[p]} item`)}`,
    );
    notes.push(`including ${andList(from)} it waits for`);
  }
  for (const other of totals.tiers ?? []) {
    const gone = (other.pulledForward ?? []).filter((p) => p.phase === phase).length;
    if (gone > 0)
      notes.push(
        `${plural(gone, "item")} here counted in ${TIER_SUBJECT[other.id].toLowerCase()}, which waits for ${gone === 1 ? "it" : "them"}`,
      );
  }
  const likely = `likely ${formatHours(tier.hours.p50)}`;
  return notes.length > 0 ? `${likely} (${notes.join("; ")})` : likely;
}
