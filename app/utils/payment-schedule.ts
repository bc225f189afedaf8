// When the founder pays (decision 040, the partner's audit finding 2): not stated, monthly in arrears
// for the time spent, or milestones of whole percents that sum to 100. Frozen into the snapshot as
// `payment` beside `price` (decision 035), so the founder accepts it with the rest; the form's rules,
// the starting rows it offers and the words the page, the PDF and the version diff use are here.
import { z } from "zod";

import { formatMoney } from "~/engine/money";
import type { Phase } from "~/engine/content/types";
import type { PaymentMilestone, ProposalPayment, ProposalPrice } from "~/engine/plan-types";

import { oneLine } from "./plain-text";
import type { PriceModel } from "./price-model";

export const PAYMENT_PLANS = ["none", "monthly", "milestones"] as const;
export type PaymentPlan = (typeof PAYMENT_PLANS)[number];

export const PAYMENT_PLAN_LABELS: Record<PaymentPlan, string> = {
  none: "Not stated",
  monthly: "Monthly in arrears for time spent",
  milestones: "Milestones",
};

/** Enough for signing, three phases and a hand-over or two; more reads as a billing plan, not terms. */
export const MAX_MILESTONES = 6;
export const MAX_MILESTONE_LABEL = 80;
/** Agencies quote 7 to 30 days, some 60; past a quarter it reads as a typo, or as credit, not terms. */
export const MAX_DUE_DAYS = 90;

/** Versions published before payment schedules existed read as not stated. */
export function paymentOf(snapshot: { payment?: ProposalPayment }): ProposalPayment {
  return snapshot.payment ?? { plan: "none" };
}

/**
 * Whole numbers in proportion to `weights` that sum to `total` exactly (largest remainder: each
 * gets its share rounded down, the biggest fractions get the units left over; ties go to the first).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, n) => a + n, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}

/**
 * Each milestone's share of `price`, in whole units: its percent of the price, rounded, and the last
 * row takes what rounding left over, so the amounts add up to the price exactly. For a tiny price
 * where rounding up would leave the last row below zero, every row but the last rounds down instead.
 */
export function splitAmounts(price: number, percents: readonly number[]): number[] {
  const split = (round: (n: number) => number) => {
    const head = percents.slice(0, -1).map((p) => round((price * p) / 100));
    return [...head, price - head.reduce((a, n) => a + n, 0)];
  };
  const rounded = split(Math.round);
  return rounded[rounded.length - 1]! >= 0 ? rounded : split(Math.floor);
}

const SIGNING = { label: "On signing", percent: 30 };
const PHASE_MILESTONES: Record<Phase, string> = {
  "launch-blocker": "Launch minimum delivered",
  hardening: "Hardening delivered",
  scale: "Scale work delivered",
};

/**
 * The rows the form starts from when no version had milestones: 30% on signing, then one row per
 * phase with priced work, weighted by that phase's expected priced cost, so the founder pays as
 * each tier is delivered (the launch minimum first). A plan without tiers gets "On completion".
 */
export function suggestedMilestones(totals: {
  tiers?: ReadonlyArray<{ phase: Phase; cost: { mean: number } }>;
}): PaymentMilestone[] {
  const phases = (totals.tiers ?? []).filter((t) => t.cost.mean > 0);
  if (phases.length === 0) return [SIGNING, { label: "On completion", percent: 100 - SIGNING.percent }];
  const shares = apportion(
    100 - SIGNING.percent,
    phases.map((t) => t.cost.mean),
  );
  // A phase too small for a whole percent has no row of its own; the others still sum to 70.
  return [
    SIGNING,
    ...phases.flatMap((t, i) =>
      shares[i]! > 0 ? [{ label: PHASE_MILESTONES[t.phase], percent: shares[i]! }] : [],
    ),
  ];
}

// ---- The publish form ----

