// The publish form's price: the estimate range (time and materials), a fixed price or a cap
// (decision 035). An amount under the plan's likely cost is allowed and said in plain words: as a
// hint from the server (so also without JavaScript) and live as the partner types.
import { formatEstimate } from "~/engine/money";
import { PRICE_MODEL_LABELS, PRICE_MODELS, belowLikelyWarning, type PriceModel } from "~/utils/price-model";

import { useHydrated } from "~/utils/use-hydrated";

import { FieldError } from "./field";

export type PriceDraft = { model: PriceModel; amount: string };

const HINTS: Record<PriceModel, string> = {
  range: "The founder pays for the hours worked; the proposal shows the likely and cautious figures.",
  fixed: "One amount for the scope in this version, whatever the hours come to.",
  capped: "Billed on time, never more than the amount.",
};

/** The typed amount as a number, when it reads as one ("24,000" included); null otherwise. */
export function typedAmount(typed: string): number | null {
  const cleaned = typed.replace(/[\s,'_\u00a0\u202f]/g, "");
  return /^\d+$/.test(cleaned) ? Number(cleaned) : null;
}

export function PriceFields({
  value,
  onChange,
  cost,
  errors,
}: {
  value: PriceDraft;
  onChange: (next: PriceDraft) => void;
  /** the plan's whole in-scope, priced cost: likely (p50) and cautious (p90) */
  cost: { p50: number; p90: number; currency: string } | null;
  errors: { priceModel?: string[]; priceAmount?: string[] };
}) {
  const hydrated = useHydrated();
  const warning = cost && belowLikelyWarning(value.model, typedAmount(value.amount), cost.p50, cost.currency);
  const amountError = errors.priceAmount?.[0];
  const describedBy = [
    "priceAmount-hint",
    warning ? "priceAmount-warning" : null,
    amountError ? "priceAmount-error" : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <>
      <fieldset
        className="field"
        aria-invalid={errors.priceModel ? true : undefined}
        aria-describedby={errors.priceModel ? "priceModel-error" : undefined}
      >
        <legend id="priceModel">Price</legend>
        <div className="choice-list">
          {PRICE_MODELS.map((model) => (
            <label key={model} className="choice">
              <input
                type="radio"
                name="priceModel"
                value={model}
                checked={value.model === model}
                onChange={() => onChange({ ...value, model })}
              />
              <span className="role-choice">
                {PRICE_MODEL_LABELS[model]}
                <span className="role-choice__description">{HINTS[model]}</span>
              </span>
            </label>
          ))}
        </div>
        <FieldError id="priceModel-error" error={errors.priceModel?.[0]} />
      </fieldset>
      {/* Without JavaScript it is always there (the radios cannot show it): the server ignores an
          amount sent with the range. */}
      {hydrated && value.model === "range" ? null : (
        <div className="field">
          <label htmlFor="priceAmount">
            {hydrated ? (value.model === "capped" ? "Cap" : "Fixed price") : "Fixed price or cap"} (
            {cost?.currency ?? "whole units"})
          </label>
          <p className="field__hint" id="priceAmount-hint">
            A whole amount, without cents.
            {cost
              ? ` The plan's likely cost is ${formatEstimate(cost.p50, cost.currency)}, cautious ${formatEstimate(cost.p90, cost.currency)}; an amount below the likely cost is yours to carry if the work runs over.`
              : ""}
          </p>
          <input
            id="priceAmount"
            name="priceAmount"
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            value={value.amount}
            onChange={(e) => onChange({ ...value, amount: e.target.value })}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={describedBy}
          />
          {warning ? (
            <p className="alert alert--warn" id="priceAmount-warning">
              {warning}
            </p>
          ) : null}
          <FieldError id="priceAmount-error" error={amountError} />
        </div>
      )}
    </>
  );
}
