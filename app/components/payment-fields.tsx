// The publish form's payment schedule (decision 040): not stated, monthly in arrears for the time
// spent, or up to six milestones of whole percents summing to 100. Six rows are always there, the
// first ones filled with the previous version's milestones or sensible starting rows, so it works
// without JavaScript; with it, the rows show only for milestones and the sum is kept live. With a
// stated schedule, the days each invoice is due within (optional; empty says nothing about it).
import { Fragment } from "react";

import {
  MAX_DUE_DAYS,
  MAX_MILESTONE_LABEL,
  MAX_MILESTONES,
  PAYMENT_PLAN_LABELS,
  PAYMENT_PLANS,
  dueWords,
  readDueDays,
  type PaymentPlan,
} from "~/utils/payment-schedule";
import type { PriceModel } from "~/utils/price-model";
import { useHydrated } from "~/utils/use-hydrated";

import { FieldError } from "./field";

export type PaymentDraft = {
  plan: PaymentPlan;
  rows: Array<{ label: string; percent: string }>;
  /** the days each invoice is due within, as typed; "" for not stated */
  dueDays: string;
};

const DUE_LABEL = "Invoices due within (days)";

const HINTS: Record<PaymentPlan, string> = {
  none: "The proposal says nothing about when the founder pays.",
  monthly: "An invoice each month for the hours of the month before. For an estimate range or a cap only.",
  milestones:
    "A share of the price at each step, like 30% on signing and the rest as each phase is delivered.",
};

/** The form's field names for a row, as Conform reads them into `milestones`. */
export const milestoneField = (i: number, part: "label" | "percent") => `milestones[${i}].${part}`;
const milestoneId = (i: number, part: "label" | "percent") => `milestone-${i}-${part}`;

/** The summary's link for each payment field: the label it starts with and the id it focuses. */
export function paymentErrorFields(): Record<string, { label: string; id: string }> {
  const fields: Record<string, { label: string; id: string }> = {
    paymentPlan: { label: "Payment schedule", id: "paymentPlan" },
    milestones: { label: "Milestones", id: milestoneId(0, "percent") },
    dueDays: { label: DUE_LABEL, id: "dueDays" },
  };
  for (let i = 0; i < MAX_MILESTONES; i++) {
    fields[milestoneField(i, "label")] = { label: `Milestone ${i + 1}`, id: milestoneId(i, "label") };
    fields[milestoneField(i, "percent")] = {
      label: `Milestone ${i + 1} percent`,
      id: milestoneId(i, "percent"),
    };
  }
  return fields;
}

/** Always six rows: the ones given, then empty ones to add a milestone in (also without JavaScript). */
export function paymentRows(rows: ReadonlyArray<{ label: string; percent: string }>) {
  return Array.from({ length: MAX_MILESTONES }, (_, i) => rows[i] ?? { label: "", percent: "" });
}

/** "Total: 90%, 10% to go": the percents typed so far; rows without a whole number count for nothing. */
function runningSum(rows: PaymentDraft["rows"]): { text: string; ok: boolean } {
  const sum = rows.reduce((a, r) => {
    const p = r.percent.replace(/\s|%/g, "");
    return a + (/^\d+$/.test(p) ? Number(p) : 0);
  }, 0);
  if (sum === 100) return { text: "Total: 100%.", ok: true };
  return {
    text: sum < 100 ? `Total: ${sum}%, ${100 - sum}% to go.` : `Total: ${sum}%, ${sum - 100}% over.`,
    ok: false,
  };
}

/**
 * The schedule as the form now stands, for the preview of what publishing freezes: "Milestones: On
 * signing 30%, On completion 70%", with the total when it is not yet 100, then when each invoice is
 * due ("Each invoice is due within 14 days.", as the proposal will say it) when typed.
 */
export function paymentLine(value: PaymentDraft): string {
  if (value.plan === "none") return PAYMENT_PLAN_LABELS.none;
  return `${scheduleLine(value)}${dueLine(value.dueDays)}`;
}

function scheduleLine(value: PaymentDraft): string {
  if (value.plan !== "milestones") return PAYMENT_PLAN_LABELS[value.plan];
  const rows = value.rows.filter((r) => r.label.trim() || r.percent.trim());
  if (rows.length === 0) return "Milestones, none entered yet";
  const sum = runningSum(value.rows);
  const list = rows.map((r) => `${r.label.trim() || "(unnamed)"} ${r.percent.replace(/\s|%/g, "") || "?"}%`);
  return `Milestones: ${list.join(", ")}${sum.ok ? "" : ` (${sum.text.replace(/^Total: /, "total ").replace(/\.$/, "")})`}`;
}

function dueLine(typed: string): string {
  if (!typed.trim()) return "";
  const days = readDueDays(typed);
  // Not yet valid: say only that, since the field itself says what is wrong (decimals, words, or
  // out of 0–90), in the words readDueDays gives.
  return typeof days === "number"
    ? ` · ${dueWords(days)}`
    : " · invoices due: not a valid number of days yet";
}