/** The publish form's payment fields, to spread into its schema; `checkPayment` and `readPayment` use them. */
export const PAYMENT_FIELDS = {
  paymentPlan: z
    .enum(PAYMENT_PLANS, { errorMap: () => ({ message: "Choose a payment schedule, or Not stated." }) })
    .default("none"),
  // Rows as the form posts them (milestones[0].label, milestones[0].percent…); a row left empty is
  // skipped, so the form can always offer six.
  milestones: z
    .array(
      z
        .object({
          label: oneLine(
            z
              .string()
              .trim()
              .max(MAX_MILESTONE_LABEL, `Keep the milestone to ${MAX_MILESTONE_LABEL} characters or fewer.`),
            "the milestone",
          ).optional(),
          percent: z.string().trim().max(20, "Enter a whole percent, like 30.").optional(),
        })
        .optional(),
    )
    .max(MAX_MILESTONES, `Keep it to ${MAX_MILESTONES} milestones or fewer.`)
    .optional(),
  // Each invoice is due within this many days (0: on receipt). Empty: the proposal says nothing about
  // it, as versions before it did. Read, like the rows, only with a stated schedule.
  dueDays: z.string().trim().max(20, "Enter the days as a whole number, like 14.").optional(),
};

type PaymentInput = {
  paymentPlan: PaymentPlan;
  milestones?: Array<{ label?: string | undefined; percent?: string | undefined } | undefined> | undefined;
  dueDays?: string | undefined;
};

/**
 * Days as typed: "14", "14 days" or "0" (on receipt); the number, or what is wrong with it. Whole
 * days only: "due within 14.5 days" is no date anyone can keep to.
 */
export function readDueDays(typed: string): number | string {
  const cleaned = typed
    .trim()
    .replace(/\s*days?$/i, "")
    .replace(/\s/g, "");
  if (/^\d*[.,]\d+$/.test(cleaned)) return "Use whole days, without decimals.";
  if (/^-\d+$/.test(cleaned)) return `Enter a number of days from 0 to ${MAX_DUE_DAYS}.`;
  if (!/^\d+$/.test(cleaned)) return "Enter the days as a whole number, like 14.";
  const n = Number(cleaned);
  if (n > MAX_DUE_DAYS) return `Enter a number of days from 0 to ${MAX_DUE_DAYS}.`;
  return n;
}

/** A percent as typed: "30" or "30%". Whole percents only: a schedule in fractions reads as a typo. */
function readPercent(typed: string): number | string {
  const cleaned = typed.replace(/\s|%/g, "");
  if (cleaned === "") return "Enter this milestone's percent, like 30.";
  if (/^\d*[.,]\d+$/.test(cleaned)) return "Use a whole percent, without decimals.";
  if (!/^\d+$/.test(cleaned)) return "Enter the percent as a whole number, like 30.";
  const n = Number(cleaned);
  if (n < 1 || n > 100) return "Enter a percent from 1 to 100.";
  return n;
}

/** The milestone rows that hold anything, with their row number on the form. */
function filledRows(v: PaymentInput) {
  return (v.milestones ?? []).flatMap((row, index) =>
    row && (row.label || row.percent) ? [{ index, label: row.label ?? "", percent: row.percent ?? "" }] : [],
  );
}

/**
 * What is wrong with the payment fields, each on its own field: a row's name or percent
 * (`milestones[2].percent`), the rows as a whole (`milestones`: none, or not summing to 100), or the
 * plan (`paymentPlan`: monthly billing for a fixed price). Rows are read only for milestones: rows
 * left in the fields while another plan is chosen are ignored, not refused.
 */
