// The price a proposal version offers (decision 035), in words for the page, the PDF and the emails,
// and the publish form's rule for it. A founder comparing quotes reads a bare range as "this agency
// doesn't know": a fixed or capped price gives one headline number, with the estimate beneath it.
import { z } from "zod";

import { formatEstimate, formatMoney, roundEstimate } from "~/engine/money";
import type { ProposalPrice } from "~/engine/plan-types";

export const PRICE_MODELS = ["range", "fixed", "capped"] as const;
export type PriceModel = (typeof PRICE_MODELS)[number];

export const PRICE_MODEL_LABELS: Record<PriceModel, string> = {
  range: "Estimate range (time and materials)",
  fixed: "Fixed price",
  capped: "Capped (not to exceed)",
};

/**
 * Past this an amount is a typing slip in any currency: a price or a quote in yen or won runs to tens
 * of millions (QA 7, finding 5), and ¥1,000,000,000,000 is about $6bn. Whole units; far below 2^53.
 */
export const MAX_PRICE_AMOUNT = 1_000_000_000_000;

/** Versions published before price models existed read as the range. */
export function priceOf(snapshot: { price?: ProposalPrice }): ProposalPrice {
  return snapshot.price ?? { model: "range" };
}

/** "Fixed price €24,000", "Up to €30,000 (billed on time)", or null for the range (today's figures). */
export function headlinePrice(price: ProposalPrice, currency: string): string | null {
  if (price.model === "range") return null;
  const amount = formatMoney(price.amount, currency);
  return price.model === "fixed" ? `Fixed price ${amount}` : `Up to ${amount} (billed on time)`;
}

/** The price inside a sentence, "… version 2, at a fixed price of €24,000.", or null for the range. */
export function priceClause(price: ProposalPrice, currency: string): string | null {
  if (price.model === "range") return null;
  const amount = formatMoney(price.amount, currency);
  return price.model === "fixed" ? `at a fixed price of ${amount}` : `capped at ${amount} and billed on time`;
}

/** The price as the version diff names it: "a fixed price of €24,000", "the estimate range". */
export function priceWords(price: ProposalPrice, currency: string): string {
  if (price.model === "range") return "the estimate range (time and materials)";
  const amount = formatMoney(price.amount, currency);
  return price.model === "fixed" ? `a fixed price of ${amount}` : `a cap of ${amount} (billed on time)`;
}

/** "Our estimate: €21,900 likely, €37,500 cautious": the range, kept beneath a headline price. */
export function estimateLine(cost: { p50: number; p90: number; currency: string }): string {
  return `Our estimate: ${formatEstimate(cost.p50, cost.currency)} likely, ${formatEstimate(cost.p90, cost.currency)} cautious`;
}

/**
 * A fixed or capped amount under the plan's likely cost (as the proposal shows it, rounded): allowed,
 * it is the partner's call, but said in plain words, since half the likely outcomes then cost them.
 */
export function belowLikelyWarning(
  model: PriceModel,
  amount: number | null,
  likely: number,
  currency: string,
): string | null {
  if (model === "range" || amount === null || !(amount > 0)) return null;
  const shown = roundEstimate(likely);
  if (amount >= shown) return null;
  const what = model === "fixed" ? "This fixed price" : "This cap";
  const carry =
    model === "fixed" ? "you carry any work past it" : "any work past the cap is yours to do without pay";
  return `${what} (${formatMoney(amount, currency)}) is below the plan's likely cost of ${formatEstimate(likely, currency)}: more often than not the work costs more, and ${carry}. You can still publish it.`;
}

/**
 * An amount as typed: "24000", "24,000", "24.000" or "24 000". Whole units only: a quote in cents reads as
 * false precision, and the snapshot stores whole units. A message for the field when it is not one.
 * Also reads the quote a founder checks on the results page.
 */
export function readAmount(typed: string): number | string {
  let cleaned = typed.replace(/[\s,'_\u00a0\u202f]/g, "");
  // "24.000" and "1.250.000" are thousands as much of Europe writes them: no amount has cents in
  // groups of three.
  if (/^\d{1,3}(\.\d{3})+$/.test(cleaned)) cleaned = cleaned.replace(/\./g, "");
  if (/^\d+[.]\d*$/.test(cleaned)) return "Use a whole amount, without cents.";
  if (!/^\d+$/.test(cleaned)) return "Enter the amount as a number, like 24000.";
  const n = Number(cleaned);
  if (n <= 0) return "Enter an amount above 0.";
  if (n > MAX_PRICE_AMOUNT) return `Keep the amount at ${MAX_PRICE_AMOUNT.toLocaleString("en-US")} or less.`;
  return n;
}

/** The publish form's price fields, to spread into its schema; `readPrice` turns them into a price. */
export const PRICE_FIELDS = {
  priceModel: z
    .enum(PRICE_MODELS, { errorMap: () => ({ message: "Choose how the price is set." }) })
    .default("range"),
  priceAmount: z.string().max(40, "Enter the amount as a number, like 24000.").optional(),
};

/**
 * The price the fields ask for. The amount is read only for a fixed or capped price: one left in the
 * field while the range is chosen is ignored, not refused. Errors go to `priceAmount`.
 */
export function readPrice(
  v: { priceModel: PriceModel; priceAmount?: string | undefined },
  ctx: z.RefinementCtx,
): ProposalPrice {
  if (v.priceModel === "range") return { model: "range" };
  const amount = v.priceAmount?.trim()
    ? readAmount(v.priceAmount)
    : `Enter the ${v.priceModel === "fixed" ? "fixed price" : "cap"}, or choose the estimate range.`;
  if (typeof amount === "string") {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["priceAmount"], message: amount });
    return { model: "range" };
  }
  return { model: v.priceModel, amount };
}