export function PaymentFields({
  value,
  onChange,
  priceModel,
  errors,
}: {
  value: PaymentDraft;
  onChange: (next: PaymentDraft) => void;
  /** the price model the form has chosen: monthly billing is for time spent, not a fixed price */
  priceModel: PriceModel;
  errors: Record<string, string[] | undefined>;
}) {
  const hydrated = useHydrated();
  const planError = errors.paymentPlan?.[0];
  const rowsError = errors.milestones?.[0];
  const dueError = errors.dueDays?.[0];
  const setRow = (i: number, part: "label" | "percent", text: string) =>
    onChange({ ...value, rows: value.rows.map((r, j) => (j === i ? { ...r, [part]: text } : r)) });
  const sum = runningSum(value.rows);
  return (
    <>
      <fieldset
        className="field"
        aria-invalid={planError ? true : undefined}
        aria-describedby={planError ? "paymentPlan-error" : undefined}
      >
        <legend id="paymentPlan">Payment schedule</legend>
        <div className="choice-list">
          {PAYMENT_PLANS.map((plan) => (
            <label key={plan} className="choice">
              <input
                type="radio"
                name="paymentPlan"
                value={plan}
                checked={value.plan === plan}
                onChange={() => onChange({ ...value, plan })}
              />
              <span className="role-choice">
                {PAYMENT_PLAN_LABELS[plan]}
                <span className="role-choice__description">{HINTS[plan]}</span>
              </span>
            </label>
          ))}
        </div>
        {hydrated && value.plan === "monthly" && priceModel === "fixed" && !planError ? (
          <p className="alert alert--warn">
            A fixed price is not billed on time: choose milestones, or a cap or the estimate range.
          </p>
        ) : null}
        <FieldError id="paymentPlan-error" error={planError} />
      </fieldset>
      {/* Without JavaScript the rows are always there (the radios cannot show them): the server
          reads them only when Milestones is chosen. With it, another plan keeps them as hidden
          fields: the form still holds them (what was typed is not a change just for being hidden). */}
      {hydrated && value.plan !== "milestones" ? (
        value.rows.map((row, i) => (
          <Fragment key={i}>
            <input type="hidden" name={milestoneField(i, "label")} value={row.label} />
            <input type="hidden" name={milestoneField(i, "percent")} value={row.percent} />
          </Fragment>
        ))
      ) : (
        <fieldset
          className="field"
          aria-describedby={["milestones-hint", rowsError ? "milestones-error" : null]
            .filter(Boolean)
            .join(" ")}
        >
          <legend>Milestones</legend>
          <p className="field__hint" id="milestones-hint">
            Up to {MAX_MILESTONES}, each with a whole percent; together they make exactly 100%. Leave a row
            empty to drop it.
            {hydrated ? "" : " Used only when Milestones is chosen above."}
          </p>
          <table className="milestone-rows">
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col" className="num">
                  Percent
                </th>
              </tr>
            </thead>
            <tbody>
              {value.rows.map((row, i) => {
                const labelError = errors[milestoneField(i, "label")]?.[0];
                const percentError = errors[milestoneField(i, "percent")]?.[0];
                return (
                  <tr key={i}>
                    <td>
                      <label htmlFor={milestoneId(i, "label")} className="visually-hidden">
                        Milestone {i + 1}
                      </label>
                      <input
                        id={milestoneId(i, "label")}
                        name={milestoneField(i, "label")}
                        value={row.label}
                        maxLength={MAX_MILESTONE_LABEL + 20}
                        autoComplete="off"
                        onChange={(e) => setRow(i, "label", e.target.value)}
                        aria-invalid={labelError ? true : undefined}
                        aria-describedby={labelError ? `${milestoneId(i, "label")}-error` : undefined}
                      />
                      <FieldError id={`${milestoneId(i, "label")}-error`} error={labelError} />
                    </td>
                    <td className="num">
                      <label htmlFor={milestoneId(i, "percent")} className="visually-hidden">
                        Milestone {i + 1} percent
                      </label>
                      <input
                        id={milestoneId(i, "percent")}
                        name={milestoneField(i, "percent")}
                        value={row.percent}
                        inputMode="numeric"
                        maxLength={6}
                        size={4}
                        autoComplete="off"
                        onChange={(e) => setRow(i, "percent", e.target.value)}
                        aria-invalid={percentError || rowsError ? true : undefined}
                        aria-describedby={
                          [
                            percentError ? `${milestoneId(i, "percent")}-error` : null,
                            rowsError ? "milestones-error" : null,
                          ]
                            .filter(Boolean)
                            .join(" ") || undefined
                        }
                      />
                      <FieldError id={`${milestoneId(i, "percent")}-error`} error={percentError} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {hydrated ? (
            <p className={sum.ok ? "small" : "small muted"} aria-live="polite" id="milestones-sum">
              {sum.text}
            </p>
          ) : null}
          <FieldError id="milestones-error" error={rowsError} />
        </fieldset>
      )}
      {/* Like the rows: without JavaScript always there, read only with a stated schedule; with it,
          kept as a hidden field while Not stated is chosen, so choosing it back loses nothing. */}
      {hydrated && value.plan === "none" ? (
        <input type="hidden" name="dueDays" value={value.dueDays} />
      ) : (
        <div className="field field--days">
          <label htmlFor="dueDays">{DUE_LABEL}</label>
          <p className="field__hint" id="dueDays-hint">
            Whole days from 0 to {MAX_DUE_DAYS}; 0 means on receipt. Leave it empty to say nothing about it.
            {hydrated ? "" : " Used only with a stated schedule."}
          </p>
          <input
            id="dueDays"
            name="dueDays"
            value={value.dueDays}
            inputMode="numeric"
            maxLength={20}
            size={4}
            autoComplete="off"
            onChange={(e) => onChange({ ...value, dueDays: e.target.value })}
            aria-invalid={dueError ? true : undefined}
            aria-describedby={dueError ? "dueDays-hint dueDays-error" : "dueDays-hint"}
          />
          <FieldError id="dueDays-error" error={dueError} />
        </div>
      )}
    </>
  );
}
