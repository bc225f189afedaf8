// What a quote is held against (QA 7, finding 1). One rule on every surface: a quote is read against
// the launch minimum and the whole, and once a proposal stands, against that version's frozen figures
// (its rate, its currency), not the answers'. The results page's quote check, the overview card and
// the report all say it in AGAINST_A_QUOTE's words. Pure: the loaders hand it what they read.
import type { TierId } from "~/engine/assessment-types";
import type { ProposalSnapshot } from "~/engine/plan-types";
import { priceOf, priceWords } from "~/utils/price-model";

import { tierViews, type TierView } from "./estimate-view";

export interface QuoteBasis {
  /** null: the answers' estimate; else the version whose figures the quote is held against */
  proposal: { number: number; price: string | null } | null;
  launch: TierView;
  /** the hardening tasks (answers) or items (a proposal) the whole adds after launch */
  hardening: number;
  total: TierView;
  /** the hourly rate the figures are priced at, in `total.cost.currency` */
  rate: number;
  /** the launch minimum's largest tasks or items, to ask about when a quote is low */
  items: Array<{ id: string; title: string; hours: number; contingent?: boolean }>;
}

/**
 * The version that stands as the offer (or the agreement), as the overview card reads it: the newest,
 * unless it was withdrawn; then the one accepted before it, which still stands (decision 039); else
 * none. `versions` newest first, as listProposals gives them.
 */
export function standingVersion<
  V extends { number: number; acceptedAt: number | null; withdrawnAt: number | null },
>(versions: readonly V[]): V | undefined {
  const newest = versions[0];
  if (!newest) return undefined;
  return newest.withdrawnAt ? versions.find((v) => v.acceptedAt !== null) : newest;
}

/**
 * A proposal's figures as a quote basis, frozen as it was published. Null for a version published
 * before tiers existed: it has no launch minimum to read a quote against.
 */
export function proposalQuoteBasis(s: ProposalSnapshot): QuoteBasis | null {
  if (!s.totals.tiers) return null;
  const titles = new Map(s.items.map((i) => [i.id, i.title]));
  const { tiers, total } = tierViews(s.totals.tiers, { tasks: s.totals.items, ...s.totals }, "plan", (id) =>
    titles.get(id),
  );
  const price = priceOf(s);
  return {
    proposal: {
      number: s.number,
      price: price.model === "range" ? null : priceWords(price, s.totals.cost.currency),
    },
    launch: tiers[0]!,
    hardening: tierTasks(tiers, "hardening"),
    total,
    rate: s.totals.cost.rate,
    items: s.items
      .filter((i) => i.phase === "launch-blocker")
      .sort((a, b) => b.mean - a.mean)
      .slice(0, 4)
      .map((i) => ({ id: i.id, title: i.title, hours: i.mean })),
  };
}

export function tierTasks(tiers: readonly TierView[], id: TierId): number {
  return tiers.find((t) => t.id === id)?.tasks ?? 0;
}