export function checkPayment(v: PaymentInput & { priceModel: PriceModel }, ctx: z.RefinementCtx): void {
  const issue = (path: Array<string | number>, message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  if (v.paymentPlan === "monthly" && v.priceModel === "fixed") {
    issue(
      ["paymentPlan"],
      "Monthly billing for time spent needs an estimate range or a cap: for a fixed price, set milestones.",
    );
  }
  // With no schedule stated there is nothing for invoices to be due under: the field is ignored.
  if (v.paymentPlan !== "none" && v.dueDays) {
    const days = readDueDays(v.dueDays);
    if (typeof days === "string") issue(["dueDays"], days);
  }
  // Too many rows is said once, by the schema's own limit.
  if (v.paymentPlan !== "milestones" || (v.milestones?.length ?? 0) > MAX_MILESTONES) return;
  const rows = filledRows(v);
  if (rows.length === 0) {
    issue(["milestones"], "Add at least one milestone with its percent, or choose another schedule.");
    return;
  }
  let sum = 0;
  let readable = true;
  for (const row of rows) {
    if (!row.label) issue(["milestones", row.index, "label"], "Name this milestone, like “On signing”.");
    const percent = readPercent(row.percent);
    if (typeof percent === "string") {
      issue(["milestones", row.index, "percent"], percent);
      readable = false;
    } else sum += percent;
  }
  if (readable && sum !== 100) {
    issue(["milestones"], `The percents add up to ${sum}%: make them add up to exactly 100%.`);
  }
}

/** The schedule the fields ask for, once `checkPayment` found nothing wrong. */
export function readPayment(v: PaymentInput): ProposalPayment {
  if (v.paymentPlan === "none") return { plan: "none" };
  // Left empty, the key is left out, not set to undefined: the snapshot reads as older ones do.
  const due = v.dueDays ? { dueDays: readDueDays(v.dueDays) as number } : {};
  if (v.paymentPlan === "monthly") return { plan: "monthly", ...due };
  return {
    plan: "milestones",
    milestones: filledRows(v).map((r) => ({ label: r.label, percent: readPercent(r.percent) as number })),
    ...due,
  };
}

// ---- In words ----

/** The days each invoice is due within, or undefined: not stated (no schedule, or left empty). */
export function dueDaysOf(payment: ProposalPayment): number | undefined {
  return payment.plan === "none" ? undefined : payment.dueDays;
}

/**
 * When each invoice is due, in the one sentence the proposal page, the PDF, the publish preview, the
 * emails and the version diff all use: "Each invoice is due within 14 days." / "…on receipt."; null
 * when not stated.
 */
export function dueWords(dueDays: number | undefined): string | null {
  if (dueDays === undefined) return null;
  if (dueDays === 0) return "Each invoice is due on receipt.";
  return `Each invoice is due within ${dueDays} ${dueDays === 1 ? "day" : "days"}.`;
}

/** The schedule as the version diff names it: "milestones (On signing 30%, …)", "not stated". */
export function paymentWords(payment: ProposalPayment): string {
  if (payment.plan === "none") return "not stated";
  if (payment.plan === "monthly") return "monthly in arrears for the time spent";
  return `milestones (${payment.milestones.map((m) => `${m.label} ${m.percent}%`).join(", ")})`;
}

export type PaymentView = (
  | { plan: "monthly"; text: string }
  | {
      plan: "milestones";
      /** `amount` is set for a fixed or capped price: that share of it, in whole units */
      rows: Array<{ label: string; percent: string; amount: string | null }>;
      /** what the percents (or amounts) are shares of */
      note: string;
    }
) & {
  /** `dueWords`: "Each invoice is due within 14 days.", or null when not stated */
  due: string | null;
};

/**
 * The schedule as the proposal page and the PDF show it, or null when not stated. Amounts for a fixed
 * or capped price (the cap's shares: billed on time, the total may come in lower); for the range, the
 * percents are of the total billed for the time spent.
 */
export function paymentView(
  payment: ProposalPayment,
  price: ProposalPrice,
  currency: string,
): PaymentView | null {
  if (payment.plan === "none") return null;
  const due = dueWords(payment.dueDays);
  if (payment.plan === "monthly") {
    return {
      plan: "monthly",
      due,
      text:
        price.model === "capped"
          ? `Invoiced monthly in arrears for the time spent, up to the cap of ${formatMoney(price.amount, currency)} in all.`
          : "Invoiced monthly in arrears for the time spent.",
    };
  }
  const percents = payment.milestones.map((m) => m.percent);
  const amounts = price.model === "range" ? null : splitAmounts(price.amount, percents);
  return {
    plan: "milestones",
    due,
    rows: payment.milestones.map((m, i) => ({
      label: m.label,
      percent: `${m.percent}%`,
      amount: amounts ? formatMoney(amounts[i]!, currency) : null,
    })),
    note:
      price.model === "fixed"
        ? `Shares of the fixed price of ${formatMoney(price.amount, currency)}; the amounts add up to it exactly.`
        : price.model === "capped"
          ? `Shares of the cap of ${formatMoney(price.amount, currency)}; billed on time, the total may come in lower.`
          : "Each percent is of the total billed for the time spent.",
  };
}
